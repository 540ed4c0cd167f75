/**
 * Which subtasks share a job (frame captures need a regular video output in their job), the companion
 * output, and the one acceleration policy.
 */
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import {
  accelerationBlockers,
  buildTaskJobs,
  COMPANION_GROUP_NAME,
  hasRegularVideoOutput,
  isFrameCapture,
  type JobSettings,
} from '../../../lambdas/core/mediaconvert';
import type {
  ProcessingItems,
  SourceInfo,
  Template,
  TranscodeTemplate,
  WatermarkTemplate,
} from '../../../lambdas/core/model';
import { createTask } from '../../../lambdas/core/tasks';
import { templateMap } from './fixtures';

const templates = templateMap();
const SOURCE: SourceInfo = { width: 1920, height: 1080, durationSeconds: 95.5, frameRate: 29.97 };
const SETTINGS: JobSettings = {
  roleArn: 'arn:aws:iam::111122223333:role/Mc',
  stackId: 'stack-1',
  workBucket: 'mps-work',
};

function plan(items: ProcessingItems, settings: Partial<JobSettings> = {}, source = SOURCE) {
  const task = createTask({
    origin: 'api',
    input: { bucket: 'in', key: 'in/clip.mp4' },
    output: { bucket: 'out', directory: 'o/' },
    items,
    idempotencyKey: 'k',
    now: '2026-01-01T00:00:00.000Z',
  });
  return {
    task,
    ...buildTaskJobs({
      task,
      subtasks: task.subtasks,
      templates,
      source,
      settings: { ...SETTINGS, ...settings },
    }),
  };
}

const groupNames = (job: CreateJobCommandInput) => job.Settings!.OutputGroups!.map((g) => g.Name);
const frameCaptureCount = (job: CreateJobCommandInput) =>
  job.Settings!.OutputGroups!.flatMap((g) => g.Outputs ?? []).filter(isFrameCapture).length;

const MIXED: ProcessingItems = {
  transcode: [{ templateId: 100030 }, { templateId: 100010, startTime: 2, endTime: 8 }],
  animatedGraphics: [{ templateId: 20000, startTime: 1, endTime: 3 }],
  snapshotByTimeOffset: [
    {
      templateId: 10,
      offsets: [
        { value: 1, unit: 's' },
        { value: 50, unit: '%' },
      ],
    },
  ],
  sampleSnapshot: [{ templateId: 20 }],
  imageSprite: [{ templateId: 30 }],
};

