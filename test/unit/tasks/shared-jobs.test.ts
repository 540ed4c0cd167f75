/**
 * Jobs that run several subtasks (frame captures riding along with a transcode): submission, progress,
 * completion with outputs split by prefix, failure and cancellation of every member, abort.
 */
import type { JobStateEvent, ProcessingItems, Task } from '../../../lambdas/core/model';
import {
  abortTask,
  applyJobEvent,
  capErrorMessage,
  markSubmitted,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_HISTORY,
  OUTPUT_MISSING_CODE,
  restartTask,
} from '../../../lambdas/core/tasks';
import { at, newTask, outputOf } from './task-fixtures';

const ITEMS: ProcessingItems = {
  transcode: [{ templateId: 100030 }],
  sampleSnapshot: [{ templateId: 20 }],
  imageSprite: [{ templateId: 30 }],
};
const MEMBERS = [
  { no: 1, attempt: 1 },
  { no: 2, attempt: 1 },
  { no: 3, attempt: 1 },
];

function shared(): Task {
  return markSubmitted(newTask(ITEMS), MEMBERS, 'job-shared', at(1));
}

function event(task: Task, fields: Partial<JobStateEvent>): JobStateEvent {
  return {
    jobId: 'job-shared',
    status: 'PROGRESSING',
    time: at(2),
    taskId: task.taskId,
    members: MEMBERS,
    ...fields,
  };
}

