import type { CreateJobCommandInput, Input, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';
import type { SourceInfo, SubtaskItem } from '../../../lambdas/core/model';
import { buildCreateJob, COMPANION_GROUP_NAME } from '../../../lambdas/core/mediaconvert';
import type { JobContext } from '../../../lambdas/core/mediaconvert';
import { PRESETS } from '../../../lambdas/core/templates';
import { catchValidation } from '../templates/catch-validation';
import { subtask, task, templateMap } from './fixtures';

const templates = templateMap();
const SOURCE: SourceInfo = { width: 1920, height: 1080, durationSeconds: 95.5, frameRate: 29.97 };

function build(
  item: SubtaskItem,
  source: SourceInfo = SOURCE,
  extra: Partial<JobContext> = {},
): CreateJobCommandInput {
  const s = subtask(item);
  return buildCreateJob({
    task: task([s]),
    subtask: s,
    templates,
    source,
    roleArn: 'arn:aws:iam::111122223333:role/Mc',
    stackId: 'stack-1',
    workBucket: 'mps-work',
    ...extra,
  });
}

/** The subtask's one output group (a frame-capture job also has the companion group, checked apart). */
function group(job: CreateJobCommandInput): OutputGroup {
  const own = job.Settings!.OutputGroups!.filter((g) => g.Name !== COMPANION_GROUP_NAME);
  expect(own).toHaveLength(1);
  return own[0]!;
}

function output(job: CreateJobCommandInput, i = 0): Output {
  return group(job).Outputs![i]!;
}

function inputs(job: CreateJobCommandInput): Input[] {
  return job.Settings!.Inputs!;
}

describe('buildCreateJob: job envelope', () => {
  it('sets role, metadata, status interval, token and ZEROBASED timecodes', () => {
    const job = build({ type: 'Transcode', item: { templateId: 100030 } });
    expect(job.Role).toBe('arn:aws:iam::111122223333:role/Mc');
    expect(job.Queue).toBeUndefined();
    expect(job.AccelerationSettings).toBeUndefined();
    // A minute between progress updates: each one rewrites the task item.
    expect(job.StatusUpdateInterval).toBe('SECONDS_60');
    expect(job.UserMetadata).toEqual({
      mpsStackId: 'stack-1',
      mpsTaskId: 't-20260102T030405Z-0123456789abcdef',
      mpsSubtaskNo: '1',
      mpsAttempt: '1',
      mpsSubtasks: '1.1',
    });
    expect(job.Settings?.TimecodeConfig).toEqual({ Source: 'ZEROBASED' });
    expect(inputs(job)[0]).toMatchObject({
      FileInput: 's3://in-bucket/uploads/My Movie.mp4',
      VideoSelector: {},
      AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } },
      TimecodeSource: 'ZEROBASED',
    });
    expect(job.ClientRequestToken!.length).toBeLessThanOrEqual(64);
  });

  it('passes queue, acceleration and interval through', () => {
    const queue = 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/mps';
    const job = build({ type: 'Transcode', item: { templateId: 100030 } }, SOURCE, {
      queueArn: queue,
      acceleration: 'PREFERRED',
      statusUpdateInterval: 'SECONDS_30',
    });
    expect(job.Queue).toBe(queue);
    expect(job.AccelerationSettings).toEqual({ Mode: 'PREFERRED' });
    expect(job.StatusUpdateInterval).toBe('SECONDS_30');
    expect(
      build({ type: 'Transcode', item: { templateId: 100030 } }, SOURCE, { acceleration: 'ENABLED' })
        .AccelerationSettings,
    ).toEqual({ Mode: 'ENABLED' });
  });

  it('derives a distinct, stable request token per task, subtask and attempt', () => {
    const item: SubtaskItem = { type: 'Transcode', item: { templateId: 100030 } };
    const tokenOf = (no: number, attempt: number, stackId = 'stack-1') => {
      const s = subtask(item, no, attempt);
      return buildCreateJob({
        task: task([s]),
        subtask: s,
        templates,
        source: {},
        roleArn: 'r',
        stackId,
        workBucket: 'w',
      }).ClientRequestToken;
    };
    expect(tokenOf(1, 1)).toBe(tokenOf(1, 1));
    const tokens = new Set([tokenOf(1, 1), tokenOf(1, 2), tokenOf(2, 1), tokenOf(1, 1, 'stack-2')]);
    expect(tokens.size).toBe(4);
  });

  it('fails with InvalidInput.DefinitionNotExist for a missing or mistyped template', () => {
    const missing = catchValidation(() => build({ type: 'Transcode', item: { templateId: 999 } }));
    expect(missing.code).toBe('InvalidInput.DefinitionNotExist');
    expect(missing.message).toBe('template 999 does not exist');
    const wrong = catchValidation(() =>
      build({ type: 'AnimatedGraphics', item: { templateId: 10, startTime: 0, endTime: 1 } }),
    );
    expect(wrong.message).toBe('template 10 is a snapshot template, not a animatedGraphics template');
    const wm = catchValidation(() =>
      build({ type: 'Transcode', item: { templateId: 100030, watermarks: [{ templateId: 100010 }] } }),
    );
    expect(wm.code).toBe('InvalidInput.DefinitionNotExist');
  });
});

