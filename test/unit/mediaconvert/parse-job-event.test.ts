import { parseJobStateEvent } from '../../../lambdas/core/mediaconvert';
import { sequenceKeys } from '../../../lambdas/core/naming/output-paths';
import canceled from './events/canceled.json';
import completeAudioOnly from './events/complete-audio-only.json';
import completeFrameCapture from './events/complete-frame-capture.json';
import completeHls from './events/complete-hls.json';
import completeMp4 from './events/complete-mp4.json';
import completeSpriteFrames from './events/complete-sprite-frames.json';
import error from './events/error.json';
import inputInformation from './events/input-information.json';
import notOurs from './events/not-ours.json';
import progressing from './events/progressing.json';
import statusUpdate from './events/status-update.json';

const ids = {
  jobId: '1767323045123-a1b2c3',
  taskId: 't-20260102T030405Z-0123456789abcdef',
  members: [{ no: 2, attempt: 1 }],
  time: '2026-01-02T03:06:41Z',
};

function parse(e: { detail: unknown; time: string }, stackId?: string) {
  return parseJobStateEvent(e.detail, e.time, stackId);
}

describe('parseJobStateEvent', () => {
  it('parses PROGRESSING', () => {
    expect(parse(progressing)).toEqual({ ...ids, status: 'PROGRESSING' });
  });

  it('parses STATUS_UPDATE with the job percentage', () => {
    expect(parse(statusUpdate)).toEqual({ ...ids, status: 'STATUS_UPDATE', progress: 52 });
  });

  it('parses COMPLETE of an MP4 with its facts', () => {
    expect(parse(completeMp4)).toEqual({
      ...ids,
      status: 'COMPLETE',
      progress: 100,
      outputs: [
        {
          bucket: 'out-bucket',
          key: 'results/My_Movie_transcode_100030.mp4',
          kind: 'video',
          container: 'mp4',
          durationMs: 95495,
          width: 1280,
          height: 720,
        },
      ],
    });
  });

  it('parses COMPLETE of HLS: master playlist and renditions', () => {
    const outputs = parse(completeHls)?.outputs;
    expect(outputs).toEqual([
      {
        bucket: 'out-bucket',
        key: 'results/My_Movie_adaptive_100210/index.m3u8',
        kind: 'playlist',
        container: 'hls',
      },
      {
        bucket: 'out-bucket',
        key: 'results/My_Movie_adaptive_100210/index_100210.m3u8',
        kind: 'rendition',
        container: 'hls',
        durationMs: 95520,
        width: 640,
        height: 360,
      },
      {
        bucket: 'out-bucket',
        key: 'results/My_Movie_adaptive_100210/index_100240.m3u8',
        kind: 'rendition',
        container: 'hls',
        durationMs: 95520,
        width: 1920,
        height: 1080,
      },
    ]);
  });

  it('turns a frame capture reported by its last file into one sequence output', () => {
    const outputs = parse(completeFrameCapture)?.outputs;
    expect(outputs).toEqual([
      {
        bucket: 'out-bucket',
        key: 'results/My_Movie_snapshot_10.0000000.jpg',
        lastKey: 'results/My_Movie_snapshot_10.0000002.jpg',
        count: 3,
        kind: 'image',
        container: 'jpg',
        durationMs: expect.any(Number),
        width: 1920,
        height: 1080,
      },
    ]);
    expect(sequenceKeys(outputs![0]!)).toEqual([
      'results/My_Movie_snapshot_10.0000000.jpg',
      'results/My_Movie_snapshot_10.0000001.jpg',
      'results/My_Movie_snapshot_10.0000002.jpg',
    ]);
    const [frames] = parse(completeSpriteFrames)?.outputs ?? [];
    expect(frames).toMatchObject({ kind: 'spriteFrame', durationMs: 95495, count: 10 });
    expect(frames?.lastKey).toBe('results/My_Movie_sprite_30_frames/frame.0000009.jpg');
  });

  it('reads the members of a shared job from mpsSubtasks, lead first', () => {
    const detail = {
      ...progressing.detail,
      userMetadata: { ...progressing.detail.userMetadata, mpsSubtasks: '2.1,5.3,6.1' },
    };
    expect(parseJobStateEvent(detail, ids.time)?.members).toEqual([
      { no: 2, attempt: 1 },
      { no: 5, attempt: 3 },
      { no: 6, attempt: 1 },
    ]);
  });

  it.each(['', '2', '2.1,', '2.1,2.2', '2.1.1', 'a.1', '2.0'])(
    'ignores a malformed mpsSubtasks %p',
    (mpsSubtasks) => {
      const detail = {
        ...progressing.detail,
        userMetadata: { ...progressing.detail.userMetadata, mpsSubtasks },
      };
      expect(parseJobStateEvent(detail, ids.time)).toBeUndefined();
    },
  );

  it('marks a file without video details as audio', () => {
    expect(parse(completeAudioOnly)?.outputs?.[0]).toMatchObject({
      kind: 'audio',
      container: 'mp4',
      durationMs: 95488,
    });
  });

  it('parses ERROR with the code as a string and the message', () => {
    expect(parse(error)).toEqual({
      ...ids,
      status: 'ERROR',
      errorCode: '1040',
      errorMessage:
        'Demuxer: [ReadPacketData File read failed - end of file hit at length [52428800]. Is file truncated?]',
    });
  });

  it('parses CANCELED', () => {
    expect(parse(canceled)).toEqual({ ...ids, status: 'CANCELED' });
  });

  it('ignores statuses the tasks do not track and jobs that are not ours', () => {
    expect(parse(inputInformation)).toBeUndefined();
    expect(parse(notOurs)).toBeUndefined();
    expect(parse(completeMp4, 'another-stack')).toBeUndefined();
    expect(parse(completeMp4, 'stack-1')?.status).toBe('COMPLETE');
    expect(parseJobStateEvent(undefined, ids.time)).toBeUndefined();
    expect(parseJobStateEvent('COMPLETE', ids.time)).toBeUndefined();
  });

  it.each([
    ['mpsSubtaskNo', '0'],
    ['mpsSubtaskNo', 'two'],
    ['mpsAttempt', '1.5'],
    ['mpsTaskId', ''],
    ['mpsStackId', undefined],
  ])('ignores events whose %s is %p', (field, value) => {
    const detail = {
      ...progressing.detail,
      userMetadata: { ...progressing.detail.userMetadata, [field]: value },
    };
    expect(parseJobStateEvent(detail, ids.time)).toBeUndefined();
  });

  it('ignores events without a job id and clamps progress', () => {
    expect(parseJobStateEvent({ ...progressing.detail, jobId: '' }, ids.time)).toBeUndefined();
    const over = { ...statusUpdate.detail, jobProgress: { jobPercentComplete: 140 } };
    expect(parseJobStateEvent(over, ids.time)?.progress).toBe(100);
    const none = { ...statusUpdate.detail, jobProgress: {} };
    expect(parseJobStateEvent(none, ids.time)?.progress).toBeUndefined();
  });
});
