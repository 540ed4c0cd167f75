import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const BATCH_GET_LIMIT = 100;
const MAX_UNPROCESSED_ROUNDS = 8;

/**
 * BatchGetItem of any number of keys (strongly consistent), chunked by 100 and retrying
 * UnprocessedKeys with backoff. Order of the result is unspecified; missing keys are absent.
 */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly Record<string, string>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = itemKeys.slice(i, i + BATCH_GET_LIMIT);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_UNPROCESSED_ROUNDS) {
        throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${round} rounds`);
      }
      if (round > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** round));
      const res = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(res.Responses?.[tableName] ?? []));
      pending = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
