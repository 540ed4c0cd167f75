import { z } from 'zod';
import type { NotificationConfig } from '../model';
import { notificationTargetProblem, type TargetRules } from './notification-target';
import { addProblem, parseOrThrow, strictObject } from './zod-issues';

/** Zod schema of a NotificationConfig; `mode` defaults to 'finish'. */
export function notificationConfigSchema(rules: TargetRules) {
  return strictObject({
    type: z.enum(['queue', 'topic', 'url', 'function']),
    target: z.string(),
    mode: z.enum(['finish', 'change']).default('finish'),
  }).superRefine((n, ctx) => {
    const message = notificationTargetProblem(n.type, n.target, rules);
    if (message) addProblem(ctx, n.target, `${message} for type '${n.type}'`, { path: ['target'] });
  });
}

/**
 * Validates a notification config (a schema's or a ProcessMedia call's) under `field`.
 * Throws ValidationError naming the field, the value and what is allowed.
 */
export function validateNotificationConfig(
  input: unknown,
  field: string,
  rules: TargetRules = {},
): NotificationConfig {
  return parseOrThrow(notificationConfigSchema(rules), input, field);
}
