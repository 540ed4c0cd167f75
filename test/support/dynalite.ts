/**
 * An in-process dynalite (DynamoDB protocol, in memory) on a random port, with the mps table created
 * from the same definition the stores and the CDK use (lambdas/adapters/dynamo-table.ts).
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/aws-clients';
import { TABLE_DEFINITION } from '../../lambdas/contract';

// dynalite ships no types.

const dynalite = require('dynalite') as (opts: { createTableMs: number; deleteTableMs?: number }) => {
  listen(port: number, host: string, cb: (err?: Error) => void): void;
  address(): AddressInfo;
  close(cb: () => void): void;
};

export interface LocalTable {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tableName: string;
  endpoint: string;
  /** Creates another empty table with the same definition (isolation between tests). */
  newTable(): Promise<string>;
  stop(): Promise<void>;
}

let tableCounter = 0;

export async function startDynalite(): Promise<LocalTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) =>
    server.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
  const newTable = async (): Promise<string> => {
    const name = `mps-test-${++tableCounter}`;
    await client.send(new CreateTableCommand({ ...TABLE_DEFINITION, TableName: name }));
    return name;
  };
  const tableName = await newTable();
  return {
    client,
    doc: createDocumentClient(client),
    tableName,
    endpoint,
    newTable,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
