/**
 * Templates and schemas: the rules every writer obeys, whether the control API, the seed custom
 * resource or the local runtime's demo seed. Presets are read-only; a template a schema uses cannot be
 * deleted; every template reference must exist and fit its slot; schemas are created disabled (unless
 * declared enabled by the seed), replaced only while disabled, and deleted only while disabled;
 * callback URLs must be public https unless private ones are allowed (local runtime).
 */
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { isJsonObject, type JsonObject } from '../core/json';
import type {
  NotificationConfig,
  ProcessingItems,
  Schema,
  SchemaStatus,
  Template,
  TemplateType,
} from '../core/model';
import type { FunctionTargets, ObjectHeadReader, Page, SchemaStore, TemplateStore } from '../core/ports';
import type { DeclarationRules } from '../core/declarations';
import {
  assertSchemaDeletable,
  checkStackBuckets,
  checkTemplateReferences,
  disableSchema,
  enableSchema,
  newSchema,
  newSchemaId,
  referencedTemplateIds,
  resetSchema,
  type SchemaInput,
  type StackBuckets,
  validateSchemaInput,
} from '../core/schemas';
import { isPresetId, type TemplateBody, validateTemplate } from '../core/templates';
import { withImageSize } from './watermark-images';

export interface CatalogServiceDeps {
  templates: TemplateStore;
  schemas: SchemaStore;
  /** Accept http:// and private-network callback URLs (local runtime only). @default false */
  allowPrivateCallbackUrls?: boolean;
  /** The buckets the deployment serves (schemas and tasks must name them). @default - any */
  buckets?: StackBuckets;
  /** Current time, ISO-8601 (tests pin it). */
  now?: () => string;
  /**
   * Item kinds this deployment cannot run, and why: schemas, ProcessMedia calls and declarations holding
   * them are refused up front instead of failing their subtasks later. @default - every kind runs
   */
  unavailableItems?: { kinds: readonly (keyof ProcessingItems)[]; reason: string };
  /**
   * Where function notification targets are handler modules (local runtime): a schema's or task's
   * function target must be one that can be invoked. @default - function targets are Lambda functions
   */
  functionTargets?: FunctionTargets;
  /**
   * Reads watermark images (S3 ranged GET): created and updated watermark templates are checked to name
   * an existing PNG/TGA image, whose pixel size they record. @default - images are not read; a watermark
   * template must then give imageWidth/imageHeight when it omits width or height
   */
  watermarkImages?: ObjectHeadReader;
}

