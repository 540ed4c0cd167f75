import { locatedError, validateDeclarations } from '../core/declarations';
import { isJsonObject } from '../core/json';
import type { CatalogService } from './catalog-service';

export interface SeedServiceDeps {
  /** The catalog: its rules (callback URLs, the deployment's buckets) and its clock apply to seeds too. */
  catalog: CatalogService;
}

/** What a seed run wrote (unchanged declarations are not rewritten). */
export interface SeedResult {
  templatesWritten: number[];
  schemasWritten: string[];
}

/**
 * Writes the templates and schemas declared in the CDK app (custom resource) or by the local runtime.
 * Idempotent: a declaration equal to what is stored is not rewritten; a changed one replaces the stored
 * item (id and createdAt kept). Schemas are identified by name; declared status defaults to 'enabled'
 * and an enabled schema keeps its enabledAt. Everything is validated first, like the API does
 * (lambdas/core/declarations.ts, which lib/seed.ts also runs at synth), and nothing is written when any
 * declaration is invalid.
 */
export class SeedService {
  constructor(private readonly deps: SeedServiceDeps) {}

  async apply(declared: { templates: unknown[]; schemas: unknown[] }): Promise<SeedResult> {
    const { catalog } = this.deps;
    const { templates, schemas } = validateDeclarations(declared, catalog.rules, catalog.now());
    const declaredById = new Map(templates.map((t) => [t.id, t]));
    for (const [i, s] of schemas.entries()) {
      try {
        await catalog.checkReferences(s.input.items, declaredById);
      } catch (err) {
        throw locatedError(`Schemas[${i}] (${s.input.name})`, err);
      }
    }

    const result: SeedResult = { templatesWritten: [], schemasWritten: [] };
    for (const template of templates) {
      if (await catalog.putDeclaredTemplate(template)) result.templatesWritten.push(template.id);
    }
    for (const { input, status } of schemas) {
      const written = await catalog.putDeclaredSchema(input, status);
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
}
