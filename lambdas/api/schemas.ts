/**
 * Schema (workflow) operations. Schemas are created disabled; only a disabled schema can be replaced
 * (or an enabled one with ?reset=true, which disables it first) or deleted.
 */
import { NotFoundError } from '../core/errors';
import type { ProcessingItems, Schema, SchemaStatus } from '../core/model';
import type { TemplateStore } from '../core/ports';
import {
  assertSchemaDeletable,
  checkTemplateReferences,
  disableSchema,
  enableSchema,
  newSchema,
  newSchemaId,
  referencedTemplateIds,
  resetSchema,
  validateSchemaInput,
} from '../core/schemas';
import type { ApiDeps } from './deps';
import { requireJsonObject, type ApiRequest, type ApiResponse } from './http';
import { boolParam, enumParam, intParam, onlyParams, stringParam } from './params';

export const SCHEMA_STATUSES: readonly SchemaStatus[] = ['enabled', 'disabled'];
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Fields a client may echo back from GET (ignored) so that GET → edit → PUT works. */
const SERVER_FIELDS = ['id', 'status', 'enabledAt', 'createdAt', 'updatedAt'];

/** Throws ValidationError (InvalidInput.DefinitionNotExist / InvalidParameter) for bad template references. */
export async function checkReferences(templates: TemplateStore, items: ProcessingItems): Promise<void> {
  checkTemplateReferences(items, await templates.getMany(referencedTemplateIds(items)));
}

export function schemaOperations(deps: ApiDeps, now: () => string) {
  const rules = { allowInsecureUrls: deps.allowPrivateCallbackUrls === true };

  async function load(id: string): Promise<Schema> {
    const schema = await deps.schemas.get(id);
    if (!schema) throw new NotFoundError(`schema ${id} does not exist`, 'SchemaNotFound');
    return schema;
  }

  function validateBody(req: ApiRequest) {
    const body = requireJsonObject(req);
    for (const f of SERVER_FIELDS) delete body[f];
    return validateSchemaInput(body, rules);
  }

  /** Writes `next` unless it is the same object (no change). */
  async function save(current: Schema, next: Schema): Promise<Schema> {
    if (next !== current) await deps.schemas.put(next, { expectUpdatedAt: current.updatedAt });
    return next;
  }

  return {
    async create(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const input = validateBody(req);
      await checkReferences(deps.templates, input.items);
      const schema = newSchema(input, { id: newSchemaId(), now: now() });
      await deps.schemas.put(schema, { expectNew: true });
      return { status: 201, body: schema };
    },

    async list(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, ['status', 'limit', 'nextToken']);
      const status = enumParam(req.query, 'status', SCHEMA_STATUSES);
      const limit = intParam(req.query, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
      const nextToken = stringParam(req.query, 'nextToken', 4096);
      const page = await deps.schemas.list({
        limit,
        ...(status ? { status } : {}),
        ...(nextToken ? { nextToken } : {}),
      });
      return { status: 200, body: page };
    },

    async get(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 200, body: await load(params.id!) };
    },

    async replace(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, ['reset']);
      const reset = boolParam(req.query, 'reset') ?? false;
      const input = validateBody(req);
      await checkReferences(deps.templates, input.items);
      const current = await load(params.id!);
      const at = now();
      // resetSchema throws ConflictError for an enabled schema; ?reset=true disables it first
      const base = reset ? disableSchema(current, at) : current;
      const next = resetSchema(base, input, at);
      await deps.schemas.put(next, { expectUpdatedAt: current.updatedAt });
      return { status: 200, body: next };
    },

    async enable(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const current = await load(params.id!);
      if (current.status !== 'enabled') await checkReferences(deps.templates, current.items);
      return { status: 200, body: await save(current, enableSchema(current, now())) };
    },

    async disable(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const current = await load(params.id!);
      return { status: 200, body: await save(current, disableSchema(current, now())) };
    },

    async remove(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const current = await load(params.id!);
      assertSchemaDeletable(current);
      await deps.schemas.delete(current.id);
      return { status: 204 };
    },
  };
}
