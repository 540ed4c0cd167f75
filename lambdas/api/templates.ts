/** Template routes: create, list, show, replace, delete (rules: services/catalog-service.ts). */
import type { TemplateType } from '../core/model';
import type { ApiDeps } from './deps';
import { BadRequestError, requireJsonObject, type ApiRequest, type ApiResponse } from './http';
import { boolParam, enumParam, onlyParams, templateIdParam } from './params';

export const TEMPLATE_TYPES: readonly TemplateType[] = [
  'transcode',
  'watermark',
  'snapshot',
  'sampleSnapshot',
  'sprite',
  'animatedGraphics',
  'contentReview',
  'aiRecognition',
  'aiAnalysis',
];

/** Fields the server owns; a body may echo them (GET → edit → PUT) only with the current values. */
const SERVER_FIELDS = ['id', 'type', 'preset', 'createdAt', 'updatedAt'] as const;

function templateType(value: string): TemplateType {
  if (!(TEMPLATE_TYPES as readonly string[]).includes(value)) {
    throw new BadRequestError(
      `template type must be one of ${TEMPLATE_TYPES.join(', ')}; got ${JSON.stringify(value)}`,
      'type',
    );
  }
  return value as TemplateType;
}

/** Removes echoed server fields, rejecting ones that differ from `current`. */
function stripServerFields(
  body: Record<string, unknown>,
  current: Partial<Record<(typeof SERVER_FIELDS)[number], unknown>>,
): Record<string, unknown> {
  const rest = { ...body };
  for (const field of SERVER_FIELDS) {
    if (!(field in rest)) continue;
    if (current[field] !== undefined && rest[field] === current[field]) {
      delete rest[field];
      continue;
    }
    const allowed =
      current[field] === undefined
        ? 'it is set by the service'
        : `it must be ${JSON.stringify(current[field])} or absent`;
    throw new BadRequestError(
      `${field} cannot be set; ${allowed}; got ${JSON.stringify(rest[field])}`,
      field,
    );
  }
  return rest;
}

export function templateOperations(deps: Pick<ApiDeps, 'catalog'>) {
  const { catalog } = deps;
  return {
    async create(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const type = templateType(params.type!);
      const template = await catalog.createTemplate(
        type,
        stripServerFields(requireJsonObject(req), { type }),
      );
      return { status: 201, body: template };
    },

    async list(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, ['type', 'includePresets']);
      const type = enumParam(req.query, 'type', TEMPLATE_TYPES);
      const includePresets = boolParam(req.query, 'includePresets') ?? true;
      return {
        status: 200,
        body: { items: await catalog.templates({ ...(type ? { type } : {}), includePresets }) },
      };
    },

    async get(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 200, body: await catalog.template(templateIdParam(params.id!)) };
    },

    async replace(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      // Id, preset and existence are checked before the body is read (404/409 before 400 on the body).
      const template = await catalog.replaceTemplate(templateIdParam(params.id!), (current) =>
        stripServerFields(requireJsonObject(req), current),
      );
      return { status: 200, body: template };
    },

    async remove(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      await catalog.deleteTemplate(templateIdParam(params.id!));
      return { status: 204 };
    },
  };
}
