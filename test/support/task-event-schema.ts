/** The published task-event JSON Schema (lambdas/core/notifications/task-event.schema.json), with Ajv. */
import Ajv from 'ajv';
import schema from '../../lambdas/core/notifications/task-event.schema.json';

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** Violations of the schema ("<path> <message>"); empty when the event conforms. */
export function taskEventViolations(event: unknown): string[] {
  if (validate(event)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
}
