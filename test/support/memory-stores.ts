/**
 * In-memory TemplateStore / SchemaStore / TaskStore with the DynamoDB stores' semantics (conditional
 * create/update, version check, name uniqueness, revision counter, presets merged, newest-first
 * listing with an opaque cursor token). For tests of code that needs stores but not DynamoDB.
 */
import { ConflictError, ValidationError } from '../../lambdas/core/errors';
import type { Schema, SchemaStatus, Task, Template, TemplateType } from '../../lambdas/core/model';
import type { Page, SchemaStore, TaskListFilter, TaskStore, TemplateStore } from '../../lambdas/core/ports';
import { FIRST_USER_TEMPLATE_ID, getPreset, isPresetId, PRESETS } from '../../lambdas/core/templates';
import { oldestPendingTime } from '../../lambdas/core/notifications';

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryTemplateStore implements TemplateStore {
  readonly items = new Map<number, Template>();
  private counter = 0;

  async get(id: number) {
    return isPresetId(id) ? getPreset(id) : clone(this.items.get(id));
  }
  async getMany(ids: readonly number[]) {
    const out = new Map<number, Template>();
    for (const id of ids) {
      const t = await this.get(id);
      if (t) out.set(id, t);
    }
    return out;
  }
  async list(filter: { type?: TemplateType } = {}) {
    const users = [...this.items.values()].sort((a, b) => a.id - b.id).map(clone);
    return [...PRESETS, ...users].filter((t: Template) => !filter.type || t.type === filter.type);
  }
  async put(template: Template, opts: { expectNew?: boolean } = {}) {
    if (template.preset || isPresetId(template.id))
      throw new ConflictError(`template ${template.id} is a preset`);
    if (opts.expectNew && this.items.has(template.id))
      throw new ConflictError(`template ${template.id} already exists`);
    this.items.set(template.id, clone(template));
  }
  async delete(id: number) {
    if (isPresetId(id)) throw new ConflictError(`template ${id} is a preset`);
    this.items.delete(id);
  }
  async nextId() {
    for (;;) {
      const id = FIRST_USER_TEMPLATE_ID + this.counter++;
      if (!this.items.has(id)) return id;
    }
  }
}

export class MemorySchemaStore implements SchemaStore {
  readonly items = new Map<string, Schema>();
  private rev = 0;

  async get(id: string) {
    return clone(this.items.get(id));
  }
  async getByName(name: string) {
    return clone([...this.items.values()].find((s) => s.name === name));
  }
  async list(
    filter: { status?: SchemaStatus; limit?: number; nextToken?: string } = {},
  ): Promise<Page<Schema>> {
    const all = [...this.items.values()].filter((s) => !filter.status || s.status === filter.status);
    const start = filter.nextToken ? Number(Buffer.from(filter.nextToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(start)) throw new ValidationError('bad nextToken', 'nextToken');
    const limit = filter.limit ?? 100;
    const items = all.slice(start, start + limit).map(clone);
    return {
      items,
      ...(start + limit < all.length
        ? { nextToken: Buffer.from(String(start + limit)).toString('base64url') }
        : {}),
    };
  }
  async listEnabled() {
    return [...this.items.values()].filter((s) => s.status === 'enabled').map(clone);
  }
  async put(schema: Schema, opts: { expectNew?: boolean; expectUpdatedAt?: string } = {}) {
    const clash = [...this.items.values()].find((s) => s.name === schema.name && s.id !== schema.id);
    if (clash) throw new ConflictError(`a schema named "${schema.name}" already exists (${clash.id})`);
    const stored = this.items.get(schema.id);
    if (opts.expectNew && stored) throw new ConflictError(`schema ${schema.id} already exists`);
    if (opts.expectUpdatedAt !== undefined && stored?.updatedAt !== opts.expectUpdatedAt) {
      throw new ConflictError(`schema ${schema.id} was changed by someone else`);
    }
    this.items.set(schema.id, clone(schema));
    this.rev++;
  }
  async delete(id: string) {
    this.items.delete(id);
    this.rev++;
  }
  async revision() {
    return this.rev;
  }
}

const sortKey = (t: Task) => `${t.createdAt}#${t.taskId}`;

export class MemoryTaskStore implements TaskStore {
  readonly items = new Map<string, Task>();
  /** Number of successful writes (create + update), for assertions. */
  writes = 0;

  async get(taskId: string) {
    return clone(this.items.get(taskId));
  }
  async create(task: Task) {
    if (this.items.has(task.taskId)) return 'exists' as const;
    this.items.set(task.taskId, clone(task));
    this.writes++;
    return 'created' as const;
  }
  async update(task: Task, expectedVersion: number) {
    if (task.version !== expectedVersion + 1) throw new Error('version must be expectedVersion + 1');
    if (this.items.get(task.taskId)?.version !== expectedVersion) return false;
    this.items.set(task.taskId, clone(task));
    this.writes++;
    return true;
  }
  async withPendingEvents(cutoff: string, limit: number): Promise<string[]> {
    return [...this.items.values()]
      .map((t) => ({ t, since: oldestPendingTime(t) }))
      .filter((e): e is { t: Task; since: string } => e.since !== undefined && e.since <= cutoff)
      .sort((a, b) => (a.since < b.since ? -1 : 1))
      .slice(0, limit)
      .map((e) => e.t.taskId);
  }
  async list(filter: TaskListFilter): Promise<Page<Task>> {
    const limit = filter.limit ?? 20;
    const cursor = filter.nextToken ? Buffer.from(filter.nextToken, 'base64url').toString() : undefined;
    const all = [...this.items.values()]
      .filter(
        (t) =>
          (!filter.ids || filter.ids.includes(t.taskId)) &&
          (!filter.status || t.status === filter.status) &&
          (!filter.result || t.result === filter.result) &&
          (!filter.schemaId || t.schemaId === filter.schemaId) &&
          (!filter.from || t.createdAt >= filter.from) &&
          (!filter.to || t.createdAt <= filter.to) &&
          (cursor === undefined || sortKey(t) < cursor),
      )
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    const items = all.slice(0, limit).map(clone);
    const last = items[items.length - 1];
    return {
      items,
      ...(all.length > limit && last && !filter.ids
        ? { nextToken: Buffer.from(sortKey(last)).toString('base64url') }
        : {}),
    };
  }
}

/** The three in-memory stores. */
export function memoryStores() {
  return {
    templates: new MemoryTemplateStore(),
    schemas: new MemorySchemaStore(),
    tasks: new MemoryTaskStore(),
  };
}
