/** Template operations: create, list, show, replace, delete. Presets are read-only. */
import { ConflictError, NotFoundError } from '../core/errors';
import type { Schema, Template, TemplateType } from '../core/model';
import type { SchemaStore } from '../core/ports';
import { referencedTemplateIds } from '../core/schemas';
import { isPresetId, validateTemplate } from '../core/templates';
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

function presetReadOnly(id: number, action: string): ConflictError {
  return new ConflictError(
    `template ${id} is a preset; presets cannot be ${action} (create your own template instead)`,
    'PresetReadOnly',
  );
}

async function schemasReferencing(store: SchemaStore, id: number): Promise<Schema[]> {
  const users: Schema[] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.list({ limit: 100, ...(nextToken ? { nextToken } : {}) });
    users.push(...page.items.filter((s) => referencedTemplateIds(s.items).includes(id)));
    nextToken = page.nextToken;
  } while (nextToken);
  return users;
}

export function templateOperations(deps: ApiDeps, now: () => string) {
  async function load(id: number): Promise<Template> {
    const template = await deps.templates.get(id);
    if (!template) throw new NotFoundError(`template ${id} does not exist`, 'TemplateNotFound');
    return template;
  }

  return {
    async create(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const type = templateType(params.type!);
      const input = stripServerFields(requireJsonObject(req), { type });
      const body = validateTemplate(type, input);
      const id = await deps.templates.nextId();
      const at = now();
      const template = { ...body, id, preset: false, createdAt: at, updatedAt: at } as Template;
      await deps.templates.put(template, { expectNew: true });
      return { status: 201, body: template };
    },

    async list(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, ['type', 'includePresets']);
      const type = enumParam(req.query, 'type', TEMPLATE_TYPES);
      const includePresets = boolParam(req.query, 'includePresets') ?? true;
      const all = await deps.templates.list(type ? { type } : {});
      const items = all
        .filter((t) => (!type || t.type === type) && (includePresets || !t.preset))
        .sort((a, b) => a.id - b.id);
      return { status: 200, body: { items } };
    },

    async get(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 200, body: await load(templateIdParam(params.id!)) };
    },

    async replace(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const id = templateIdParam(params.id!);
      if (isPresetId(id)) throw presetReadOnly(id, 'modified');
      const current = await load(id);
      if (current.preset) throw presetReadOnly(id, 'modified');
      const input = stripServerFields(requireJsonObject(req), current);
      const body = validateTemplate(current.type, input);
      const template = {
        ...body,
        id,
        preset: false,
        createdAt: current.createdAt,
        updatedAt: now(),
      } as Template;
      await deps.templates.put(template);
      return { status: 200, body: template };
    },

    async remove(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const id = templateIdParam(params.id!);
      if (isPresetId(id)) throw presetReadOnly(id, 'deleted');
      const current = await load(id);
      if (current.preset) throw presetReadOnly(id, 'deleted');
      const users = await schemasReferencing(deps.schemas, id);
      if (users.length > 0) {
        const names = users.map((s) => `${s.id} (${s.name})`).join(', ');
        throw new ConflictError(
          `template ${id} is used by schema${users.length > 1 ? 's' : ''} ${names}; remove it from them first`,
          'TemplateInUse',
        );
      }
      await deps.templates.delete(id);
      return { status: 204 };
    },
  };
}