describe('job planning', () => {
  it('puts whole-source frame captures in the first unclipped transcode’s job, others alone', () => {
    const { jobs, failures } = plan(MIXED);
    expect(failures).toEqual([]);
    // Subtasks: 1 transcode, 2 clipped transcode, 3 gif, 4 snapshots, 5 sample, 6 sprite.
    expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[1, 5, 6], [2], [3], [4]]);
    const [host, clipped, gif, snapshots] = jobs.map((j) => j.request);
    expect(groupNames(host!)).toEqual(['File Group', 'Frame Capture', 'Frame Capture']);
    expect(host!.Settings!.Inputs).toHaveLength(1);
    expect(host!.Settings!.Inputs![0]!.InputClippings).toBeUndefined();
    expect(host!.UserMetadata).toMatchObject({
      mpsSubtaskNo: '1',
      mpsAttempt: '1',
      mpsSubtasks: '1.1,5.1,6.1',
    });
    expect(groupNames(clipped!)).toEqual(['File Group']);
    expect(groupNames(gif!)).toEqual(['GIF']);
    // Stitched inputs (one per offset) cannot host anything else: the snapshots get a companion.
    expect(groupNames(snapshots!)).toEqual(['Frame Capture', COMPANION_GROUP_NAME]);
    expect(snapshots!.Settings!.Inputs).toHaveLength(2);
  });

  it('gives every job with a frame capture a regular video output', () => {
    for (const items of [
      MIXED,
      { sampleSnapshot: [{ templateId: 20 }] },
      { snapshotByTimeOffset: MIXED.snapshotByTimeOffset },
    ]) {
      for (const { request } of plan(items).jobs) {
        if (frameCaptureCount(request) > 0)
          expect(hasRegularVideoOutput(request.Settings!.OutputGroups!)).toBe(true);
      }
    }
  });

  it('shares one companion job among whole-source frame captures when no transcode can host them', () => {
    const { task, jobs } = plan({
      sampleSnapshot: [{ templateId: 20 }, { templateId: 1_000_021 }],
      imageSprite: [{ templateId: 30 }],
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.members.map((m) => m.no)).toEqual([1, 2, 3]);
    const companion = jobs[0]!.request.Settings!.OutputGroups!.find((g) => g.Name === COMPANION_GROUP_NAME)!;
    expect(companion.OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      `s3://mps-work/companions/${task.taskId}/job_companion_1_1`,
    );
    expect(companion.Outputs![0]!.VideoDescription).toMatchObject({
      Width: 192,
      CodecSettings: { Codec: 'H_264' },
    });
    expect(companion.Outputs![0]!.AudioDescriptions).toBeUndefined();
  });

  it('does not host frame captures on an audio-only or clipped transcode', () => {
    const { jobs } = plan({
      transcode: [{ templateId: 1_000_004 }, { templateId: 100030, startTime: 1, endTime: 5 }],
      sampleSnapshot: [{ templateId: 20 }],
    });
    expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[1], [2], [3]]);
    expect(groupNames(jobs[2]!.request)).toContain(COMPANION_GROUP_NAME);
  });

  it('hosts frame captures on an adaptive-streaming job', () => {
    const { jobs } = plan({
      adaptiveStreaming: [{ templateIds: [100210, 100230] }],
      imageSprite: [{ templateId: 30 }],
    });
    expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[1, 2]]);
    expect(groupNames(jobs[0]!.request)).toEqual(['Apple HLS', 'Frame Capture']);
  });

  it('fails only the subtask whose share cannot be built', () => {
    const { jobs, failures } = plan({
      transcode: [{ templateId: 100030 }],
      snapshotByTimeOffset: [{ templateId: 10, offsets: [{ value: 200, unit: 's' }] }],
      sampleSnapshot: [{ templateId: 20 }],
    });
    expect(failures.map((f) => [f.no, f.error.code])).toEqual([[2, 'InvalidInput.InvalidTimeOffset']]);
    expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[1, 3]]);
  });

  it('fails a subtask whose stored template no longer passes the rules, and hosts nothing on it', () => {
    const stored: Template[] = [
      {
        ...(templates.get(100030) as TranscodeTemplate),
        id: 1_000_900,
        preset: false,
        audio: { codec: 'mp3' as never, bitrateKbps: 128, sampleRate: 48000, channels: 2 },
      },
      {
        ...(templates.get(100030) as TranscodeTemplate),
        id: 1_000_901,
        preset: false,
        audio: { codec: 'aac', bitrateKbps: 0, sampleRate: 48000, channels: 6 as never },
      },
      {
        ...(templates.get(1_000_010) as WatermarkTemplate),
        id: 1_000_902,
        image: { bucket: 'brand', key: 'logo.bmp' },
      },
    ];
    const outdated = templateMap(stored);
    const task = createTask({
      origin: 'api',
      input: { bucket: 'in', key: 'in/clip.mp4' },
      output: { bucket: 'out', directory: 'o/' },
      items: {
        transcode: [
          { templateId: 1_000_900 },
          { templateId: 1_000_901 },
          { templateId: 100030, watermarks: [{ templateId: 1_000_902 }] },
        ],
        sampleSnapshot: [{ templateId: 20 }],
      },
      idempotencyKey: 'k',
      now: '2026-01-01T00:00:00.000Z',
    });
    const { jobs, failures } = buildTaskJobs({
      task,
      subtasks: task.subtasks,
      templates: outdated,
      source: SOURCE,
      settings: SETTINGS,
    });
    expect(failures.map((f) => [f.no, f.error.code, f.error.message.split(':')[0]])).toEqual([
      [1, 'InvalidInput.TemplateOutdated', 'template 1000900 no longer passes validation'],
      [2, 'InvalidInput.TemplateOutdated', 'template 1000901 no longer passes validation'],
      [3, 'InvalidInput.TemplateOutdated', 'template 1000902 no longer passes validation'],
    ]);
    expect(failures[0]!.error.message).toContain('audio.codec must be one of "aac", "opus"; got "mp3"');
    expect(failures[2]!.error.message).toContain('convert the BMP to PNG');
    // The sampled snapshots run on their own, with a companion output.
    expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[4]]);
    expect(groupNames(jobs[0]!.request)).toEqual(['Frame Capture', COMPANION_GROUP_NAME]);
  });

  it('is deterministic: the same pending subtasks give the same requests', () => {
    expect(plan(MIXED).jobs).toEqual(plan(MIXED).jobs);
  });
});

