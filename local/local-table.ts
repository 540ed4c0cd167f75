/**
 * The local table: created from the service's definition, and migrated in place when a newer version
 * adds an index (dynalite cannot add one to an existing table). The migration copies the items through
 * a side table, so a crash at any step is finished on the next start and no item is lost.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
  BatchWriteItemCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type TableDescription,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import type { LocalAwsClients } from './endpoints/clients';

/** Key schema + GSIs of the table; `TableName` is supplied separately. */
export type TableDefinition = Omit<CreateTableCommandInput, 'TableName'>;

/** Name of the side table a migration copies through. */
export const migrationTableName = (tableName: string): string => `${tableName}-migration`;

/** Creates the table, or migrates it when it only lacks indexes of `def`; refuses other differences. */
export async function ensureTable(
  clients: LocalAwsClients,
  tableName: string,
  def: TableDefinition,
): Promise<void> {
  const db = clients.dynamodb;
  const side = migrationTableName(tableName);
  const [existing, sideTable] = [await describe(db, tableName), await describe(db, side)];
  if (sideTable) {
    // An earlier migration stopped part-way.
    if (!existing) await create(db, tableName, def);
    if (!existing || !tableMismatch(existing, def)) {
      await copyItems(db, side, tableName);
      await drop(db, side);
      return;
    }
    // Stopped before the old table was dropped: the old table is complete; start over.
    await drop(db, side);
  }
  if (!existing) return create(db, tableName, def);
  const problem = tableMismatch(existing, def);
  if (!problem) return;
  if (!onlyMissingIndexes(existing, def)) {
    throw new Error(
      `the local table "${tableName}" was created by another version of mps-aws (${problem}); ` +
        'start once with --reset to recreate the local data',
    );
  }
  await create(db, side, def);
  await copyItems(db, tableName, side);
  await drop(db, tableName);
  await create(db, tableName, def);
  await copyItems(db, side, tableName);
  await drop(db, side);
}

/** Describes how an existing table differs from the definition (keys and GSI names/keys), if it does. */
export function tableMismatch(existing: TableDescription, def: TableDefinition): string | undefined {
  if (keysOf(existing.KeySchema) !== keysOf(def.KeySchema)) return 'different primary key';
  const have = new Map(
    (existing.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, keysOf(g.KeySchema)]),
  );
  for (const gsi of def.GlobalSecondaryIndexes ?? []) {
    const k = have.get(gsi.IndexName);
    if (k === undefined) return `index ${gsi.IndexName} is missing`;
    if (k !== keysOf(gsi.KeySchema)) return `index ${gsi.IndexName} has a different key`;
  }
  return undefined;
}

const keysOf = (k: { AttributeName?: string; KeyType?: string }[] | undefined) =>
  JSON.stringify((k ?? []).map((e) => [e.AttributeName, e.KeyType]));

/** Same primary key, and every existing index is in `def` with the same key: only additions. */
function onlyMissingIndexes(existing: TableDescription, def: TableDefinition): boolean {
  if (keysOf(existing.KeySchema) !== keysOf(def.KeySchema)) return false;
  const wanted = new Map((def.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, keysOf(g.KeySchema)]));
  return (existing.GlobalSecondaryIndexes ?? []).every(
    (g) => wanted.get(g.IndexName) === keysOf(g.KeySchema),
  );
}

async function describe(db: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await db.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

async function create(db: DynamoDBClient, tableName: string, def: TableDefinition): Promise<void> {
  try {
    await db.send(new CreateTableCommand({ ...def, TableName: tableName }));
  } catch (err) {
    // A concurrent start created it first.
    if ((err as { name?: string }).name !== 'ResourceInUseException') throw err;
  }
  // Like DynamoDB, dynalite serves a new table only once it is ACTIVE.
  await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
}

async function drop(db: DynamoDBClient, tableName: string): Promise<void> {
  await db.send(new DeleteTableCommand({ TableName: tableName }));
  await waitUntilTableNotExists({ client: db, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
}

/** Copies every item (puts are idempotent, so a repeated copy is harmless). */
async function copyItems(db: DynamoDBClient, from: string, to: string): Promise<void> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: from, ExclusiveStartKey: start, Limit: 25 }));
    let pending = (page.Items ?? []).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const res = await db.send(new BatchWriteItemCommand({ RequestItems: { [to]: pending } }));
      pending = (res.UnprocessedItems?.[to] ?? []).map((r) => ({
        PutRequest: { Item: r.PutRequest!.Item! },
      }));
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
