import { formatViolations, RULES, validateCreateJob, validateShape } from '../../local/engine/validation';
import {
  createJob,
  edit,
  fileGroup,
  frameCaptureOutput,
  gifOutput,
  hlsGroup,
  mp4Job,
  mp4Output,
  outputPath,
  watermarkedOutput,
} from './fixtures';

const O = outputPath(0, 0);

/** The rules the validator must implement (the brief's list). */
const REQUIRED_RULES = [
  'frame-capture-needs-regular-output',
  'frame-capture-output-shape',
  'audio-only-status-update',
  'audio-only-captions',
  'audio-only-single-audio',
  'audio-only-container-codec',
  'acceleration-audio-only',
  'acceleration-container-codec',
  'acceleration-dolby-atmos',
  'acceleration-captions',
  'acceleration-m2ts-rate-mode',
  'acceleration-timecode-source',
  'output-group-settings-object',
  'output-container-or-preset',
  'output-name-modifier',
  'mpd-profile-on-demand',
  'video-codec-settings-object',
  'rate-control-bitrate',
  'rate-control-qvbr-max-bitrate',
  'qvbr-settings-only-with-qvbr',
  'par-control-specified',
  'max-output-resolution',
  'image-inserter-file-type',
  'image-inserter-position',
  'image-inserter-unique-layer',
  'audio-codec-settings-object',
  'aac-bitrate-values',
  'aac-cbr-combination',
  'aac-rate-control-groups',
  'aac-raw-format-container',
  'mp3-vbr-quality',
  'opus-values',
  'vorbis-sample-rate',
  'audio-channel-tagging-mov',
];

describe('validateCreateJob', () => {
  it('accepts a job with MP4, HLS, frame capture, GIF and watermarked outputs', () => {
    const job = createJob([
      fileGroup([mp4Output('_hd'), watermarkedOutput('_wm')]),
      hlsGroup(),
      fileGroup([frameCaptureOutput()], 'thumbs'),
      fileGroup([gifOutput()], 'gif'),
    ]);
    expect(validateCreateJob(job)).toEqual([]);
  });

  it('lists model violations first, then semantic ones carrying their rule id', () => {
    const job = edit(mp4Job(), { '$.Priority': 99, [`${O}.VideoDescription.Width`]: 5000 });
    expect(validateCreateJob(job).map((v) => [v.path, v.rule])).toEqual([
      ['$.Priority', undefined],
      [`${O}.VideoDescription.Width`, 'max-output-resolution'],
    ]);
    expect(validateCreateJob(job, { modelOnly: true }).map((v) => v.path)).toEqual(['$.Priority']);
  });

  it('drops a semantic violation at a path that already has a model violation', () => {
    const bitrate = `${O}.AudioDescriptions[0].CodecSettings.AacSettings.Bitrate`;
    expect(validateCreateJob(edit(mp4Job(), { [bitrate]: 130 }))).toEqual([
      { path: bitrate, message: '130 is out of range; allowed: 6000 to 1024000' },
    ]);
    expect(validateCreateJob(edit(mp4Job(), { [bitrate]: 130000 })).map((v) => v.rule)).toEqual([
      'aac-bitrate-values',
    ]);
  });

  it('skips whole-job rules when a JobTemplate is named', () => {
    const thumbsOnly = createJob([fileGroup([frameCaptureOutput()], 'thumbs')]);
    expect(validateCreateJob(thumbsOnly).map((v) => v.rule)).toEqual(['frame-capture-needs-regular-output']);
    expect(validateCreateJob({ ...thumbsOnly, JobTemplate: 'thumbnails-and-mp4' })).toEqual([]);
  });

  it('does not judge the settings of outputs that use a Preset', () => {
    const job = edit(mp4Job(), {
      [`${O}.Preset`]: 'my-h265-preset',
      [`${O}.ContainerSettings`]: undefined,
      [`${O}.VideoDescription.CodecSettings.Codec`]: 'H_265',
    });
    expect(validateCreateJob(job)).toEqual([]);
    expect(validateCreateJob(edit(job, { [`${O}.Preset`]: undefined })).map((v) => v.rule)).toEqual([
      'output-container-or-preset',
      'video-codec-settings-object',
    ]);
  });

  it('reads the request without changing it', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === 'object') Object.values(value).forEach(deepFreeze);
      return Object.freeze(value);
    };
    const job = deepFreeze(edit(mp4Job(), { '$.StatusUpdateInterval': 'SECONDS_5' }));
    const before = JSON.stringify(job);
    expect(validateCreateJob(job)).toHaveLength(1);
    expect(JSON.stringify(job)).toBe(before);
  });
});

describe('validateShape', () => {
  it('checks a value against any shape of the model, with paths from $', () => {
    const settings = mp4Job().Settings;
    expect(validateShape(settings, 'JobSettings')).toEqual([]);
    expect(validateShape({ ...settings, Inputs: 'clip.mov' }, 'JobSettings')).toEqual([
      { path: '$.Inputs', message: 'expected a list (array) (__listOfInput), got string "clip.mov"' },
    ]);
  });

  it('throws for a shape the model does not have', () => {
    expect(() => validateShape({}, 'NoSuchShape')).toThrow('unknown shape NoSuchShape');
  });
});

describe('RULES', () => {
  it('lists every rule exactly once, each with an AWS documentation page and its constraint', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...REQUIRED_RULES].sort());
    for (const rule of RULES) {
      expect(rule.url).toMatch(
        /^https:\/\/docs\.aws\.amazon\.com\/mediaconvert\/latest\/(ug|apireference)\//,
      );
      expect(rule.constraint.length).toBeGreaterThan(20);
    }
  });
});

describe('formatViolations', () => {
  it('writes one "path: message" line per violation', () => {
    expect(
      formatViolations([
        { path: '$.Role', message: 'missing' },
        { path: '$.Priority', message: 'too high', rule: 'x' },
      ]),
    ).toBe('$.Role: missing\n$.Priority: too high');
    expect(formatViolations([])).toBe('');
  });
});