/** JSON with sorted object keys, to compare declarations regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isJsonObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function without(value: object, ...drop: string[]): JsonObject {
  const copy: JsonObject = { ...value };
  for (const k of drop) delete copy[k];
  return copy;
}

function presetReadOnly(id: number, action: string): ConflictError {
  return new ConflictError(
    `template ${id} is a preset; presets cannot be ${action} (create your own template instead)`,
    'FailedOperation.PresetReadOnly',
  );
}

export class CatalogService {
  /** The catalog's clock, ISO-8601. */
  readonly now: () => string;

  constructor(private readonly deps: CatalogServiceDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /** Whether callback URLs may be http:// or private (local runtime); ProcessMedia follows it too. */
  get allowsPrivateCallbackUrls(): boolean {
    return this.deps.allowPrivateCallbackUrls === true;
  }

  /** Whether function targets are handler modules (local runtime) rather than Lambda functions. */
  get functionModules(): boolean {
    return this.deps.functionTargets !== undefined;
  }

  /**
   * Throws ValidationError (field `<field>.target`) when a function target cannot be invoked here (a
   * handler module that does not exist or exports no handler). Other targets were checked by validation.
   */
  async checkNotification(
    notification: NotificationConfig | undefined,
    field = 'notification',
  ): Promise<void> {
    const functions = this.deps.functionTargets;
    if (!functions || notification?.type !== 'function') return;
    const problem = await functions.problem(notification.target);
    if (problem) {
      throw new ValidationError(
        `${field}.target ${JSON.stringify(notification.target)} cannot be invoked: ${problem}`,
        `${field}.target`,
      );
    }
  }

  /** The rules declarations are validated under (lambdas/core/declarations.ts). */
  get rules(): DeclarationRules {
    return {
      allowInsecureUrls: this.allowsPrivateCallbackUrls,
      ...(this.functionModules ? { functionModules: true } : {}),
      ...(this.deps.buckets ? { buckets: this.deps.buckets } : {}),
    };
  }

  /** Throws ValidationError when a task reads or writes a bucket the deployment does not serve. */
  checkTaskBuckets(request: { input: { bucket: string }; output: { bucket: string } }): void {
    checkStackBuckets({ input: request.input.bucket, output: request.output.bucket }, this.deps.buckets);
  }

  // ── templates ──────────────────────────────────────────────────────────────────────────────────

  /** The template; NotFoundError (ResourceNotFound.Template) when it does not exist. */
  async template(id: number): Promise<Template> {
    const template = await this.deps.templates.get(id);
    if (!template) throw new NotFoundError(`template ${id} does not exist`, 'ResourceNotFound.Template');
    return template;
  }

  /** The templates of these ids that exist (presets included). */
  templatesById(ids: readonly number[]): Promise<Map<number, Template>> {
    return this.deps.templates.getMany(ids);
  }

  /** Templates by ascending id, optionally of one type and without presets. */
  async templates(filter: { type?: TemplateType; includePresets?: boolean } = {}): Promise<Template[]> {
    const all = await this.deps.templates.list(filter.type ? { type: filter.type } : {});
    return all
      .filter(
        (t) => (!filter.type || t.type === filter.type) && (filter.includePresets !== false || !t.preset),
      )
      .sort((a, b) => a.id - b.id);
  }

  /** Validates `body` as a template of `type` and stores it under the next user id. */
  async createTemplate(type: TemplateType, body: JsonObject): Promise<Template> {
    const valid = await this.checkedTemplate(type, body);
    const id = await this.deps.templates.nextId();
    const at = this.now();
    const template = { ...valid, id, preset: false, createdAt: at, updatedAt: at } as Template;
    await this.deps.templates.put(template, { expectNew: true });
    return template;
  }

  /**
   * Replaces a user template with `bodyOf(current)`, validated as a template of the current type
   * (the type never changes). Presets are read-only.
   */
  async replaceTemplate(id: number, bodyOf: (current: Template) => JsonObject): Promise<Template> {
    if (isPresetId(id)) throw presetReadOnly(id, 'modified');
    const current = await this.template(id);
    if (current.preset) throw presetReadOnly(id, 'modified');
    const valid = await this.checkedTemplate(current.type, bodyOf(current));
    const template = {
      ...valid,
      id,
      preset: false,
      createdAt: current.createdAt,
      updatedAt: this.now(),
    } as Template;
    await this.deps.templates.put(template);
    return template;
  }

  /** Validates a template body; a watermark's image is read (exists, PNG/TGA, its pixel size). */
  private async checkedTemplate(type: TemplateType, body: JsonObject): Promise<TemplateBody> {
    const valid = validateTemplate(type, body);
    return valid.type === 'watermark' ? withImageSize(valid, this.deps.watermarkImages) : valid;
  }

  /** Deletes a user template no schema uses (ConflictError ResourceInUse.Template names the schemas that do). */
  async deleteTemplate(id: number): Promise<void> {
    if (isPresetId(id)) throw presetReadOnly(id, 'deleted');
    const current = await this.template(id);
    if (current.preset) throw presetReadOnly(id, 'deleted');
    const users = await this.schemasUsing(id);
    if (users.length > 0) {
      const names = users.map((s) => `${s.id} (${s.name})`).join(', ');
      throw new ConflictError(
        `template ${id} is used by schema${users.length > 1 ? 's' : ''} ${names}; remove it from them first`,
        'ResourceInUse.Template',
      );
    }
    await this.deps.templates.delete(id);
  }

  /**
   * Stores a declared (seeded) user template under its own id unless an equal one is stored already;
   * a replaced template keeps its createdAt. Returns whether it wrote.
   */
  async putDeclaredTemplate(template: Template): Promise<boolean> {
    if (isPresetId(template.id) || template.preset) throw presetReadOnly(template.id, 'declared');
    const stored = await this.deps.templates.get(template.id);
    const compare = (t: Template) => canonicalJson(without(t, 'createdAt', 'updatedAt'));
    if (stored && compare(stored) === compare(template)) return false;
    await this.deps.templates.put(stored ? { ...template, createdAt: stored.createdAt } : template);
    return true;
  }

  private async schemasUsing(id: number): Promise<Schema[]> {
    const users: Schema[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.deps.schemas.list({ limit: 100, ...(nextToken ? { nextToken } : {}) });
      users.push(...page.items.filter((s) => referencedTemplateIds(s.items).includes(id)));
      nextToken = page.nextToken;
    } while (nextToken);
    return users;
  }

  // ── references ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Throws ValidationError (InvalidParameter.DefinitionNotExist / InvalidParameter) when an item refers to a
   * template that does not exist or does not fit its slot, or is of a kind this deployment cannot run.
   * `declared` templates count as existing.
   */
  async checkReferences(items: ProcessingItems, declared?: ReadonlyMap<number, Template>): Promise<void> {
    const unavailable = this.deps.unavailableItems;
    for (const kind of unavailable?.kinds ?? []) {
      if (items[kind]?.length) {
        throw new ValidationError(`items.${kind}: ${unavailable!.reason}`, `items.${kind}`);
      }
    }
    const known = await this.deps.templates.getMany(referencedTemplateIds(items));
    for (const [id, t] of declared ?? []) known.set(id, t);
    checkTemplateReferences(items, known);
  }

  // ── schemas ────────────────────────────────────────────────────────────────────────────────────

  /** Validates a schema body (name, trigger, items, notification) under this deployment's URL and bucket rules. */
  validateSchema(body: unknown): SchemaInput {
    const input = validateSchemaInput(body, {
      allowInsecureUrls: this.allowsPrivateCallbackUrls,
      functionModules: this.functionModules,
    });
    checkStackBuckets({ trigger: input.trigger.bucket, output: input.output.bucket }, this.deps.buckets);
    return input;
  }

  /** The schema; NotFoundError (ResourceNotFound.Schema) when it does not exist. */
  async schema(id: string): Promise<Schema> {
    const schema = await this.deps.schemas.get(id);
    if (!schema) throw new NotFoundError(`schema ${id} does not exist`, 'ResourceNotFound.Schema');
    return schema;
  }

  schemas(filter: { status?: SchemaStatus; limit?: number; nextToken?: string }): Promise<Page<Schema>> {
    return this.deps.schemas.list(filter);
  }

  /** Every enabled schema (what uploads are matched against). */
  enabledSchemas(): Promise<Schema[]> {
    return this.deps.schemas.listEnabled();
  }

  /** The schema of that name, if any. */
  schemaByName(name: string): Promise<Schema | undefined> {
    return this.deps.schemas.getByName(name);
  }

  /** Creates a disabled schema after checking its template references. */
  async createSchema(input: SchemaInput): Promise<Schema> {
    await this.checkReferences(input.items);
    await this.checkNotification(input.notification);
    const schema = newSchema(input, { id: newSchemaId(), now: this.now() });
    await this.deps.schemas.put(schema, { expectNew: true });
    return schema;
  }

  /**
   * Replaces a disabled schema's definition (ConflictError for an enabled one); with `reset`, an
   * enabled schema is disabled first.
   */
  async replaceSchema(id: string, input: SchemaInput, opts: { reset?: boolean } = {}): Promise<Schema> {
    await this.checkReferences(input.items);
    await this.checkNotification(input.notification);
    const current = await this.schema(id);
    const at = this.now();
    const next = resetSchema(opts.reset ? disableSchema(current, at) : current, input, at);
    await this.deps.schemas.put(next, { expectUpdatedAt: current.updatedAt });
    return next;
  }

  /** Enables a schema (its template references are checked again: templates may have changed). */
  async enableSchema(id: string): Promise<Schema> {
    const current = await this.schema(id);
    if (current.status !== 'enabled') await this.checkReferences(current.items);
    return this.save(current, enableSchema(current, this.now()));
  }

  async disableSchema(id: string): Promise<Schema> {
    const current = await this.schema(id);
    return this.save(current, disableSchema(current, this.now()));
  }

  /** Deletes a disabled schema (ConflictError for an enabled one). */
  async deleteSchema(id: string): Promise<void> {
    const current = await this.schema(id);
    assertSchemaDeletable(current);
    await this.deps.schemas.delete(current.id);
  }

  /**
   * Creates or replaces the declared (seeded) schema of that name with the declared status, whatever
   * its stored status; an unchanged one is not rewritten. References must be checked by the caller
   * (declared templates may not be stored yet). Returns the schema id when it wrote.
   */
  async putDeclaredSchema(input: SchemaInput, status: SchemaStatus): Promise<string | undefined> {
    const now = this.now();
    const stored = await this.deps.schemas.getByName(input.name);
    if (!stored) {
      const created = newSchema(input, { id: newSchemaId(), now });
      await this.deps.schemas.put(status === 'enabled' ? enableSchema(created, now) : created, {
        expectNew: true,
      });
      return created.id;
    }
    const storedInput = without(stored, 'id', 'status', 'enabledAt', 'createdAt', 'updatedAt');
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

  /** Deletes the schema of that name, whatever its status (seed removal); absent is fine. */
  async deleteDeclaredSchema(name: string): Promise<void> {
    const stored = await this.deps.schemas.getByName(name);
    if (stored) await this.deps.schemas.delete(stored.id);
  }

  /** Deletes a declared user template even if a schema uses it (seed removal); presets are skipped. */
  async deleteDeclaredTemplate(id: number): Promise<void> {
    if (!isPresetId(id)) await this.deps.templates.delete(id);
  }

  /** Writes `next` unless it is the same object (no change). */
  private async save(current: Schema, next: Schema): Promise<Schema> {
    if (next !== current) await this.deps.schemas.put(next, { expectUpdatedAt: current.updatedAt });
    return next;
  }
}
