import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/contract';
import type { Schema, SchemaStatus, Template } from '../lambdas/core/model';
import { MpsFunction, type MpsFunctionOptions, TABLE_INDEX_REASON } from './function';
import { acknowledgeWildcardResource } from './nag';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A user template declared in the CDK app: the model form without the service-managed fields. `id` is
 * required (≥ 1_000_000) so that seeded schemas can reference it and redeploys update it in place.
 */
export type TemplateSeed = DistributiveOmit<Template, 'preset' | 'createdAt' | 'updatedAt'>;

/**
 * A schema declared in the CDK app, identified by its unique `name`.
 * `status` defaults to 'enabled'.
 */
export type SchemaSeed = Omit<Schema, 'id' | 'status' | 'enabledAt' | 'createdAt' | 'updatedAt'> & {
  status?: SchemaStatus;
};

export interface MpsSeedProps {
  /** The mps table. */
  readonly table: dynamodb.ITable;

  /**
   * User templates to create or update on deploy.
   * @default - none
   */
  readonly templates?: TemplateSeed[];

  /**
   * Schemas to create or update on deploy (validated by the seed handler, like the API does).
   * @default - none
   */
  readonly schemas?: SchemaSeed[];

  /**
   * Options of the Lambda function.
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/**
 * Writes the templates and schemas declared in the CDK app into the table on every deploy, through a
 * custom resource (Provider framework) running lambdas/handlers/seed.ts.
 * Resource properties: `Templates` and `Schemas`, JSON arrays as strings.
 */
export class MpsSeed extends Construct {
  public readonly seedFunction: lambda.IFunction;
  public readonly provider: cr.Provider;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MpsSeedProps) {
    super(scope, id);
    const fn = new MpsFunction(this, 'SeedFunction', {
      ...props.functionOptions,
      handler: 'seed',
      description: 'mps: writes the templates and schemas declared in the CDK app',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { [ENV.tableName]: props.table.tableName },
    });
    props.table.grantReadWriteData(fn);
    fn.acknowledgeWildcard(`${props.table.tableArn}/index/*`, TABLE_INDEX_REASON);
    this.seedFunction = fn;

    const frameworkLogs = new logs.LogGroup(this, 'ProviderLogs', {
      retention: props.functionOptions?.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.functionOptions?.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const frameworkRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'mps: custom resource provider framework (invokes the seed function)',
    });
    frameworkLogs.grantWrite(frameworkRole);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: fn,
      logGroup: frameworkLogs,
      frameworkOnEventRole: frameworkRole,
    });
    acknowledgeWildcardResource(
      frameworkRole,
      `${fn.functionArn}:*`,
      'Added by Function.grantInvoke: the versions/aliases of the one seed function the provider invokes.',
    );

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::MpsSeed',
      properties: {
        Templates: JSON.stringify(props.templates ?? []),
        Schemas: JSON.stringify(props.schemas ?? []),
      },
    });
  }
}
