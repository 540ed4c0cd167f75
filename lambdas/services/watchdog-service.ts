import type { Subtask, Task } from '../core/model';
import type { Log, TaskStore } from '../core/ports';
import { failSubtask } from '../core/tasks';
import { SILENT_LOG } from './log';
import type { TaskUpdater } from './task-updates';

export const TIMEOUT_CODE = 'InternalError.Timeout';

export interface WatchdogDeps {
  tasks: TaskStore;
  updater: TaskUpdater;
  stuckSubtaskMinutes: number;
  now?: () => Date;
  log?: Log;
}

/** When the current attempt of a WAITING/PROCESSING subtask last made progress we know of. */
function lastActivity(task: Task, subtask: Subtask): string {
  const previousEnd = subtask.history[subtask.history.length - 1]?.finishedAt;
  const times = [task.createdAt, subtask.startedAt, previousEnd].filter((t): t is string => t !== undefined);
  return times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/**
 * Fails subtasks that have been WAITING or PROCESSING longer than `stuckSubtaskMinutes` (a lost
 * job-state event, a job MediaConvert never ran, a submission that never happened) with code
 * InternalError.Timeout. Submits and cancels nothing; the failure is notified like any change.
 */
export class WatchdogService {
  private readonly now: () => Date;
  private readonly log: Log;

  constructor(private readonly deps: WatchdogDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? SILENT_LOG;
  }

  /** One run; returns the number of subtasks failed. */
  async run(): Promise<number> {
    const now = this.now();
    const limitMs = this.deps.stuckSubtaskMinutes * 60_000;
    const cutoff = new Date(now.getTime() - limitMs).toISOString();
    let failed = 0;
    for (const status of ['WAITING', 'PROCESSING'] as const) {
      let nextToken: string | undefined;
      do {
        const page = await this.deps.tasks.list({
          status,
          to: cutoff,
          limit: 100,
          ...(nextToken ? { nextToken } : {}),
        });
        for (const task of page.items) failed += await this.failStuck(task, now, limitMs);
        nextToken = page.nextToken;
      } while (nextToken);
    }
    return failed;
  }

  private async failStuck(task: Task, now: Date, limitMs: number): Promise<number> {
    const stuckOf = (t: Task): Subtask[] =>
      t.subtasks.filter(
        (s) =>
          (s.status === 'WAITING' || s.status === 'PROCESSING') &&
          now.getTime() - Date.parse(lastActivity(t, s)) > limitMs,
      );
    if (stuckOf(task).length === 0) return 0;
    const minutes = this.deps.stuckSubtaskMinutes;
    let stuck: Subtask[] = [];
    const { changed } = await this.deps.updater.update(task.taskId, (t) => {
      stuck = stuckOf(t);
      const failed = stuck.reduce((acc, s) => {
        const message =
          s.status === 'PROCESSING'
            ? `no completion event for job ${s.jobId ?? '(unknown)'} within ${minutes} minutes; the subtask is considered stuck (restart the task to retry)`
            : `no job was started within ${minutes} minutes; the subtask is considered stuck (restart the task to retry)`;
        return failSubtask(acc, s.no, s.attempt, TIMEOUT_CODE, message, now.toISOString());
      }, t);
      // One write: each failSubtask bumps the version, but the store accepts exactly version + 1.
      return failed.version === t.version ? t : { ...failed, version: t.version + 1 };
    });
    if (!changed) return 0;
    this.log.warn('stuck subtasks failed', { taskId: task.taskId, subtasks: stuck.map((s) => s.no) });
    return stuck.length;
  }
}
