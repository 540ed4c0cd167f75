import { applyJobEvent, mediaConvertErrorCode } from '../../../lambdas/core/tasks';
import { at, jobEvent, outputOf, submittedTask } from './task-fixtures';

const OUTPUT = { bucket: 'out-bucket', key: 'output/a_transcode_100010.mp4', kind: 'video' };

describe('applyJobEvent', () => {
  it('raises progress on STATUS_UPDATE and never lowers it', () => {
    const task = submittedTask();
    const up = applyJobEvent(task, jobEvent(task, 1, { status: 'STATUS_UPDATE', progress: 40 }));
    expect(up).toMatchObject({ changed: true });
    expect(up.task.subtasks[0]?.progress).toBe(40);
    expect(up.task.version).toBe(task.version + 1);
    const down = applyJobEvent(
      up.task,
      jobEvent(task, 1, { status: 'STATUS_UPDATE', progress: 20, time: at(3) }),
    );
    expect(down).toEqual({ task: up.task, changed: false });
  });

  it('marks SUCCESS with outputs, progress 100 and the event time on COMPLETE', () => {
    const task = submittedTask();
    const output = outputOf(task, 2);
    const { task: done, changed } = applyJobEvent(
      task,
      jobEvent(task, 2, { status: 'COMPLETE', time: at(9), outputs: [output, OUTPUT] }),
    );
    expect(changed).toBe(true);
    expect(done.subtasks[1]).toMatchObject({
      status: 'SUCCESS',
      progress: 100,
      // Only the files under the subtask's own prefix are its outputs.
      outputs: [output],
      finishedAt: at(9),
    });
  });

  it('treats a second COMPLETE and a late PROGRESSING as no-ops', () => {
    const task = submittedTask();
    const complete = jobEvent(task, 1, { status: 'COMPLETE', time: at(9), outputs: [OUTPUT] });
    const { task: done } = applyJobEvent(task, complete);
    expect(applyJobEvent(done, complete)).toEqual({ task: done, changed: false });
    expect(applyJobEvent(done, { ...complete, outputs: [] })).toEqual({ task: done, changed: false });
    expect(applyJobEvent(done, jobEvent(task, 1, { status: 'PROGRESSING', time: at(10) }))).toEqual({
      task: done,
      changed: false,
    });
    expect(applyJobEvent(done, jobEvent(task, 1, { status: 'ERROR', time: at(10) })).changed).toBe(false);
  });

  it('sets FAIL with the MediaConvert code and message on ERROR', () => {
    const task = submittedTask();
    const ev = jobEvent(task, 1, {
      status: 'ERROR',
      errorCode: '1010',
      errorMessage: 'Unsupported codec',
      time: at(5),
    });
    const { task: failed } = applyJobEvent(task, ev);
    expect(failed.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: 'MediaConvert.1010',
      errorMessage: 'Unsupported codec',
      finishedAt: at(5),
    });
  });

  it('normalises MediaConvert error codes', () => {
    expect(mediaConvertErrorCode('1010')).toBe('MediaConvert.1010');
    expect(mediaConvertErrorCode('MediaConvert.3450')).toBe('MediaConvert.3450');
    expect(mediaConvertErrorCode(undefined)).toBe('MediaConvert.Unknown');
  });

  it('treats PROGRESSING on a running subtask as a no-op', () => {
    const task = submittedTask();
    expect(applyJobEvent(task, jobEvent(task, 1, { status: 'PROGRESSING', time: at(3) }))).toEqual({
      task,
      changed: false,
    });
  });

  it('lets a late progress report raise the progress of a failed attempt, without reviving it', () => {
    const task = submittedTask();
    const { task: failed } = applyJobEvent(
      task,
      jobEvent(task, 1, { status: 'ERROR', errorCode: '1', time: at(5) }),
    );
    const late = applyJobEvent(
      failed,
      jobEvent(task, 1, { status: 'STATUS_UPDATE', progress: 70, time: at(4) }),
    );
    expect(late.changed).toBe(true);
    expect(late.task.subtasks[0]).toMatchObject({ status: 'FAIL', progress: 70, finishedAt: at(5) });
    const lower = applyJobEvent(
      late.task,
      jobEvent(task, 1, { status: 'STATUS_UPDATE', progress: 30, time: at(3) }),
    );
    expect(lower.changed).toBe(false);
  });

  it('sets ABORTED on CANCELED', () => {
    const task = submittedTask();
    const { task: aborted } = applyJobEvent(task, jobEvent(task, 4, { status: 'CANCELED', time: at(6) }));
    expect(aborted.subtasks[3]).toMatchObject({ status: 'ABORTED', finishedAt: at(6) });
  });

  it('ignores events for another task, an unknown subtask, a stale attempt or a different job', () => {
    const task = submittedTask();
    const ignored = [
      jobEvent(task, 1, { status: 'COMPLETE', taskId: 't-other' }),
      jobEvent(task, 99, { status: 'COMPLETE' }),
      jobEvent(task, 1, { status: 'COMPLETE', attempt: 2 }),
      jobEvent(task, 1, { status: 'COMPLETE', attempt: 0 }),
      jobEvent(task, 1, { status: 'COMPLETE', jobId: 'job-from-elsewhere' }),
    ];
    for (const ev of ignored) expect(applyJobEvent(task, ev)).toEqual({ task, changed: false });
  });

  it('adopts the job id when the event arrives before the submission was recorded', () => {
    const task = submittedTask();
    const unsubmitted = {
      ...task,
      subtasks: task.subtasks.map((s) => ({
        ...s,
        status: 'WAITING' as const,
        jobId: undefined,
        startedAt: undefined,
      })),
    };
    const { task: next } = applyJobEvent(
      unsubmitted,
      jobEvent(task, 1, { status: 'PROGRESSING', jobId: 'job-9', time: at(3) }),
    );
    expect(next.subtasks[0]).toMatchObject({ status: 'PROCESSING', jobId: 'job-9', startedAt: at(3) });
    expect(next.status).toBe('PROCESSING');
  });

  it('finishes the task with the aggregated result when the last subtask ends', () => {
    let task = submittedTask();
    const ends = [
      jobEvent(task, 1, { status: 'COMPLETE', time: at(10) }),
      jobEvent(task, 2, { status: 'ERROR', errorCode: '1999', time: at(12) }),
      jobEvent(task, 3, { status: 'COMPLETE', time: at(11) }),
    ];
    for (const ev of ends) task = applyJobEvent(task, ev).task;
    expect(task).toMatchObject({ status: 'PROCESSING' });
    expect(task.result).toBeUndefined();
    task = applyJobEvent(task, jobEvent(task, 4, { status: 'COMPLETE', time: at(8) })).task;
    expect(task).toMatchObject({
      status: 'FINISH',
      result: 'PARTIAL_FAILURE',
      startedAt: at(1),
      finishedAt: at(12),
    });
  });
});