describe('buildCreateJob: transcode', () => {
  it.each(PRESETS.filter((p) => p.type === 'transcode').map((p) => [p.id, p] as const))(
    'maps preset %i',
    (_id, preset) => {
      if (preset.type !== 'transcode') throw new Error('not a transcode preset');
      const job = build({ type: 'Transcode', item: { templateId: preset.id } });
      const g = group(job);
      const o = output(job);
      const hls = preset.container === 'hls';
      expect(g.OutputGroupSettings?.Type).toBe(hls ? 'HLS_GROUP_SETTINGS' : 'FILE_GROUP_SETTINGS');
      expect(o.ContainerSettings?.Container).toBe(hls ? 'M3U8' : 'MP4');
      expect(o.VideoDescription?.Height).toBe(preset.video!.height);
      expect(o.VideoDescription?.Width).toBeUndefined();
      expect(o.VideoDescription?.CodecSettings?.Codec).toBe('H_264');
      expect(o.VideoDescription?.CodecSettings?.H264Settings).toMatchObject({
        RateControlMode: 'VBR',
        Bitrate: preset.video!.bitrateKbps * 1000,
        FramerateControl: 'INITIALIZE_FROM_SOURCE',
        ...(hls ? { GopSizeUnits: 'AUTO' } : { GopSize: 2, GopSizeUnits: 'SECONDS' }),
      });
      expect(o.AudioDescriptions?.[0]?.CodecSettings).toEqual({
        Codec: 'AAC',
        AacSettings: {
          Bitrate: preset.audio!.bitrateKbps * 1000,
          CodingMode: 'CODING_MODE_2_0',
          SampleRate: 48000,
          CodecProfile: 'LC',
          RateControlMode: 'CBR',
        },
      });
    },
  );

  it('writes an MP4 to {prefix}.mp4 and an HLS transcode into its folder', () => {
    const mp4 = group(build({ type: 'Transcode', item: { templateId: 100030 } }));
    expect(mp4.OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      's3://out-bucket/results/My_Movie_transcode_100030',
    );
    expect(mp4.Outputs?.[0]?.NameModifier).toBeUndefined();
    const hls = group(build({ type: 'Transcode', item: { templateId: 1_000_006 } }));
    expect(hls.OutputGroupSettings?.HlsGroupSettings).toMatchObject({
      Destination: 's3://out-bucket/results/My_Movie_transcode_1000006/index',
      SegmentLength: 4,
      MinSegmentLength: 0,
    });
    expect(hls.Outputs?.[0]?.NameModifier).toBe('_1000006');
  });

  it('builds the HLS ladder with one rendition per template', () => {
    const ids = [100210, 100220, 100230, 100240, 100270, 100280];
    const g = group(build({ type: 'AdaptiveStreaming', item: { templateIds: ids } }));
    expect(g.OutputGroupSettings?.HlsGroupSettings).toMatchObject({
      Destination: 's3://out-bucket/results/My_Movie_adaptive_100210/index',
      SegmentLength: 6,
      MinSegmentLength: 0,
      SegmentControl: 'SEGMENTED_FILES',
    });
    expect(g.Outputs?.map((o) => o.NameModifier)).toEqual(ids.map((id) => `_${id}`));
    expect(g.Outputs?.map((o) => o.VideoDescription?.Height)).toEqual([360, 540, 720, 1080, 1440, 2160]);
    expect(g.Outputs?.map((o) => o.VideoDescription?.CodecSettings?.H264Settings?.Bitrate)).toEqual([
      400000, 1000000, 1800000, 2500000, 3000000, 6000000,
    ]);
    expect(
      g.Outputs?.every((o) => o.ContainerSettings?.Container === 'M3U8' && o.OutputSettings?.HlsSettings),
    ).toBe(true);
  });

  it('rejects a non-HLS template in adaptive streaming', () => {
    const err = catchValidation(() =>
      build({ type: 'AdaptiveStreaming', item: { templateIds: [100210, 100030] } }),
    );
    expect(err.message).toContain("template 100030 has container 'mp4'");
  });

  it('maps H.265 QVBR + AAC in MOV', () => {
    const o = output(build({ type: 'Transcode', item: { templateId: 1_000_001 } }));
    expect(o.ContainerSettings).toEqual({ Container: 'MOV', MovSettings: {} });
    expect(o.VideoDescription).toMatchObject({ Width: 1920, Height: 1080 });
    expect(o.VideoDescription?.CodecSettings?.H265Settings).toMatchObject({
      RateControlMode: 'QVBR',
      MaxBitrate: 8_000_000,
      QvbrSettings: { QvbrQualityLevel: 8 },
      FramerateControl: 'SPECIFIED',
      FramerateNumerator: 30000,
      FramerateDenominator: 1001,
      GopSize: 2,
      GopSizeUnits: 'SECONDS',
    });
    expect(o.AudioDescriptions?.[0]?.CodecSettings).toEqual({
      Codec: 'AAC',
      AacSettings: {
        Bitrate: 192000,
        CodingMode: 'CODING_MODE_2_0',
        SampleRate: 44100,
        CodecProfile: 'LC',
        RateControlMode: 'CBR',
      },
    });
  });

  it('maps VP9 + Opus in WebM with the GOP in frames', () => {
    const o = output(build({ type: 'Transcode', item: { templateId: 1_000_002 } }));
    expect(o.ContainerSettings).toEqual({ Container: 'WEBM' });
    expect(o.VideoDescription?.Width).toBe(640);
    expect(o.VideoDescription?.CodecSettings?.Vp9Settings).toMatchObject({
      RateControlMode: 'VBR',
      Bitrate: 900000,
      GopSize: 100,
      FramerateNumerator: 25,
    });
    expect(o.AudioDescriptions?.[0]?.CodecSettings?.OpusSettings).toEqual({
      Bitrate: 104000,
      Channels: 2,
      SampleRate: 48000,
    });
  });

  it('maps AV1 QVBR + automatic stereo AAC in MP4', () => {
    const o = output(build({ type: 'Transcode', item: { templateId: 1_000_003 } }));
    expect(o.VideoDescription?.CodecSettings?.Av1Settings).toMatchObject({
      RateControlMode: 'QVBR',
      MaxBitrate: 8_000_000,
      QvbrSettings: { QvbrQualityLevel: 7 },
      GopSize: 48,
    });
    expect(o.AudioDescriptions?.[0]?.CodecSettings?.AacSettings).toMatchObject({
      Bitrate: 128000,
      CodingMode: 'CODING_MODE_2_0',
      SampleRate: 48000,
    });
  });

  it('omits video when removeVideo and audio (and the audio selector) when removeAudio', () => {
    const audioOnly = build({
      type: 'Transcode',
      item: { templateId: 1_000_004, watermarks: [{ templateId: 1_000_011 }] },
    });
    expect(output(audioOnly).VideoDescription).toBeUndefined();
    expect(output(audioOnly).AudioDescriptions?.[0]?.CodecSettings?.AacSettings).toMatchObject({
      Bitrate: 28000,
      CodingMode: 'CODING_MODE_1_0',
      SampleRate: 22050,
    });
    const silent = build({ type: 'Transcode', item: { templateId: 1_000_005 } });
    expect(output(silent).AudioDescriptions).toBeUndefined();
    expect(inputs(silent)[0]?.AudioSelectors).toBeUndefined();
    expect(output(silent).VideoDescription?.CodecSettings?.H264Settings).toMatchObject({
      RateControlMode: 'CBR',
      Bitrate: 2_000_000,
    });
  });

  it('clips the input on exact frames, or whole seconds without a frame rate', () => {
    const item: SubtaskItem = {
      type: 'Transcode',
      item: { templateId: 100030, startTime: 3.5, endTime: 20 },
    };
    expect(inputs(build(item))[0]?.InputClippings).toEqual([
      { StartTimecode: '00:00:03:14', EndTimecode: '00:00:19:29' },
    ]);
    expect(inputs(build(item, {}))[0]?.InputClippings).toEqual([
      { StartTimecode: '00:00:03:00', EndTimecode: '00:00:20:00' },
    ]);
    expect(
      inputs(build({ type: 'Transcode', item: { templateId: 100030, startTime: 10 } }, { frameRate: 25 }))[0]
        ?.InputClippings,
    ).toEqual([{ StartTimecode: '00:00:10:00' }]);
    expect(
      inputs(build({ type: 'Transcode', item: { templateId: 100030, endTime: 10 } }, {}))[0]?.InputClippings,
    ).toEqual([{ EndTimecode: '00:00:10:00' }]);
    expect(
      inputs(build({ type: 'Transcode', item: { templateId: 100030 } }))[0]?.InputClippings,
    ).toBeUndefined();
  });
});

