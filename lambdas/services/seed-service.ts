import { ValidationError } from '../core/errors';
import { isJsonObject } from '../core/json';
import type { SchemaStatus, Template } from '../core/model';
import type { SchemaInput } from '../core/schemas';
import type { CatalogService } from './catalog-service';

export interface SeedServiceDeps {
  /** The catalog's rules and clock (its allowPrivateCallbackUrls applies to seeded schemas too). */
  catalog: CatalogService;
}

/** What a seed run wrote (unchanged declarations are not rewritten). */
export interface SeedResult {
  templatesWritten: number[];
  schemasWritten: string[];
}

/** A ValidationError's message prefixed with where the declaration is; other errors unchanged. */
function located(where: string, err: unknown): unknown {
  return err instanceof ValidationError
    ? new ValidationError(`${where}: ${err.message}`, err.field, err.code)
    : err;
}

/** Runs `validate`, locating its ValidationError at `where`. */
function at<T>(where: string, validate: () => T): T {
  try {
    return validate();
  } catch (err) {
    throw located(where, err);
  }
}

/**
 * Writes the templates and schemas declared in the CDK app (custom resource) or by the local runtime.
 * Idempotent: a declaration equal to what is stored is not rewritten; a changed one replaces the stored
 * item (id and createdAt kept). Schemas are identified by name; declared status defaults to 'enabled'
 * and an enabled schema keeps its enabledAt. Everything is validated first, like the API does, and
 * nothing is written when any declaration is invalid.
 */
export class SeedService {
  constructor(private readonly deps: SeedServiceDeps) {}

  async apply(declared: { templates: unknown[]; schemas: unknown[] }): Promise<SeedResult> {
    const templates = declared.templates.map((t, i) => this.validateTemplateSeed(t, i));
    const schemas = declared.schemas.map((s, i) => this.validateSchemaSeed(s, i));
    const declaredById = new Map(templates.map((t) => [t.id, t]));
    for (const [i, s] of schemas.entries()) {
      try {
        await this.deps.catalog.checkReferences(s.input.items, declaredById);
      } catch (err) {
        throw located(`Schemas[${i}] (${s.input.name})`, err);
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
      if (isJsonObject(s) && typeof s.name === 'string') await this.deps.catalog.deleteDeclaredSchema(s.name);
    }
    for (const t of declared.templates) {
      if (isJsonObject(t) && typeof t.id === 'number') await this.deps.catalog.deleteDeclaredTemplate(t.id);
    }
  }

  private validateTemplateSeed(seed: unknown, i: number): Template {
    const where = `Templates[${i}]`;
    if (!isJsonObject(seed)) throw new ValidationError(`${where} must be an object`, where);
    try {
      return this.deps.catalog.declaredTemplate(seed);
    } catch (err) {
      if (err instanceof ValidationError && err.field === 'id') {
        throw new ValidationError(`${where}.${err.message}`, `${where}.id`, err.code);
      }
      throw located(`${where} (id ${JSON.stringify(seed.id)})`, err);
    }
  }

  private validateSchemaSeed(seed: unknown, i: number): { input: SchemaInput; status: SchemaStatus } {
    const where = `Schemas[${i}]`;
    if (!isJsonObject(seed)) throw new ValidationError(`${where} must be an object`, where);
    const { status = 'enabled', ...body } = seed;
    if (status !== 'enabled' && status !== 'disabled') {
      throw new ValidationError(
        `${where}.status must be "enabled" or "disabled"; got ${JSON.stringify(status)}`,
      );
    }
    return { input: at(where, () => this.deps.catalog.validateSchema(body)), status };
  }
}
