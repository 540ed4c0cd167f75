import { randomBytes } from 'node:crypto';
import { ConflictError } from '../errors';
import type { Schema } from '../model';
import type { SchemaInput } from './schema-input';

/** A new random schema id: "sch-" followed by 16 hex digits. */
export function newSchemaId(): string {
  return `sch-${randomBytes(8).toString('hex')}`;
}

/** A new schema from validated input. Schemas are created disabled. */
export function newSchema(input: SchemaInput, meta: { id: string; now: string }): Schema {
  return { ...input, id: meta.id, status: 'disabled', createdAt: meta.now, updatedAt: meta.now };
}

/**
 * Enables a schema: only uploads at or after `now` will match it. Enabling an enabled schema returns
 * the same object, so its enabledAt does not move (uploads in between are not dropped).
 */
export function enableSchema(schema: Schema, now: string): Schema {
  if (schema.status === 'enabled') return schema;
  return { ...schema, status: 'enabled', enabledAt: now, updatedAt: now };
}

/** Disables a schema; disabling a disabled schema returns the same object. */
export function disableSchema(schema: Schema, now: string): Schema {
  if (schema.status === 'disabled') return schema;
  return { ...schema, status: 'disabled', updatedAt: now };
}

function assertDisabled(schema: Schema, action: string): void {
  if (schema.status !== 'disabled') {
    throw new ConflictError(
      `schema ${schema.id} is enabled; disable it before it can be ${action}`,
      'ResourceInUse.Schema',
    );
  }
}

/** Replaces a disabled schema's definition (id and createdAt kept). ConflictError if it is enabled. */
export function resetSchema(schema: Schema, input: SchemaInput, now: string): Schema {
  assertDisabled(schema, 'reset');
  return { ...input, id: schema.id, status: 'disabled', createdAt: schema.createdAt, updatedAt: now };
}

/** Throws ConflictError unless the schema is disabled (only disabled schemas can be deleted). */
export function assertSchemaDeletable(schema: Schema): void {
  assertDisabled(schema, 'deleted');
}
