import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { Task, TaskStatus } from '../core/model';
import { oldestPendingTime } from '../core/notifications/outbox';
import type { Page, TaskListFilter, TaskStore } from '../core/ports';
import { batchGetAll } from './dynamo-batch';
import { decodeToken, encodeToken, fromItem, isConditionFailed, keys } from './dynamo-table';

const ALL_STATUSES: readonly TaskStatus[] = ['WAITING', 'PROCESSING', 'FINISH'];
const DEFAULT_LIMIT = 20;
/** GSI3 partitions (see keys.outboxShard). */
const OUTBOX_SHARDS = 8;
const MAX_LIMIT = 100;

interface Cursor {
  c: string;
}
const isCursor = (v: unknown): v is Cursor =>
  typeof v === 'object' && v !== null && typeof (v as Cursor).c === 'string';

interface Partition {
  index: 'GSI1' | 'GSI2';
  pk: string;
}

/** Sort key of a task in both GSIs: newest first = descending. */
const sortKeyOf = (t: Pick<Task, 'createdAt' | 'taskId'>): string => keys.timeSort(t.createdAt, t.taskId);

/** The GSI3 partition of a task: a stable hash of its id. */
const outboxShardOf = (taskId: string): number =>
  createHash('sha256').update(taskId).digest().readUInt8(0) % OUTBOX_SHARDS;

/**
 * TaskStore on the mps table: one item per task (subtasks inside), created with
 * `attribute_not_exists(pk)` and replaced under `#version = :expected`. Listing is always a Query:
 * GSI1 by status, GSI2 by schema, and "all tasks" as a merge of the three GSI1 status partitions.
 * The paging token is a cursor on the GSI sort key `<createdAt>#<taskId>`. Tasks with pending outbox
 * events are also in the sparse GSI3 (`withPendingEvents`).
 */
export class DynamoTaskStore implements TaskStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(taskId: string): Promise<Task | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.task(taskId), ConsistentRead: true }),
    );
    return res.Item ? fromItem<Task>(res.Item) : undefined;
  }

  async create(task: Task): Promise<'created' | 'exists'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.toItem(task),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (err) {
      if (isConditionFailed(err)) return 'exists';
      throw err;
    }
  }

  async update(task: Task, expectedVersion: number): Promise<boolean> {
    if (task.version !== expectedVersion + 1) {
      throw new Error(
        `task ${task.taskId}: version must be expectedVersion + 1 (${expectedVersion + 1}); got ${task.version}`,
      );
    }
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.toItem(task),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  async list(filter: TaskListFilter): Promise<Page<Task>> {
    const limit = Math.min(Math.max(filter.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    const matches = (t: Task): boolean =>
      (!filter.status || t.status === filter.status) &&
      (!filter.result || t.result === filter.result) &&
      (!filter.schemaId || t.schemaId === filter.schemaId) &&
      (!filter.from || t.createdAt >= filter.from) &&
      (!filter.to || t.createdAt <= filter.to);

    if (filter.ids) {
      const items = await batchGetAll(
        this.doc,
        this.tableName,
        [...new Set(filter.ids)].map((id) => keys.task(id)),
      );
      const tasks = items.map((i) => fromItem<Task>(i)).filter(matches);
      return { items: tasks.sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? 1 : -1)).slice(0, limit) };
    }

    const partitions: Partition[] = filter.schemaId
      ? [{ index: 'GSI2', pk: keys.taskBySchema(filter.schemaId) }]
      : (filter.status ? [filter.status] : filter.result ? (['FINISH'] as const) : ALL_STATUSES).map((s) => ({
          index: 'GSI1' as const,
          pk: keys.taskByStatus(s),
        }));
    const cursor = decodeToken(filter.nextToken, isCursor)?.c;
    const perPartition = await Promise.all(
      partitions.map((p) => this.queryNewest(p, limit + 1, matches, filter, cursor)),
    );
    const merged = perPartition.flat().sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? 1 : -1));
    const page = merged.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      ...(merged.length > limit && last ? { nextToken: encodeToken({ c: sortKeyOf(last) }) } : {}),
    };
  }

  /** Up to `wanted` matching tasks of one partition, newest first, strictly older than `cursor`. */
  private async queryNewest(
    partition: Partition,
    wanted: number,
    matches: (t: Task) => boolean,
    bounds: { from?: string; to?: string },
    cursor: string | undefined,
  ): Promise<Task[]> {
    const pkName = partition.index === 'GSI1' ? 'gsi1pk' : 'gsi2pk';
    const skName = partition.index === 'GSI1' ? 'gsi1sk' : 'gsi2sk';
    const upperFromTo = bounds.to !== undefined ? `${bounds.to}#\uffff` : '\uffff';
    const hi = cursor !== undefined && cursor < upperFromTo ? cursor : upperFromTo;
    const lo = bounds.from ?? ' ';
    const out: Task[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: partition.index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
          ExpressionAttributeNames: { '#pk': pkName, '#sk': skName },
          ExpressionAttributeValues: { ':pk': partition.pk, ':lo': lo, ':hi': hi },
          ScanIndexForward: false,
          Limit: Math.max(wanted, 25),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        const task = fromItem<Task>(item);
        if (cursor !== undefined && sortKeyOf(task) >= cursor) continue;
        if (matches(task)) out.push(task);
        if (out.length >= wanted) return out;
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async withPendingEvents(cutoff: string, limit: number): Promise<string[]> {
    const perShard = await Promise.all(
      Array.from({ length: OUTBOX_SHARDS }, (_, shard) => this.pendingInShard(shard, cutoff, limit)),
    );
    return perShard
      .flat()
      .sort((a, b) => (a.sk < b.sk ? -1 : 1))
      .slice(0, limit)
      .map((e) => e.taskId);
  }

  private async pendingInShard(
    shard: number,
    cutoff: string,
    limit: number,
  ): Promise<{ sk: string; taskId: string }[]> {
    const out: { sk: string; taskId: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: '#pk = :pk AND #sk <= :hi',
          ExpressionAttributeNames: { '#pk': 'gsi3pk', '#sk': 'gsi3sk' },
          ExpressionAttributeValues: { ':pk': keys.outboxShard(shard), ':hi': `${cutoff}#\uffff` },
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        const pk = String(item['pk']);
        out.push({ sk: String(item['gsi3sk']), taskId: pk.slice(pk.indexOf('#') + 1) });
      }
      start = out.length < limit ? res.LastEvaluatedKey : undefined;
    } while (start);
    return out;
  }

  private toItem(task: Task): Record<string, unknown> {
    const pendingSince = oldestPendingTime(task);
    return {
      ...task,
      ...keys.task(task.taskId),
      entity: 'task',
      gsi1pk: keys.taskByStatus(task.status),
      gsi1sk: sortKeyOf(task),
      ...(task.schemaId ? { gsi2pk: keys.taskBySchema(task.schemaId), gsi2sk: sortKeyOf(task) } : {}),
      ...(pendingSince !== undefined
        ? {
            gsi3pk: keys.outboxShard(outboxShardOf(task.taskId)),
            gsi3sk: keys.timeSort(pendingSince, task.taskId),
          }
        : {}),
    };
  }
}
