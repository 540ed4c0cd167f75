/**
 * The single-table layout of mps (one DynamoDB table, `pk`/`sk`, three GSIs): which items live under
 * which keys. The key attribute names and indexes themselves are in lambdas/contract.ts (TABLE_KEYS,
 * TABLE_DEFINITION), shared with the CDK construct (lib/state.ts) and the local runtime.
 *
 * | entity              | pk                        | sk          | gsi1pk / gsi1sk                          | gsi2pk / gsi2sk                        |
 * | ------------------- | ------------------------- | ----------- | ---------------------------------------- | -------------------------------------- |
 * | user template       | `TEMPLATE#<id>`           | `TEMPLATE`  | `TEMPLATES` / `<type>#<id, 10 digits>`   | –                                      |
 * | template id counter | `COUNTER`                 | `TEMPLATE`  | –                                        | –                                      |
 * | schema              | `SCHEMAS`                 | `<id>`      | `SCHEMA#STATUS#<status>` / `<createdAt>#<id>` | –                                 |
 * | schema name lock    | `SCHEMANAME#<name>`       | `LOCK`      | –                                        | –                                      |
 * | schema revision     | `COUNTER`                 | `SCHEMA_REVISION` | –                                  | –                                      |
 * | task                | `TASK#<taskId>`           | `TASK`      | `TASK#STATUS#<status>` / `<createdAt>#<taskId>` | `TASK#SCHEMA#<schemaId>` / `<createdAt>#<taskId>` (schema tasks only) |
 *
 * Tasks whose outbox holds events also carry gsi3pk `TASK#OUTBOX#<0–7>` (a hash of the task id) and
 * gsi3sk `<oldest pending event time>#<taskId>`: GSI3 is sparse and keys only, the relay's sweep list.
 *
 * Design notes:
 * - All schemas live in one partition (`SCHEMAS`) so the enabled set is read with one *strongly
 *   consistent* Query (a GSI is only eventually consistent, which would let the ingest cache keep a
 *   stale set under a new revision). Schemas are few; reads are cached by revision.
 * - "All tasks, newest first" needs no extra key: it is a k-way merge of the three GSI1 status
 *   partitions (WAITING, PROCESSING, FINISH), each a Query newest first. Paging uses a cursor on
 *   `<createdAt>#<taskId>` (the GSI sort key), so the same token format serves every listing.
 * - No multi-item transactions (dynalite, used by the local runtime, has none): a task is one item
 *   updated under a `version` condition; schema name uniqueness uses a lock item (see the schema store).
 */
import { ValidationError } from '../core/errors';

/** Key builders. */
export const keys = {
  template: (id: number) => ({ pk: `TEMPLATE#${id}`, sk: 'TEMPLATE' }),
  templateList: 'TEMPLATES',
  templateSort: (type: string, id: number) => `${type}#${String(id).padStart(10, '0')}`,
  templateCounter: { pk: 'COUNTER', sk: 'TEMPLATE' },
  schemaPartition: 'SCHEMAS',
  schema: (id: string) => ({ pk: 'SCHEMAS', sk: id }),
  schemaByStatus: (status: string) => `SCHEMA#STATUS#${status}`,
  schemaNameLock: (name: string) => ({ pk: `SCHEMANAME#${name}`, sk: 'LOCK' }),
  schemaRevision: { pk: 'COUNTER', sk: 'SCHEMA_REVISION' },
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  taskByStatus: (status: string) => `TASK#STATUS#${status}`,
  taskBySchema: (schemaId: string) => `TASK#SCHEMA#${schemaId}`,
  timeSort: (createdAt: string, id: string) => `${createdAt}#${id}`,
  /** GSI3 partitions of tasks with pending events: spread so a burst does not write one hot key. */
  outboxShard: (shard: number) => `TASK#OUTBOX#${shard}`,
} as const;

const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'expiresAt',
  'entity',
];

/** The domain object stored in an item: the item without its key attributes. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  return copy as T;
}

/** Opaque paging token: base64url JSON. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a paging token; undefined when absent, ValidationError-worthy message when malformed. */
export function decodeToken<T>(token: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (token === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!check(value)) throw new InvalidTokenError();
  return value;
}

/** A paging token that this service did not issue (HTTP 400 via ValidationError). */
export class InvalidTokenError extends ValidationError {
  constructor() {
    super('nextToken is not a token returned by a previous listing', 'nextToken');
  }
}

/** True for the SDK's ConditionalCheckFailedException (lib-dynamodb rethrows the client's error). */
export function isConditionFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}
