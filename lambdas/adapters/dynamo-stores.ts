import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Stores } from '../core/ports';
import { DynamoSchemaStore } from './dynamo-schema-store';
import { DynamoTaskStore } from './dynamo-task-store';
import { DynamoTemplateStore } from './dynamo-template-store';

/**
 * The DynamoDB stores on one table. `doc` must be created with
 * `marshallOptions: { removeUndefinedValues: true }` (domain objects carry optional fields).
 */
export function createDynamoStores(doc: DynamoDBDocumentClient, tableName: string): Stores {
  return {
    templates: new DynamoTemplateStore(doc, tableName),
    schemas: new DynamoSchemaStore(doc, tableName),
    tasks: new DynamoTaskStore(doc, tableName),
  };
}
