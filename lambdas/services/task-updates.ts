import { NotFoundError } from '../core/errors';
import type { Task } from '../core/model';
import { withDecidedEvent, type NotifyPolicy } from '../core/notifications';
import type { TaskStore } from '../core/ports';
import type { OutboxRelay } from './outbox-relay';

/** Outcome of a read-modify-write of one task. */
export interface TaskUpdate {
  before: Task;
  after: Task;
  /** False when `mutate` returned the task unchanged (same version): nothing was written. */
  changed: boolean;
}

const MAX_ATTEMPTS = 10;

/**
 * Read-modify-write of one task with optimistic locking: re-reads and re-applies `mutate` when another
 * writer won the race (version conflict), with a small jittered backoff. `mutate` must be pure (it
 * may run several times) and return the same version to signal "no change". `current`, when the
 * caller holds the task as just stored, saves the first read. Throws NotFoundError for an unknown task
 * and whatever `mutate` throws.
 */
export async function updateTask(
  tasks: TaskStore,
  taskId: string,
  mutate: (task: Task) => Task,
  current?: Task,
): Promise<TaskUpdate> {
  let known = current;
  for (let attempt = 1; ; attempt++) {
    const before = known ?? (await tasks.get(taskId));
    known = undefined;
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

/** How task writes notify: who is told, and the relay that moves decided events to the NotifyQueue. */
export interface TaskNotifying extends NotifyPolicy {
  relay: OutboxRelay;
  now?: () => string;
}

/** The ids of events in `after`'s outbox that were not in `before`'s: the ones its write decided. */
const decidedIds = (before: Task | undefined, after: Task): string[] =>
  Object.keys(after.outbox ?? {}).filter((id) => !before?.outbox?.[id]);

/**
 * Every task write of the services: the event a change must send is stored in the task's outbox by the
 * same conditional write (create or versioned replace), then relayed to the NotifyQueue. Without
 * `notifying` (tests of task logic alone) nothing is notified.
 */
export class TaskUpdater {
  private readonly now: () => string;

  constructor(
    readonly tasks: TaskStore,
    private readonly notifying?: TaskNotifying,
  ) {
    this.now = notifying?.now ?? (() => new Date().toISOString());
  }

  /** updateTask, with the change's event in the same write, relayed after it. */
  async update(taskId: string, mutate: (task: Task) => Task): Promise<TaskUpdate> {
    const result = await updateTask(this.tasks, taskId, (before) => {
      const after = mutate(before);
      return after.version === before.version ? after : this.withEvent(before, after);
    });
    if (result.changed)
      await this.notifying?.relay.afterWrite(result.after, decidedIds(result.before, result.after));
    return result;
  }

  /**
   * Conditional create of `candidate` with its creation event; on 'exists' the stored task (a
   * redelivery: its events were decided by the first create and are in its outbox or already sent).
   */
  async create(candidate: Task): Promise<{ task: Task; created: boolean }> {
    const task = this.withEvent(undefined, candidate);
    if ((await this.tasks.create(task)) === 'created') {
      await this.notifying?.relay.afterWrite(task, decidedIds(undefined, task));
      return { task, created: true };
    }
    const stored = await this.tasks.get(candidate.taskId);
    if (!stored) throw new Error(`task ${candidate.taskId} exists but could not be read`);
    return { task: stored, created: false };
  }

  private withEvent(before: Task | undefined, after: Task): Task {
    return this.notifying ? withDecidedEvent(before, after, this.notifying, this.now()) : after;
  }
}
