import { ValidationError } from '../errors';
import type {
  NotificationConfig,
  ProcessingItems,
  S3Location,
  Schema,
  Subtask,
  SubtaskItem,
  Task,
  TaskOrigin,
} from '../model';
import { taskIdFor } from './task-ids';

export const MAX_SESSION_CONTEXT_LENGTH = 1000;

/** A request for a task: ProcessMedia's body once validated, and what a schema match asks for. */
export interface TaskRequest {
  input: S3Location;
  output: { bucket: string; directory: string };
  items: ProcessingItems;
  /** Overrides the schema's notification. */
  notification?: NotificationConfig;
  /** Caller's dedupe key: a retried request with the same SessionId returns the same task. */
  sessionId?: string;
  /** ≤ 1000 characters, echoed in events. */
  sessionContext?: string;
  /** −10..10 (product model), mapped to MediaConvert job priority −50..50 on submission. */
  priority?: number;
}

/** Input of createTask: a request (priority is a submission setting, not stored) plus its provenance. */
export interface CreateTaskArgs extends Omit<TaskRequest, 'priority'> {
  origin: TaskOrigin;
  /** The schema that triggered the task (origin 'schema'); its notification is the default. */
  schema?: Schema;
  idempotencyKey: string;
  /** Creation time; also the time part of the task id. */
  now: string;
  /** Explicit task id; default taskIdFor(idempotencyKey, now). */
  taskId?: string;
}

/**
 * One subtask per item, in the order transcode, adaptiveStreaming, animatedGraphics,
 * snapshotByTimeOffset, sampleSnapshot, imageSprite, contentReview, aiRecognition, aiAnalysis.
 */
export function subtaskItemsOf(items: ProcessingItems): SubtaskItem[] {
  const copy = structuredClone(items);
  return [
    ...(copy.transcode ?? []).map((item) => ({ type: 'Transcode' as const, item })),
    ...(copy.adaptiveStreaming ?? []).map((item) => ({ type: 'AdaptiveStreaming' as const, item })),
    ...(copy.animatedGraphics ?? []).map((item) => ({ type: 'AnimatedGraphics' as const, item })),
    ...(copy.snapshotByTimeOffset ?? []).map((item) => ({ type: 'SnapshotByTimeOffset' as const, item })),
    ...(copy.sampleSnapshot ?? []).map((item) => ({ type: 'SampleSnapshot' as const, item })),
    ...(copy.imageSprite ?? []).map((item) => ({ type: 'ImageSprite' as const, item })),
    ...(copy.contentReview ?? []).map((item) => ({ type: 'ContentReview' as const, item })),
    ...(copy.aiRecognition ?? []).map((item) => ({ type: 'AiRecognition' as const, item })),
    ...(copy.aiAnalysis ?? []).map((item) => ({ type: 'AiAnalysis' as const, item })),
  ];
}

/** A new WAITING task (version 1) with subtasks numbered from 1. Throws ValidationError on bad args. */
export function createTask(args: CreateTaskArgs): Task {
  if (args.sessionContext !== undefined && args.sessionContext.length > MAX_SESSION_CONTEXT_LENGTH) {
    throw new ValidationError(
      `sessionContext must be at most ${MAX_SESSION_CONTEXT_LENGTH} characters; got ${args.sessionContext.length}`,
      'sessionContext',
    );
  }
  const subtasks: Subtask[] = subtaskItemsOf(args.items).map((entry, i) => ({
    ...entry,
    no: i + 1,
    status: 'WAITING',
    attempt: 1,
    progress: 0,
    outputs: [],
    history: [],
  }));
  if (subtasks.length === 0) {
    throw new ValidationError('items must contain at least one processing item; got none', 'items');
  }
  const notification = args.notification ?? args.schema?.notification;
  return {
    taskId: args.taskId ?? taskIdFor(args.idempotencyKey, args.now),
    origin: args.origin,
    ...(args.schema ? { schemaId: args.schema.id, schemaName: args.schema.name } : {}),
    input: { ...args.input },
    output: { ...args.output },
    status: 'WAITING',
    createdAt: args.now,
    subtasks,
    ...(notification ? { notification: { ...notification } } : {}),
    ...(args.sessionId !== undefined ? { sessionId: args.sessionId } : {}),
    ...(args.sessionContext !== undefined ? { sessionContext: args.sessionContext } : {}),
    idempotencyKey: args.idempotencyKey,
    version: 1,
  };
}
