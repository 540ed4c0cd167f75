import type {
  JobStateEvent,
  ProcessingItems,
  Schema,
  SubtaskOutput,
  Task,
} from '../../../lambdas/core/model';
import { subtaskOutputPrefix } from '../../../lambdas/core/naming/output-paths';
import { createTask, markSubmitted } from '../../../lambdas/core/tasks';

export const T0 = '2026-11-24T10:53:11Z';

/** "2026-11-24T10:53:11Z" plus `seconds`. */
export function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString();
}

export const ITEMS: ProcessingItems = {
  imageSprite: [{ templateId: 10 }],
  transcode: [{ templateId: 100010 }, { templateId: 100020, watermarks: [{ templateId: 1_000_001 }] }],
  snapshotByTimeOffset: [{ templateId: 10, offsets: [{ value: 1, unit: 's' }] }],
};

export const SCHEMA: Schema = {
  id: 'sch-0123456789abcdef',
  name: 'demo',
  trigger: { bucket: 'in-bucket', directory: 'input/' },
  output: { bucket: 'out-bucket', directory: 'output/' },
  items: ITEMS,
  notification: { type: 'queue', target: 'arn:aws:sqs:us-east-1:123456789012:q', mode: 'finish' },
  status: 'enabled',
  enabledAt: T0,
  createdAt: T0,
  updatedAt: T0,
};

/** A new task from `items` (default: 4 subtasks). */
export function newTask(items: ProcessingItems = ITEMS): Task {
  return createTask({
    origin: 'schema',
    schema: SCHEMA,
    input: { bucket: 'in-bucket', key: 'input/a.mp4' },
    output: SCHEMA.output,
    items,
    idempotencyKey: 'upload:abc',
    now: T0,
  });
}

/** The task with every subtask submitted as job "job-<no>" at T0 + 1 s. */
export function submittedTask(items: ProcessingItems = ITEMS): Task {
  return newTask(items).subtasks.reduce(
    (task, s) => markSubmitted(task, [{ no: s.no, attempt: s.attempt }], `job-${s.no}`, at(1)),
    newTask(items),
  );
}

/** A file under subtask `no`'s output prefix (what its job writes), e.g. `output/a_transcode_100010.mp4`. */
export function outputOf(task: Task, no: number, suffix = '.mp4', sizeBytes?: number): SubtaskOutput {
  const subtask = task.subtasks.find((s) => s.no === no)!;
  return {
    bucket: task.output.bucket,
    key: `${subtaskOutputPrefix(task, subtask)}${suffix}`,
    kind: 'video',
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
  };
}

/**
 * A job-state event of the job of subtask `no` alone (attempt 1, job "job-<no>", COMPLETE with one file
 * under the subtask's prefix) unless overridden.
 */
export function jobEvent(
  task: Task,
  no: number,
  fields: Partial<JobStateEvent> & { attempt?: number },
): JobStateEvent {
  const { attempt = 1, ...rest } = fields;
  return {
    jobId: `job-${no}`,
    status: 'PROGRESSING',
    time: at(2),
    taskId: task.taskId,
    members: [{ no, attempt }],
    ...(rest.status === 'COMPLETE' && task.subtasks.some((s) => s.no === no)
      ? { outputs: [outputOf(task, no)] }
      : {}),
    ...rest,
  };
}
