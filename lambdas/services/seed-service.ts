import { ValidationError } from '../core/errors';
import type { Schema, SchemaStatus, Template, TemplateType } from '../core/model';
import type { SchemaStore, TemplateStore } from '../core/ports';
import {
  checkTemplateReferences,
  enableSchema,
  newSchema,
  newSchemaId,
  referencedTemplateIds,
  type SchemaInput,
  validateSchemaInput,
} from '../core/schemas';
import { FIRST_USER_TEMPLATE_ID, isPresetId, validateTemplate } from '../core/templates';

export interface SeedServiceDeps {
  templates: TemplateStore;
  schemas: SchemaStore;
  /** Accept http:// and private callback URLs in seeded schemas (local runtime only). */
  allowPrivateCallbackUrls?: boolean;
  now?: () => string;
}

/** What a seed run wrote (unchanged declarations are not rewritten). */
export interface SeedResult {
  templatesWritten: number[];
  schemasWritten: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with sorted object keys, to compare declarations regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isObj(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function withoutMeta(value: Obj, ...drop: string[]): Obj {
  const copy = { ...value };
  for (const k of drop) delete copy[k];
  return copy;
}

/**
 * Writes the templates and schemas declared in the CDK app (custom resource) or by the local runtime.
 * Idempotent: a declaration equal to what is stored is not rewritten; a changed one replaces the stored
 * item (id and createdAt kept). Schemas are identified by name; declared status defaults to 'enabled'
 * and an enabled schema keeps its enabledAt. Everything is validated first, like the API does, and
 * nothing is written when any declaration is invalid.
 */
export class SeedService {
  private readonly now: () => string;

  constructor(private readonly deps: SeedServiceDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  async apply(declared: { templates: unknown[]; schemas: unknown[] }): Promise<SeedResult> {
    const now = this.now();
    const templates = declared.templates.map((t, i) => this.validateTemplateSeed(t, i, now));
    const schemas = declared.schemas.map((s, i) => this.validateSchemaSeed(s, i));
    const ids = [...new Set(schemas.flatMap((s) => referencedTemplateIds(s.input.items)))];
    const known = await this.deps.templates.getMany(ids);
    for (const t of templates) known.set(t.id, t);
    schemas.forEach((s, i) => {
      try {
        checkTemplateReferences(s.input.items, known);
      } catch (err) {
        if (err instanceof ValidationError) {
          throw new ValidationError(`Schemas[${i}] (${s.input.name}): ${err.message}`, err.field, err.code);
        }
        throw err;
      }
    });

    const result: SeedResult = { templatesWritten: [], schemasWritten: [] };
    for (const template of templates) {
      const stored = await this.deps.templates.get(template.id);
      const compare = (t: Template) =>
        canonicalJson(withoutMeta(t as unknown as Obj, 'createdAt', 'updatedAt'));
      if (stored && compare(stored) === compare(template)) continue;
      await this.deps.templates.put(stored ? { ...template, createdAt: stored.createdAt } : template);
      result.templatesWritten.push(template.id);
    }
    for (const { input, status } of schemas) {
      const written = await this.writeSchema(input, status, now);
      if (written) result.schemasWritten.push(written);
    }
    return result;
  }

  /** Deletes the declared schemas (by name) and templates (by id); used only when removal is asked for. */
  async remove(declared: { templates: unknown[]; schemas: unknown[] }): Promise<void> {
    for (const s of declared.schemas) {
      const name = isObj(s) && typeof s.name === 'string' ? s.name : undefined;
      const stored = name ? await this.deps.schemas.getByName(name) : undefined;
      if (stored) await this.deps.schemas.delete(stored.id);
    }
    for (const t of declared.templates) {
      const id = isObj(t) && typeof t.id === 'number' ? t.id : undefined;
      if (id !== undefined && !isPresetId(id)) await this.deps.templates.delete(id);
    }
  }

  private validateTemplateSeed(seed: unknown, i: number, now: string): Template {
    const where = `Templates[${i}]`;
    if (!isObj(seed)) throw new ValidationError(`${where} must be an object`, where);
    const { id, type } = seed;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < FIRST_USER_TEMPLATE_ID || isPresetId(id)) {
      throw new ValidationError(
        `${where}.id must be an integer ≥ ${FIRST_USER_TEMPLATE_ID} (ids below are presets); got ${JSON.stringify(id)}`,
        `${where}.id`,
      );
    }
    let body;
    try {
      body = validateTemplate(type as TemplateType, withoutMeta(seed, 'id', 'type'));
    } catch (err) {
      if (err instanceof ValidationError) {
        throw new ValidationError(`${where} (id ${id}): ${err.message}`, err.field, err.code);
      }
      throw err;
    }
    return { ...body, id, preset: false, createdAt: now, updatedAt: now } as Template;
  }

  private validateSchemaSeed(seed: unknown, i: number): { input: SchemaInput; status: SchemaStatus } {
    const where = `Schemas[${i}]`;
    if (!isObj(seed)) throw new ValidationError(`${where} must be an object`, where);
    const status = seed.status ?? 'enabled';
    if (status !== 'enabled' && status !== 'disabled') {
      throw new ValidationError(
        `${where}.status must be "enabled" or "disabled"; got ${JSON.stringify(status)}`,
      );
    }
    try {
      const input = validateSchemaInput(withoutMeta(seed, 'status'), {
        allowInsecureUrls: this.deps.allowPrivateCallbackUrls === true,
      });
      return { input, status };
    } catch (err) {
      if (err instanceof ValidationError) {
        throw new ValidationError(`${where}: ${err.message}`, err.field, err.code);
      }
      throw err;
    }
  }

  /** Creates or replaces one schema; returns its id when something was written. */
  private async writeSchema(
    input: SchemaInput,
    status: SchemaStatus,
    now: string,
  ): Promise<string | undefined> {
    const stored = await this.deps.schemas.getByName(input.name);
    if (!stored) {
      const created = newSchema(input, { id: newSchemaId(), now });
      await this.deps.schemas.put(status === 'enabled' ? enableSchema(created, now) : created, {
        expectNew: true,
      });
      return created.id;
    }
    const storedInput = withoutMeta(
      stored as unknown as Obj,
      'id',
      'status',
      'enabledAt',
      'createdAt',
      'updatedAt',
    );
    if (stored.status === status && canonicalJson(storedInput) === canonicalJson(input)) return undefined;
    const enabledAt = status === 'enabled' && stored.status !== 'enabled' ? now : stored.enabledAt;
    const next: Schema = {
      ...input,
      id: stored.id,
      status,
      ...(enabledAt ? { enabledAt } : {}),
      createdAt: stored.createdAt,
      updatedAt: now,
    };
    await this.deps.schemas.put(next, { expectUpdatedAt: stored.updatedAt });
    return stored.id;
  }
}
