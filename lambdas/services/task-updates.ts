import { NotFoundError } from '../core/errors';
import type { Task } from '../core/model';
import type { TaskStore } from '../core/ports';

/** Outcome of a read-modify-write of one task. */
export interface TaskUpdate {
  before: Task;
  after: Task;
  /** False when `mutate` returned the task unchanged (same version): nothing was written. */
  changed: boolean;
}

/** Sink for task changes (the notification service); `before` undefined = just created. */
export interface TaskChangeListener {
  taskChanged(before: Task | undefined, after: Task): Promise<unknown>;
  /** Re-announces a finished task (same event ids as the first time, so receivers deduplicate). */
  taskFinishRepeated?(task: Task): Promise<unknown>;
}

const MAX_ATTEMPTS = 10;

/**
 * Read-modify-write of one task with optimistic locking: re-reads and re-applies `mutate` when another
 * writer won the race (version conflict), with a small jittered backoff. `mutate` must be pure (it
 * may run several times) and return the same version to signal "no change". Throws NotFoundError for
 * an unknown task and whatever `mutate` throws.
 */
export async function updateTask(
  tasks: TaskStore,
  taskId: string,
  mutate: (task: Task) => Task,
): Promise<TaskUpdate> {
  for (let attempt = 1; ; attempt++) {
    const before = await tasks.get(taskId);
    if (!before) throw new NotFoundError(`task ${taskId} does not exist`);
    const after = mutate(before);
    if (after.version === before.version) return { before, after: before, changed: false };
    if (await tasks.update(after, before.version)) return { before, after, changed: true };
    if (attempt >= MAX_ATTEMPTS) {
      throw new Error(`task ${taskId}: gave up after ${attempt} concurrent-update conflicts`);
    }
    await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
  }
}

/** updateTask + a change listener (notifications) called after each successful write. */
export class TaskUpdater {
  constructor(
    readonly tasks: TaskStore,
    private readonly listener?: TaskChangeListener,
  ) {}

  async update(taskId: string, mutate: (task: Task) => Task): Promise<TaskUpdate> {
    const result = await updateTask(this.tasks, taskId, mutate);
    if (result.changed) await this.listener?.taskChanged(result.before, result.after);
    return result;
  }

  /**
   * Re-sends the finish notifications of a FINISH task. Called when a redelivered terminal job event
   * changes nothing: if enqueueing failed after the task write the first time, the redelivery (the
   * SQS retry of that very event) is what gets the notification out. Delivery is at least once.
   */
  async finishRepeated(task: Task): Promise<void> {
    if (task.status === 'FINISH') await this.listener?.taskFinishRepeated?.(task);
  }

  /** Reports a newly created task to the listener. */
  async created(task: Task): Promise<void> {
    await this.listener?.taskChanged(undefined, task);
  }
}
