/** Notification events: the versioned task-event payload, when to send it, the task outbox that holds it until it is queued, its delivery message and its HMAC signature. */
export * from './delivery-message';
export * from './signature';
export * from './task-event';
export * from './outbox';
