import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../core/errors';
import type { Schema, SchemaStatus } from '../core/model';
import type { Page, SchemaStore } from '../core/ports';
import { decodeToken, encodeToken, fromItem, isConditionFailed, keys } from './dynamo-table';

type Key = Record<string, string>;
const isKey = (v: unknown): v is Key =>
  typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');

/**
 * SchemaStore on the mps table, without transactions:
 * - every schema is an item of partition `SCHEMAS` (strongly consistent reads of the enabled set);
 * - name uniqueness: a lock item `SCHEMANAME#<name>` holding the owner's id, taken with a conditional
 *   put before the schema is written and released after a rename/delete. A lock left behind by a
 *   crash (owner gone or renamed) is detected and taken over with a condition on the stale owner;
 * - `revision()` is a counter item bumped (atomic ADD) after every write.
 */
export class DynamoSchemaStore implements SchemaStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Schema | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.schema(id), ConsistentRead: true }),
    );
    return res.Item ? fromItem<Schema>(res.Item) : undefined;
  }

  async getByName(name: string): Promise<Schema | undefined> {
    const owner = await this.lockOwner(name);
    if (!owner) return undefined;
    const schema = await this.get(owner);
    return schema?.name === name ? schema : undefined;
  }

  async list(
    filter: { status?: SchemaStatus; limit?: number; nextToken?: string } = {},
  ): Promise<Page<Schema>> {
    const start = decodeToken(filter.nextToken, isKey);
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(filter.status
          ? {
              IndexName: 'GSI1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.schemaByStatus(filter.status) },
              ScanIndexForward: false,
            }
          : {
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.schemaPartition },
            }),
        Limit: filter.limit ?? 100,
        ExclusiveStartKey: start,
      }),
    );
    return {
      items: (res.Items ?? []).map((i) => fromItem<Schema>(i)),
      ...(res.LastEvaluatedKey ? { nextToken: encodeToken(res.LastEvaluatedKey) } : {}),
    };
  }

  async listEnabled(): Promise<Schema[]> {
    const out: Schema[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: '#status = :enabled',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': keys.schemaPartition, ':enabled': 'enabled' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(res.Items ?? []).map((i) => fromItem<Schema>(i)));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async put(schema: Schema, opts: { expectNew?: boolean; expectUpdatedAt?: string } = {}): Promise<void> {
    const newlyLocked = await this.acquireName(schema.name, schema.id);
    let old: Schema | undefined;
    try {
      const res = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...schema,
            ...keys.schema(schema.id),
            entity: 'schema',
            gsi1pk: keys.schemaByStatus(schema.status),
            gsi1sk: keys.timeSort(schema.createdAt, schema.id),
          },
          ...(opts.expectNew
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : opts.expectUpdatedAt !== undefined
              ? {
                  ConditionExpression: 'updatedAt = :expected',
                  ExpressionAttributeValues: { ':expected': opts.expectUpdatedAt },
                }
              : {}),
          ReturnValues: 'ALL_OLD',
        }),
      );
      old = res.Attributes ? fromItem<Schema>(res.Attributes) : undefined;
    } catch (err) {
      if (newlyLocked) await this.releaseName(schema.name, schema.id);
      if (isConditionFailed(err)) {
        throw new ConflictError(
          opts.expectNew
            ? `schema ${schema.id} already exists`
            : `schema ${schema.id} was changed by someone else (or deleted); read it again and retry`,
        );
      }
      throw err;
    }
    if (old && old.name !== schema.name) await this.releaseName(old.name, schema.id);
    await this.bumpRevision();
  }

  async delete(id: string): Promise<void> {
    const res = await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.schema(id), ReturnValues: 'ALL_OLD' }),
    );
    if (res.Attributes) await this.releaseName(String(res.Attributes.name), id);
    await this.bumpRevision();
  }

  async revision(): Promise<number> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.schemaRevision, ConsistentRead: true }),
    );
    return Number(res.Item?.value ?? 0);
  }

  private async bumpRevision(): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.schemaRevision,
        UpdateExpression: 'ADD #v :one',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  private async lockOwner(name: string): Promise<string | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.schemaNameLock(name), ConsistentRead: true }),
    );
    return typeof res.Item?.schemaId === 'string' ? res.Item.schemaId : undefined;
  }

  /** Takes the name for `id`; true when it was not already ours. ConflictError when another schema holds it. */
  private async acquireName(name: string, id: string): Promise<boolean> {
    for (let round = 0; round < 3; round++) {
      const owner = await this.lockOwner(name);
      if (owner === id) return false;
      if (owner !== undefined) {
        const holder = await this.get(owner);
        if (holder?.name === name) {
          throw new ConflictError(
            `a schema named "${name}" already exists (${owner}); schema names are unique`,
          );
        }
      }
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.schemaNameLock(name), entity: 'schemaNameLock', schemaId: id },
            ...(owner === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'schemaId = :stale', ExpressionAttributeValues: { ':stale': owner } }),
          }),
        );
        return true;
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    }
    throw new ConflictError(`schema name "${name}" is being taken concurrently; retry`);
  }

  private async releaseName(name: string, id: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.schemaNameLock(name),
          ConditionExpression: 'schemaId = :id',
          ExpressionAttributeValues: { ':id': id },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }
}
