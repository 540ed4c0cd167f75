/** Notification events: the versioned task-event payload, when to send it, its delivery message and its HMAC signature. */
export * from './delivery-message';
export * from './signature';
export * from './task-event';
