/** Templates: validation of every template type, presets, length and time-offset parsing. */
export * from './ai-templates';
export * from './codec-rules';
export * from './image-templates';
export { formatLength, LENGTH_ALLOWED, parseLength, parseTimeOffset, TIME_OFFSET_ALLOWED } from './lengths';
export * from './presets';
export * from './transcode-template';
export * from './validate-template';
export * from './watermark-template';
