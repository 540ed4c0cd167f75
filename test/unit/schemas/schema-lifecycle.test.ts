import { ConflictError } from '../../../lambdas/core/errors';
import {
  assertSchemaDeletable,
  disableSchema,
  enableSchema,
  newSchema,
  newSchemaId,
  resetSchema,
} from '../../../lambdas/core/schemas/schema-lifecycle';
import { validateSchemaInput } from '../../../lambdas/core/schemas/schema-input';

const input = validateSchemaInput({
  name: 'demo',
  trigger: { bucket: 'in-bucket', directory: 'in/' },
  items: { transcode: [{ templateId: 100010 }] },
  notification: { type: 'function', target: 'cb' },
});
const T1 = '2026-11-24T10:00:00Z';
const T2 = '2026-11-24T11:00:00Z';
const T3 = '2026-11-24T12:00:00Z';

describe('schema lifecycle', () => {
  it('creates schemas disabled, with the given id and time', () => {
    const schema = newSchema(input, { id: 'sch-1', now: T1 });
    expect(schema).toEqual({ ...input, id: 'sch-1', status: 'disabled', createdAt: T1, updatedAt: T1 });
  });

  it('generates distinct sch- ids', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newSchemaId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^sch-[0-9a-f]{16}$/);
  });

  it('enables with enabledAt = now, and keeps enabledAt when enabled again', () => {
    const enabled = enableSchema(newSchema(input, { id: 'sch-1', now: T1 }), T2);
    expect(enabled).toMatchObject({ status: 'enabled', enabledAt: T2, updatedAt: T2 });
    expect(enableSchema(enabled, T3)).toBe(enabled);
  });

  it('disables, and a second disable changes nothing', () => {
    const enabled = enableSchema(newSchema(input, { id: 'sch-1', now: T1 }), T2);
    const disabled = disableSchema(enabled, T3);
    expect(disabled).toMatchObject({ status: 'disabled', updatedAt: T3 });
    expect(disableSchema(disabled, T3)).toBe(disabled);
    expect(enableSchema(disabled, '2026-11-25T00:00:00Z').enabledAt).toBe('2026-11-25T00:00:00Z');
  });

  it('resets only a disabled schema, replacing its whole definition', () => {
    const schema = disableSchema(enableSchema(newSchema(input, { id: 'sch-1', now: T1 }), T2), T2);
    const { notification: _n, ...withoutNotification } = input;
    const replacement = { ...withoutNotification, name: 'renamed' };
    const reset = resetSchema(schema, replacement, T3);
    expect(reset).toEqual({ ...replacement, id: 'sch-1', status: 'disabled', createdAt: T1, updatedAt: T3 });
    expect(() => resetSchema(enableSchema(schema, T3), replacement, T3)).toThrow(ConflictError);
  });

  it('allows deleting only a disabled schema', () => {
    const schema = newSchema(input, { id: 'sch-1', now: T1 });
    expect(() => assertSchemaDeletable(schema)).not.toThrow();
    expect(() => assertSchemaDeletable(enableSchema(schema, T2))).toThrow(
      /disable it before it can be deleted/,
    );
  });
});
