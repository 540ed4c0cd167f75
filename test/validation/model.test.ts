import { validateCreateJob, validateShape } from '../../local/engine/validation';
import { edit, mp4Job, outputPath } from './fixtures';

const O = outputPath(0, 0);
const H264 = `${O}.VideoDescription.CodecSettings.H264Settings`;
const DESTINATION = '$.Settings.OutputGroups[0].OutputGroupSettings.FileGroupSettings.Destination';
const check = (edits: Record<string, unknown>) =>
  validateCreateJob(edit(mp4Job(), edits), { modelOnly: true });

describe('checks against the MediaConvert service model', () => {
  it('accepts the base job', () => {
    expect(validateCreateJob(mp4Job())).toEqual([]);
  });

  it('reports an unknown member, with a hint when a member name is close', () => {
    const path = DESTINATION.replace('Destination', 'Destintion');
    expect(check({ [DESTINATION]: undefined, [path]: 's3://output-bucket/files/' })).toEqual([
      { path, message: 'unknown member "Destintion" of FileGroupSettings (did you mean "Destination"?)' },
    ]);
    expect(check({ [`${O}.Watermark`]: true })).toEqual([
      { path: `${O}.Watermark`, message: 'unknown member "Watermark" of Output' },
    ]);
  });

  it('names the SDK member when the lowerCamelCase REST wire name is used', () => {
    const { Role, Settings } = mp4Job();
    expect(validateCreateJob({ role: Role, settings: Settings })).toEqual([
      {
        path: '$.role',
        message:
          'unknown member "role" of CreateJobRequest ("role" is the REST wire name; the SDK input form uses "Role")',
      },
      {
        path: '$.settings',
        message:
          'unknown member "settings" of CreateJobRequest ("settings" is the REST wire name; the SDK input form uses "Settings")',
      },
      { path: '$.Role', message: 'missing required member "Role" of CreateJobRequest' },
      { path: '$.Settings', message: 'missing required member "Settings" of CreateJobRequest' },
    ]);
  });

  it('reports missing required members, counting null and undefined as absent like the SDK', () => {
    expect(check({ '$.Role': null, '$.AccelerationSettings': { Mode: undefined } })).toEqual([
      {
        path: '$.AccelerationSettings.Mode',
        message: 'missing required member "Mode" of AccelerationSettings',
      },
      { path: '$.Role', message: 'missing required member "Role" of CreateJobRequest' },
    ]);
    expect(check({ '$.Queue': null, [`${O}.NotAMember`]: null })).toEqual([]);
  });

  it('reports JSON type mismatches with the expected type and what was given', () => {
    expect(
      check({
        '$.Settings.Inputs': { FileInput: 's3://input-bucket/a.mov' },
        [`${O}.VideoDescription.Width`]: '1920',
        '$.UserMetadata["asset id"]': 7,
        [`${O}.AudioDescriptions`]: null,
        [`${O}.ContainerSettings`]: ['MP4'],
      }),
    ).toEqual([
      {
        path: '$.Settings.Inputs',
        message:
          'expected a list (array) (__listOfInput), got object {"FileInput":"s3://input-bucket/a.mov"}',
      },
      { path: `${O}.ContainerSettings`, message: 'expected an object (ContainerSettings), got array of 1' },
      {
        path: `${O}.VideoDescription.Width`,
        message: 'expected an integer (__integerMin32Max8192), got string "1920"',
      },
      { path: '$.UserMetadata["asset id"]', message: 'expected a string (__string), got number 7' },
    ]);
  });

  it('accepts only whole numbers for integers, and fractions for doubles', () => {
    expect(check({ [`${H264}.QvbrSettings.QvbrQualityLevel`]: 7.5 })).toEqual([
      {
        path: `${H264}.QvbrSettings.QvbrQualityLevel`,
        message: 'expected an integer (__integerMin1Max10), got 7.5 (not a whole number)',
      },
    ]);
    expect(check({ [`${H264}.QvbrSettings.QvbrQualityLevelFineTune`]: 0.33 })).toEqual([]);
  });

  it('reports enum values that are not allowed, with a hint and the allowed values', () => {
    expect(check({ '$.AccelerationSettings': { Mode: 'ON' } })).toEqual([
      {
        path: '$.AccelerationSettings.Mode',
        message: '"ON" is not a valid AccelerationMode; allowed: DISABLED, ENABLED, PREFERRED',
      },
    ]);
    expect(check({ [`${O}.VideoDescription.CodecSettings.Codec`]: 'H264' })).toEqual([
      {
        path: `${O}.VideoDescription.CodecSettings.Codec`,
        message:
          '"H264" is not a valid VideoCodec (did you mean "H_264"?); allowed: AV1, AVC_INTRA, FRAME_CAPTURE, GIF, ' +
          'H_264, H_265, MPEG2, PASSTHROUGH, PRORES, UNCOMPRESSED, VC3, VP8, ... (2 more)',
      },
    ]);
  });

  it('reports numbers outside @range, bounds included', () => {
    expect(check({ '$.Priority': 51 })).toEqual([
      { path: '$.Priority', message: '51 is out of range; allowed: -50 to 50' },
    ]);
    expect(check({ '$.Priority': -50 })).toEqual([]);
    expect(check({ [`${H264}.MaxBitrate`]: 999 })).toEqual([
      { path: `${H264}.MaxBitrate`, message: '999 is out of range; allowed: 1000 to 1152000000' },
    ]);
  });

  it('counts @length of strings in code points', () => {
    expect(check({ [`${O}.NameModifier`]: '' })).toEqual([
      { path: `${O}.NameModifier`, message: 'has 0 characters; allowed: 1 to 256' },
    ]);
    expect(check({ [`${O}.Extension`]: '😀'.repeat(256) })).toEqual([]);
    expect(check({ [`${O}.Extension`]: '😀'.repeat(257) })).toEqual([
      { path: `${O}.Extension`, message: 'has 257 characters; allowed: 0 to 256' },
    ]);
  });

  it('reports strings that do not match @pattern', () => {
    expect(check({ [DESTINATION]: '/mnt/out/' })).toEqual([
      { path: DESTINATION, message: '"/mnt/out/" does not match the pattern ^s3:\\/\\/.*$' },
    ]);
  });

  it('compiles patterns that are invalid with the u flag ([\\w-]) without it', () => {
    expect(validateShape({ ResourceId: 'asset_42-a' }, 'SpekeKeyProviderCmaf')).toEqual([]);
    expect(validateShape({ ResourceId: 'asset 42' }, 'SpekeKeyProviderCmaf')).toEqual([
      { path: '$.ResourceId', message: '"asset 42" does not match the pattern ^[\\w-]+$' },
    ]);
  });

  it('accepts timestamps as Date, epoch seconds or date-time strings', () => {
    const timing = { StartTime: new Date(0), SubmitTime: 1_700_000_000, FinishTime: '2026-01-01T00:00:00Z' };
    expect(validateShape(timing, 'Timing')).toEqual([]);
    expect(validateShape({ StartTime: 'yesterday' }, 'Timing')).toEqual([
      {
        path: '$.StartTime',
        message:
          'expected a timestamp (Date, epoch seconds or date-time string) (__timestampUnix), got string "yesterday"',
      },
    ]);
  });

  it('reports a request that is not an object', () => {
    expect(validateCreateJob(null)).toEqual([
      { path: '$', message: 'expected an object (CreateJobRequest), got null' },
    ]);
  });
});