describe('buildCreateJob: animated GIF', () => {
  it('uses the GIF codec and container with the clip', () => {
    const job = build({ type: 'AnimatedGraphics', item: { templateId: 20000, startTime: 1.25, endTime: 4 } });
    expect(group(job).OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      's3://out-bucket/results/My_Movie_gif_20000',
    );
    expect(output(job)).toEqual({
      ContainerSettings: { Container: 'GIF' },
      VideoDescription: {
        Width: 320,
        ScalingBehavior: 'DEFAULT',
        CodecSettings: {
          Codec: 'GIF',
          GifSettings: {
            FramerateControl: 'SPECIFIED',
            FramerateNumerator: 10,
            FramerateDenominator: 1,
            FramerateConversionAlgorithm: 'DUPLICATE_DROP',
          },
        },
      },
    });
    expect(inputs(job)[0]?.InputClippings).toEqual([
      { StartTimecode: '00:00:01:07', EndTimecode: '00:00:03:29' },
    ]);
    expect(inputs(job)[0]?.AudioSelectors).toBeUndefined();
  });

  it('runs to the end of a shorter source and rejects a start beyond it', () => {
    const job = build({ type: 'AnimatedGraphics', item: { templateId: 20000, startTime: 90, endTime: 100 } });
    expect(inputs(job)[0]?.InputClippings).toEqual([{ StartTimecode: '00:01:29:27' }]);
    const err = catchValidation(() =>
      build({ type: 'AnimatedGraphics', item: { templateId: 20000, startTime: 96, endTime: 100 } }),
    );
    expect(err.code).toBe('InvalidInput.InvalidTimeOffset');
    expect(err.field).toBe('startTime');
  });
});

