/** Tasks: ids, creation from processing items, and the state machine driven by job-state events. */
export * from './abort-restart';
export * from './create-task';
export * from './job-events';
export * from './submission';
export * from './task-ids';
export * from './task-progress';
export * from './task-status';
export * from './interrupted';
