/**
 * mps-aws as a library: the MpsService construct to place in your own stack (or MpsStack, a ready
 * stack), its per-concern constructs, and the task-event contract for subscribers: TypeScript types,
 * the HMAC signature check of HTTPS callbacks, and the JSON Schema (`mps-aws/task-event.schema.json`).
 */
export { MpsService, type MpsServiceProps } from './mps-service';
export { MpsStack, type MpsStackProps } from './mps-stack';
export { MpsAlarms, type MpsAlarmsProps } from './alarms';
export { MpsControlApi, type MpsControlApiProps } from './control-api';
export { type MpsFunctionOptions, MPS_RUNTIME } from './function';
export { MpsIngestion, type MpsIngestionProps } from './ingestion';
export {
  MpsMediaAi,
  type MpsMediaAiProps,
  REKOGNITION_GET_ACTIONS,
  REKOGNITION_START_ACTIONS,
} from './media-ai';
export {
  type ExternalNotificationTargets,
  MpsNotifications,
  type MpsNotificationsProps,
} from './notifications';
export { type MediaConvertAcceleration, MpsProcessing, type MpsProcessingProps } from './processing';
export {
  MpsSeed,
  type MpsSeedProps,
  type ResolvedSeeds,
  resolveSeeds,
  type ResolveSeedsOptions,
  type SchemaSeed,
  type TemplateSeed,
} from './seed';
export { MpsState, type MpsStateProps } from './state';
export { MpsStorage, type MpsStorageProps } from './storage';
export {
  type TaskEvent,
  type TaskEventSubtask,
  type TaskEventType,
  TASK_EVENT_VERSION,
} from '../lambdas/core/notifications/task-event';
export { signPayload, verifySignature } from '../lambdas/core/notifications/signature';
export type {
  SubtaskOutput,
  SubtaskStatus,
  SubtaskType,
  TaskOrigin,
  TaskResult,
  TaskStatus,
} from '../lambdas/core/model';