describe('buildCreateJob: sampled snapshots and sprites', () => {
  it('samples every 10 % of the duration (preset 20)', () => {
    const job = build({ type: 'SampleSnapshot', item: { templateId: 20 } });
    expect(group(job).OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      's3://out-bucket/results/My_Movie_sample_20',
    );
    const o = output(job);
    expect(o.ContainerSettings).toEqual({ Container: 'RAW' });
    expect(o.Extension).toBe('jpg');
    // 10 % of 95.5 s = 9.55 s between captures = 20/191 captures per second.
    expect(o.VideoDescription?.CodecSettings).toEqual({
      Codec: 'FRAME_CAPTURE',
      FrameCaptureSettings: {
        FramerateNumerator: 20,
        FramerateDenominator: 191,
        MaxCaptures: 10,
        Quality: 80,
      },
    });
  });

  it('samples every N seconds', () => {
    const o = output(build({ type: 'SampleSnapshot', item: { templateId: 1_000_021 } }));
    expect(o.VideoDescription?.Height).toBe(240);
    expect(o.VideoDescription?.CodecSettings?.FrameCaptureSettings).toEqual({
      FramerateNumerator: 1,
      FramerateDenominator: 5,
      MaxCaptures: 20,
      Quality: 70,
    });
    const unknownLength = output(build({ type: 'SampleSnapshot', item: { templateId: 1_000_021 } }, {}));
    expect(unknownLength.VideoDescription?.CodecSettings?.FrameCaptureSettings?.MaxCaptures).toBeUndefined();
  });

  it('needs the duration for percent sampling', () => {
    const err = catchValidation(() =>
      build({ type: 'SampleSnapshot', item: { templateId: 20 } }, { width: 10 }),
    );
    expect(err.field).toBe('source.durationSeconds');
    expect(err.code).toBe('InvalidInput');
  });

  it('captures sprite frames into the frames folder at the cell size', () => {
    const preset = build({ type: 'ImageSprite', item: { templateId: 30 } });
    expect(group(preset).OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      's3://out-bucket/results/My_Movie_sprite_30_frames/frame',
    );
    expect(output(preset).VideoDescription?.Width).toBe(160);
    expect(output(preset).VideoDescription?.CodecSettings?.FrameCaptureSettings?.MaxCaptures).toBe(10);
    const timed = output(build({ type: 'ImageSprite', item: { templateId: 1_000_022 } }));
    expect(timed.VideoDescription).toMatchObject({ Width: 256, Height: 144 });
    expect(timed.VideoDescription?.CodecSettings?.FrameCaptureSettings).toEqual({
      FramerateNumerator: 1,
      FramerateDenominator: 2,
      MaxCaptures: 48,
      Quality: 75,
    });
  });
});
