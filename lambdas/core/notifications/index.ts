/** Notification events: the versioned task-event payload, when to send it, and its HMAC signature. */
export * from './signature';
export * from './task-event';
