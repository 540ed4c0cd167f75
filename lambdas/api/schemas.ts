/**
 * Schema (workflow) operations. Schemas are created disabled; only a disabled schema can be replaced
 * (or an enabled one with ?reset=true, which disables it first) or deleted.
 */
import type { SchemaStatus } from '../core/model';
import type { ApiDeps } from './deps';
import { requireJsonObject, type ApiRequest, type ApiResponse } from './http';
import { boolParam, enumParam, intParam, onlyParams, stringParam } from './params';

export const SCHEMA_STATUSES: readonly SchemaStatus[] = ['enabled', 'disabled'];
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Fields a client may echo back from GET (ignored) so that GET → edit → PUT works. */
const SERVER_FIELDS = ['id', 'status', 'enabledAt', 'createdAt', 'updatedAt'];

export function schemaOperations(deps: Pick<ApiDeps, 'catalog'>) {
  const { catalog } = deps;

  function validateBody(req: ApiRequest) {
    const body = requireJsonObject(req);
    for (const f of SERVER_FIELDS) delete body[f];
    return catalog.validateSchema(body);
  }

  return {
    async create(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 201, body: await catalog.createSchema(validateBody(req)) };
    },

    async list(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, ['status', 'limit', 'nextToken']);
      const status = enumParam(req.query, 'status', SCHEMA_STATUSES);
      const limit = intParam(req.query, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
      const nextToken = stringParam(req.query, 'nextToken', 4096);
      const page = await catalog.schemas({
        limit,
        ...(status ? { status } : {}),
        ...(nextToken ? { nextToken } : {}),
      });
      return { status: 200, body: page };
    },

    async get(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 200, body: await catalog.schema(params.id!) };
    },

    async replace(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, ['reset']);
      const reset = boolParam(req.query, 'reset') ?? false;
      return { status: 200, body: await catalog.replaceSchema(params.id!, validateBody(req), { reset }) };
    },

    async enable(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 200, body: await catalog.enableSchema(params.id!) };
    },

    async disable(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 200, body: await catalog.disableSchema(params.id!) };
    },

    async remove(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      await catalog.deleteSchema(params.id!);
      return { status: 204 };
    },
  };
}
