import { ValidationError } from '../core/errors';
import type { SchemaStatus, Template, TemplateType } from '../core/model';
import type { SchemaInput } from '../core/schemas';
import { FIRST_USER_TEMPLATE_ID, isPresetId, validateTemplate } from '../core/templates';
import type { CatalogService } from './catalog-service';

export interface SeedServiceDeps {
  /** The catalog's rules (its allowPrivateCallbackUrls applies to seeded schemas too). */
  catalog: CatalogService;
  now?: () => string;
}

/** What a seed run wrote (unchanged declarations are not rewritten). */
export interface SeedResult {
  templatesWritten: number[];
  schemasWritten: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

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
    const declaredById = new Map(templates.map((t) => [t.id, t]));
    for (const [i, s] of schemas.entries()) {
      try {
        await this.deps.catalog.checkReferences(s.input.items, declaredById);
      } catch (err) {
        if (err instanceof ValidationError) {
          throw new ValidationError(`Schemas[${i}] (${s.input.name}): ${err.message}`, err.field, err.code);
        }
        throw err;
      }
    }

    const result: SeedResult = { templatesWritten: [], schemasWritten: [] };
    for (const template of templates) {
      if (await this.deps.catalog.putDeclaredTemplate(template)) result.templatesWritten.push(template.id);
    }
    for (const { input, status } of schemas) {
      const written = await this.deps.catalog.putDeclaredSchema(input, status);
      if (written) result.schemasWritten.push(written);
    }
    return result;
  }

  /** Deletes the declared schemas (by name) and templates (by id); used only when removal is asked for. */
  async remove(declared: { templates: unknown[]; schemas: unknown[] }): Promise<void> {
    for (const s of declared.schemas) {
      if (isObj(s) && typeof s.name === 'string') await this.deps.catalog.deleteDeclaredSchema(s.name);
    }
    for (const t of declared.templates) {
      if (isObj(t) && typeof t.id === 'number') await this.deps.catalog.deleteDeclaredTemplate(t.id);
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
      const input = this.deps.catalog.validateSchema(withoutMeta(seed, 'status'));
      return { input, status };
    } catch (err) {
      if (err instanceof ValidationError) {
        throw new ValidationError(`${where}: ${err.message}`, err.field, err.code);
      }
      throw err;
    }
  }
}
