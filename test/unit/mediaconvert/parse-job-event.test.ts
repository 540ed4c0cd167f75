import { parseJobStateEvent } from '../../../lambdas/core/mediaconvert';
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
  subtaskNo: 2,
  attempt: 1,
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

  it('expands a frame capture reported by its last file to every capture', () => {
    const outputs = parse(completeFrameCapture)?.outputs;
    expect(outputs?.map((o) => [o.key, o.kind, o.width])).toEqual([
      ['results/My_Movie_snapshot_10.0000000.jpg', 'image', 1920],
      ['results/My_Movie_snapshot_10.0000001.jpg', 'image', 1920],
      ['results/My_Movie_snapshot_10.0000002.jpg', 'image', 1920],
    ]);
    const frames = parse(completeSpriteFrames)?.outputs;
    expect(frames).toHaveLength(10);
    expect(frames?.every((o) => o.kind === 'spriteFrame' && o.durationMs === 95495)).toBe(true);
    expect(frames?.[9]?.key).toBe('results/My_Movie_sprite_30_frames/frame.0000009.jpg');
  });

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
