import { createHash } from 'node:crypto';
import type {
  AiSummary,
  NotificationConfig,
  S3Location,
  SubtaskOutput,
  SubtaskStatus,
  SubtaskType,
  Task,
  TaskOrigin,
  TaskResult,
  TaskStatus,
} from '../model';

export type TaskEventType = 'TaskChanged' | 'TaskFinished';

/** Version of the event payload; bumped on any incompatible change. */
export const TASK_EVENT_VERSION = '1';

/** One subtask as delivered in events. Absent values are null so every field is always present. */
export interface TaskEventSubtask {
  no: number;
  type: SubtaskType;
  status: SubtaskStatus;
  attempt: number;
  progress: number;
  startedAt: string | null;
  finishedAt: string | null;
  outputs: SubtaskOutput[];
  errorCode: string | null;
  errorMessage: string | null;
  /** AI subtasks that succeeded: the result in brief. */
  summary?: AiSummary;
}

/** The JSON delivered to notification targets (queue, topic, URL, function). */
export interface TaskEvent {
  version: typeof TASK_EVENT_VERSION;
  /** Deterministic from taskId, task version and event type: receivers can deduplicate on it. */
  eventId: string;
  eventType: TaskEventType;
  /** When the event was built. */
  time: string;
  task: {
    taskId: string;
    status: TaskStatus;
    result: TaskResult | null;
    origin: TaskOrigin;
    schemaId: string | null;
    schemaName: string | null;
    input: S3Location;
    output: { bucket: string; directory: string };
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    subtasks: TaskEventSubtask[];
  };
  sessionId: string | null;
  sessionContext: string | null;
}

/** The deterministic event id of (taskId, version, eventType): "evt-" + 32 hex digits. */
export function taskEventId(taskId: string, version: number, eventType: TaskEventType): string {
  const digest = createHash('sha256').update(`${taskId}\n${version}\n${eventType}`).digest('hex');
  return `evt-${digest.slice(0, 32)}`;
}

/**
 * Builds the versioned event payload for a task. `version` is the task version whose write decided
 * the event (default: the task's own), which with the type gives the eventId.
 */
export function buildTaskEvent(
  task: Task,
  eventType: TaskEventType,
  now: string,
  version: number = task.version,
): TaskEvent {
  return {
    version: TASK_EVENT_VERSION,
    eventId: taskEventId(task.taskId, version, eventType),
    eventType,
    time: now,
    task: {
      taskId: task.taskId,
      status: task.status,
      result: task.result ?? null,
      origin: task.origin,
      schemaId: task.schemaId ?? null,
      schemaName: task.schemaName ?? null,
      input: { ...task.input },
      output: { ...task.output },
      createdAt: task.createdAt,
      startedAt: task.startedAt ?? null,
      finishedAt: task.finishedAt ?? null,
      subtasks: task.subtasks.map((s) => ({
        no: s.no,
        type: s.type,
        status: s.status,
        attempt: s.attempt,
        progress: s.progress,
        startedAt: s.startedAt ?? null,
        finishedAt: s.finishedAt ?? null,
        outputs: s.outputs.map((o) => ({ ...o })),
        errorCode: s.errorCode ?? null,
        errorMessage: s.errorMessage ?? null,
        ...(s.summary ? { summary: { ...s.summary } } : {}),
      })),
    },
    sessionId: task.sessionId ?? null,
    sessionContext: task.sessionContext ?? null,
  };
}

type StateView = Pick<Task, 'status' | 'result' | 'subtasks'>;

function stateKey(task: StateView): string {
  return JSON.stringify([task.status, task.result, task.subtasks.map((s) => [s.status, s.attempt])]);
}

/**
 * Whether a task update from `before` (undefined = just created) to `after` is notified:
 * 'finish' when the task becomes FINISH (again, after a restart); 'change' when the task status,
 * result or any subtask's status or attempt changes (progress alone is not a change).
 */
export function shouldNotify(
  mode: NotificationConfig['mode'],
  before: StateView | undefined,
  after: StateView,
): boolean {
  if (mode === 'finish') return after.status === 'FINISH' && before?.status !== 'FINISH';
  return before === undefined || stateKey(before) !== stateKey(after);
}

/** The event type to send for this update, or undefined when `mode` does not notify it. */
export function notificationEventType(
  mode: NotificationConfig['mode'],
  before: StateView | undefined,
  after: StateView,
): TaskEventType | undefined {
  if (!shouldNotify(mode, before, after)) return undefined;
  return after.status === 'FINISH' && before?.status !== 'FINISH' ? 'TaskFinished' : 'TaskChanged';
}
