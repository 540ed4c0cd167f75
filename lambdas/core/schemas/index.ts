/** Schemas (workflows): input validation, lifecycle, template reference checks and upload matching. */
export * from './extensions';
export * from './notification-config';
export * from './notification-target';
export * from './processing-items';
export * from './s3-rules';
export * from './stack-buckets';
export * from './schema-index';
export * from './schema-input';
export * from './schema-lifecycle';
export * from './schema-name';
export * from './template-references';
export { parseOffsetInput, TIME_OFFSET_ALLOWED, type TimeOffsetInput } from './time-offset';