describe('a job shared by several subtasks', () => {
  it('is recorded on every member in one write, with the members listed', () => {
    const task = shared();
    expect(task.version).toBe(2);
    for (const s of task.subtasks) {
      expect(s).toMatchObject({
        status: 'PROCESSING',
        jobId: 'job-shared',
        jobSubtasks: [1, 2, 3],
        startedAt: at(1),
      });
    }
    expect(markSubmitted(task, MEMBERS, 'job-shared', at(5))).toBe(task);
  });

  it('moves every member with the job progress', () => {
    const task = shared();
    const { task: next } = applyJobEvent(task, event(task, { status: 'STATUS_UPDATE', progress: 40 }));
    expect(next.subtasks.map((s) => s.progress)).toEqual([40, 40, 40]);
    expect(next.version).toBe(task.version + 1);
  });

  it('gives each member the files under its own prefix on COMPLETE', () => {
    const task = shared();
    const video = outputOf(task, 1);
    const frames = { ...outputOf(task, 2, '.0000000.jpg'), kind: 'image', count: 10, lastKey: 'x' };
    const sprite = { ...outputOf(task, 3, '_frames/frame.0000000.jpg'), kind: 'spriteFrame', count: 10 };
    const companion = { bucket: 'mps-work', key: 'companions/t/job_companion_1_1.mp4', kind: 'video' };
    const { task: done } = applyJobEvent(
      task,
      event(task, { status: 'COMPLETE', time: at(9), outputs: [video, frames, sprite, companion] }),
    );
    expect(done.subtasks.map((s) => [s.status, s.outputs])).toEqual([
      ['SUCCESS', [video]],
      ['SUCCESS', [frames]],
      ['SUCCESS', [sprite]],
    ]);
    expect(done).toMatchObject({ status: 'FINISH', result: 'SUCCESS', finishedAt: at(9) });
  });

  it('takes composed outputs over the job files, and fails a member the job wrote nothing for', () => {
    const task = shared();
    const sheet = { ...outputOf(task, 3, '.jpg'), kind: 'sprite' };
    const { task: done } = applyJobEvent(
      task,
      event(task, { status: 'COMPLETE', time: at(9), outputs: [outputOf(task, 1)] }),
      new Map([[3, [sheet]]]),
    );
    expect(done.subtasks[2]).toMatchObject({ status: 'SUCCESS', outputs: [sheet] });
    expect(done.subtasks[1]).toMatchObject({ status: 'FAIL', errorCode: OUTPUT_MISSING_CODE, outputs: [] });
    expect(done.subtasks[1]!.errorMessage).toContain('job job-shared completed but reported no file under');
    expect(done.subtasks[1]!.errorMessage).toContain('s3://out-bucket/output/a_sample_20');
    expect(done.result).toBe('PARTIAL_FAILURE');
  });

  it('fails every member on ERROR, each saying which subtasks shared the job', () => {
    const task = shared();
    const { task: failed } = applyJobEvent(
      task,
      event(task, { status: 'ERROR', errorCode: '1010', errorMessage: 'Unable to open input', time: at(4) }),
    );
    expect(failed.subtasks.map((s) => [s.status, s.errorCode])).toEqual([
      ['FAIL', 'MediaConvert.1010'],
      ['FAIL', 'MediaConvert.1010'],
      ['FAIL', 'MediaConvert.1010'],
    ]);
    expect(failed.subtasks[0]!.errorMessage).toBe(
      'Unable to open input (job job-shared also ran subtasks 2, 3; MediaConvert fails a job as a whole)',
    );
    expect(failed.subtasks[2]!.errorMessage).toContain('also ran subtasks 1, 2;');
  });

  it('aborts every member on CANCELED', () => {
    const task = shared();
    const { task: canceled } = applyJobEvent(task, event(task, { status: 'CANCELED', time: at(4) }));
    expect(canceled.subtasks.every((s) => s.status === 'ABORTED')).toBe(true);
    expect(canceled.result).toBe('ABORTED');
  });

  it('cancels the shared job once when the task is aborted', () => {
    expect(abortTask(shared(), at(3)).jobIdsToCancel).toEqual(['job-shared']);
  });

  it('ignores a member whose attempt moved on, and applies to the others', () => {
    const task = shared();
    const restarted = {
      ...task,
      subtasks: task.subtasks.map((s) => (s.no === 2 ? { ...s, attempt: 2 } : s)),
    };
    const { task: done } = applyJobEvent(
      restarted,
      event(restarted, { status: 'ERROR', errorCode: '1999', errorMessage: 'x', time: at(4) }),
    );
    expect(done.subtasks.map((s) => s.status)).toEqual(['FAIL', 'PROCESSING', 'FAIL']);
  });

  it('keeps the membership in the history of a restarted attempt', () => {
    const task = shared();
    const { task: failed } = applyJobEvent(
      task,
      event(task, { status: 'ERROR', errorCode: '3', time: at(4) }),
    );
    const restarted = restartTask(failed, {}, at(5));
    expect(restarted.subtasks[0]!.jobSubtasks).toBeUndefined();
    expect(restarted.subtasks[0]!.history[0]).toMatchObject({
      attempt: 1,
      jobId: 'job-shared',
      jobSubtasks: [1, 2, 3],
    });
  });
});

describe('bounded subtask records', () => {
  it(`keeps the last ${MAX_HISTORY} attempts in the history`, () => {
    let task = newTask({ transcode: [{ templateId: 100030 }] });
    for (let attempt = 1; attempt <= MAX_HISTORY + 3; attempt++) {
      task = markSubmitted(task, [{ no: 1, attempt }], `job-${attempt}`, at(attempt));
      task = applyJobEvent(task, {
        jobId: `job-${attempt}`,
        status: 'ERROR',
        errorCode: '1999',
        time: at(attempt),
        taskId: task.taskId,
        members: [{ no: 1, attempt }],
      }).task;
      task = restartTask(task, {}, at(attempt));
    }
    const s = task.subtasks[0]!;
    expect(s.attempt).toBe(MAX_HISTORY + 4);
    expect(s.history.map((h) => h.attempt)).toEqual([4, 5, 6, 7, 8]);
  });

  it(`cuts error messages to ${MAX_ERROR_MESSAGE_LENGTH} characters`, () => {
    expect(capErrorMessage('short')).toBe('short');
    const long = capErrorMessage('x'.repeat(5000));
    expect(long).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});
