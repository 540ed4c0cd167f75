import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../lambdas/contract';

export interface MpsStateProps {
  /**
   * Enable DynamoDB deletion protection on the table.
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the table when it is removed from the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The state of the service: one DynamoDB table holding templates, schemas and tasks (pk/sk), with
 * GSI1 (tasks by status+time, schemas by status), GSI2 (tasks by schema+time) and the sparse GSI3
 * (tasks with pending outbox events).
 */
export class MpsState extends Construct {
  /** The single table. */
  public readonly table: dynamodb.ITable;

  constructor(scope: Construct, id: string, props: MpsStateProps = {}) {
    super(scope, id);
    const S = dynamodb.AttributeType.STRING;
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.sortKey, type: S },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection ?? false,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const gsi of [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2]) {
      table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: S },
        sortKey: { name: gsi.sortKey, type: S },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    // Sparse: only tasks with events in their outbox carry its keys; the relay's sweep reads the ids.
    table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi3.indexName,
      partitionKey: { name: TABLE_KEYS.gsi3.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.gsi3.sortKey, type: S },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
    this.table = table;
  }
}