describe('acceleration policy', () => {
  it('keeps frame captures out of transcode jobs when acceleration is on, and accelerates what qualifies', () => {
    const { jobs } = plan(MIXED, { acceleration: 'ENABLED' });
    expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[1], [2], [3], [4], [5, 6]]);
    expect(jobs.map((j) => j.request.AccelerationSettings?.Mode)).toEqual([
      'ENABLED', // MP4 H.264
      'ENABLED',
      'PREFERRED', // GIF is not accelerated
      'PREFERRED', // frame capture
      'PREFERRED',
    ]);
  });

  it('with acceleration on, lets a host that cannot be accelerated anyway take the frame captures', () => {
    // H.265 in MOV is not accelerated, so the frame captures cost it nothing.
    const items = { transcode: [{ templateId: 1_000_001 }], sampleSnapshot: [{ templateId: 20 }] };
    for (const acceleration of ['ENABLED', 'PREFERRED'] as const) {
      const { jobs } = plan(items, { acceleration });
      expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[1, 2]]);
      expect(jobs[0]!.request.AccelerationSettings?.Mode).toBe('PREFERRED');
    }
  });

  it('plans every subtask alone with share: false (the fallback for a refused shared job)', () => {
    const task = createTask({
      origin: 'api',
      input: { bucket: 'in', key: 'in/clip.mp4' },
      output: { bucket: 'out', directory: 'o/' },
      items: MIXED,
      idempotencyKey: 'k',
      now: '2026-01-01T00:00:00.000Z',
    });
    const { jobs } = buildTaskJobs({
      task,
      subtasks: task.subtasks,
      templates,
      source: SOURCE,
      settings: SETTINGS,
      share: false,
    });
    expect(jobs.map((j) => j.members.map((m) => m.no))).toEqual([[1], [2], [3], [4], [5], [6]]);
    expect(
      jobs.filter((j) => groupNames(j.request).includes(COMPANION_GROUP_NAME)).map((j) => j.members[0]!.no),
    ).toEqual([4, 5, 6]);
  });

  it('sends PREFERRED and DISABLED as chosen, and nothing when nothing was chosen', () => {
    expect(
      plan(MIXED, { acceleration: 'PREFERRED' }).jobs.every(
        (j) => j.request.AccelerationSettings?.Mode === 'PREFERRED',
      ),
    ).toBe(true);
    const disabled = plan(MIXED, { acceleration: 'DISABLED' }).jobs;
    expect(disabled.every((j) => j.request.AccelerationSettings?.Mode === 'DISABLED')).toBe(true);
    expect(disabled.map((j) => j.members.length)).toEqual([3, 1, 1, 1]);
    expect(plan(MIXED).jobs.every((j) => j.request.AccelerationSettings === undefined)).toBe(true);
  });

  it('names what accelerated transcoding would reject', () => {
    const audioOnly = plan({ transcode: [{ templateId: 1_000_004 }] }, { acceleration: 'ENABLED' }).jobs[0]!
      .request;
    expect(audioOnly.AccelerationSettings?.Mode).toBe('PREFERRED');
    expect(accelerationBlockers(audioOnly.Settings!)).toEqual(['output group 0 has audio-only outputs']);
    const movH265 = plan({ transcode: [{ templateId: 1_000_001 }] }, { acceleration: 'ENABLED' }).jobs[0]!
      .request;
    expect(accelerationBlockers(movH265.Settings!)).toEqual(['output 0.0: H_265 in MOV is not accelerated']);
    const webm = plan({ transcode: [{ templateId: 1_000_002 }] }, { acceleration: 'ENABLED' }).jobs[0]!
      .request;
    expect(webm.AccelerationSettings?.Mode).toBe('ENABLED');
    expect(accelerationBlockers({ ...webm.Settings!, TimecodeConfig: { Source: 'EMBEDDED' } })).toEqual([
      'TimecodeConfig.Source must be ZEROBASED or SPECIFIEDSTART',
    ]);
  });

  it('omits status updates on jobs with an audio-only output, as MediaConvert requires', () => {
    expect(
      plan({ transcode: [{ templateId: 1_000_004 }] }).jobs[0]!.request.StatusUpdateInterval,
    ).toBeUndefined();
    expect(plan({ transcode: [{ templateId: 100030 }] }).jobs[0]!.request.StatusUpdateInterval).toBe(
      'SECONDS_60',
    );
  });
});
