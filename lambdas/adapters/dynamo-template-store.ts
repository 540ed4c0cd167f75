import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../core/errors';
import type { Template, TemplateType } from '../core/model';
import type { TemplateStore } from '../core/ports';
import { FIRST_USER_TEMPLATE_ID, getPreset, isPresetId, PRESETS } from '../core/templates';
import { fromItem, isConditionFailed, keys } from './dynamo-table';
import { batchGetAll } from './dynamo-batch';

/**
 * TemplateStore on the mps table. Presets come from the core (never stored) and are merged into
 * get/getMany/list; user templates are one item each, listed through GSI1 partition `TEMPLATES`.
 */
export class DynamoTemplateStore implements TemplateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: number): Promise<Template | undefined> {
    if (isPresetId(id)) return getPreset(id);
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.template(id), ConsistentRead: true }),
    );
    return res.Item ? fromItem<Template>(res.Item) : undefined;
  }

  async getMany(ids: readonly number[]): Promise<Map<number, Template>> {
    const found = new Map<number, Template>();
    const stored: number[] = [];
    for (const id of new Set(ids)) {
      const preset = isPresetId(id) ? getPreset(id) : undefined;
      if (preset) found.set(id, preset);
      else if (!isPresetId(id)) stored.push(id);
    }
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      stored.map((id) => keys.template(id)),
    );
    for (const item of items) {
      const t = fromItem<Template>(item);
      found.set(t.id, t);
    }
    return found;
  }

  async list(filter: { type?: TemplateType } = {}): Promise<Template[]> {
    const users: Template[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: filter.type
            ? 'gsi1pk = :pk AND begins_with(gsi1sk, :type)'
            : 'gsi1pk = :pk',
          ExpressionAttributeValues: {
            ':pk': keys.templateList,
            ...(filter.type ? { ':type': `${filter.type}#` } : {}),
          },
          ExclusiveStartKey: start,
        }),
      );
      users.push(...(res.Items ?? []).map((i) => fromItem<Template>(i)));
      start = res.LastEvaluatedKey;
    } while (start);
    const presets = PRESETS.filter((p: Template) => !filter.type || p.type === filter.type);
    return [...presets, ...users.sort((a, b) => a.id - b.id)];
  }

  async put(template: Template, opts: { expectNew?: boolean } = {}): Promise<void> {
    if (template.preset || isPresetId(template.id)) {
      throw new ConflictError(`template ${template.id} is a preset; presets cannot be modified`);
    }
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...template,
            ...keys.template(template.id),
            entity: 'template',
            gsi1pk: keys.templateList,
            gsi1sk: keys.templateSort(template.type, template.id),
          },
          ...(opts.expectNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
    } catch (err) {
      if (isConditionFailed(err)) throw new ConflictError(`template ${template.id} already exists`);
      throw err;
    }
  }

  async delete(id: number): Promise<void> {
    if (isPresetId(id)) throw new ConflictError(`template ${id} is a preset; presets cannot be deleted`);
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.template(id) }));
  }

  /**
   * Atomic counter (ADD) from FIRST_USER_TEMPLATE_ID; skips ids already taken (e.g. by seeded
   * templates that carry explicit ids).
   */
  async nextId(): Promise<number> {
    for (let i = 0; i < 100; i++) {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.templateCounter,
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'value' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const id = FIRST_USER_TEMPLATE_ID + Number(res.Attributes?.value) - 1;
      if (!(await this.get(id))) return id;
    }
    throw new Error('could not allocate a free template id after 100 attempts');
  }
}
