import { Annotations, CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/contract';
import { checkDeclaredReferences, validateDeclarations } from '../lambdas/core/declarations';
import type { Schema, SchemaStatus, Template } from '../lambdas/core/model';
import { MpsFunction, type MpsFunctionOptions, TABLE_INDEX_REASON } from './function';
import { acknowledgeWildcardResource } from './nag';
import { stackBucketsEnvironment } from './storage';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A user template declared in the CDK app: the model form without the service-managed fields. `id` is
 * required (≥ 1_000_000) so that seeded schemas can reference it and redeploys update it in place.
 */
export type TemplateSeed = DistributiveOmit<Template, 'preset' | 'createdAt' | 'updatedAt'>;

/**
 * A schema declared in the CDK app, identified by its unique `name`. `trigger.bucket` defaults to the
 * deployment's first trigger bucket (so a schema can name a bucket the stack creates), the output
 * location to the trigger's; `status` defaults to 'enabled'.
 */
export type SchemaSeed = Omit<
  Schema,
  'id' | 'status' | 'enabledAt' | 'createdAt' | 'updatedAt' | 'trigger' | 'output'
> & {
  trigger: Omit<Schema['trigger'], 'bucket'> & { bucket?: string };
  output?: Partial<Schema['output']>;
  status?: SchemaStatus;
};

export interface MpsSeedProps {
  /** The mps table. */
  readonly table: dynamodb.ITable;
  /** The deployment's trigger buckets: seeded schemas must trigger on one of them. */
  readonly triggerBuckets: readonly s3.IBucket[];
  /** The deployment's output buckets: seeded schemas write to one of them (or a trigger bucket). */
  readonly outputBuckets: readonly s3.IBucket[];

  /**
   * The templates and schemas to create or update on deploy, as `resolveSeeds` returns them: validated
   * at synth like the API validates them (so a broken one fails `cdk synth`, before anything is bundled
   * when MpsService resolves them first), and again by the seed function at deploy.
   */
  readonly seeds: ResolvedSeeds;

  /**
   * Options of the Lambda function.
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/** Declarations with their defaults filled in, validated at synth. */
export interface ResolvedSeeds {
  readonly templates: TemplateSeed[];
  readonly schemas: SchemaSeed[];
}

/** Options of `resolveSeeds`. */
export interface ResolveSeedsOptions {
  /**
   * Whether the deployment runs AI items (MpsServiceProps.mediaAi): without it, seeded schemas holding
   * contentReview, aiRecognition or aiAnalysis items are a synth error, since the deployed API refuses them.
   * @default true
   */
  readonly mediaAi?: boolean;
}

/**
 * The checks the seed function makes at deploy that synth can make, on the declarations with their
 * defaults filled in (a schema's trigger bucket: the first trigger bucket). An invalid declaration
 * throws (the message names it); a reference to a user template that is not declared may be to one
 * created through the API, so it is a warning on `scope` (the seed function checks it at deploy); AI
 * items in a deployment without them (`options.mediaAi: false`) are an error on `scope`.
 */
export function resolveSeeds(
  scope: Construct,
  declared: { templates?: TemplateSeed[]; schemas?: SchemaSeed[] },
  buckets: { trigger: readonly s3.IBucket[]; output: readonly s3.IBucket[] },
  options: ResolveSeedsOptions = {},
): ResolvedSeeds {
  const firstTrigger = buckets.trigger[0]?.bucketName;
  const resolved = {
    templates: declared.templates ?? [],
    schemas: (declared.schemas ?? []).map((s) => ({
      ...s,
      trigger: { ...s.trigger, bucket: s.trigger.bucket ?? firstTrigger },
    })),
  };
  // Names of buckets the stack creates are tokens until deploy: each gets a stand-in that passes the
  // name rules, the same for the bucket and for every schema naming it.
  const standIns = new Map<string, string>();
  const name = (n: string | undefined) => {
    if (n === undefined || !Token.isUnresolved(n)) return n;
    if (!standIns.has(n)) standIns.set(n, `mps-stack-bucket-${standIns.size + 1}`);
    return standIns.get(n)!;
  };
  const names = (list: readonly s3.IBucket[]) => list.map((b) => name(b.bucketName)!);
  const rules = { buckets: { trigger: names(buckets.trigger), output: names(buckets.output) } };
  const schemas = resolved.schemas.map((s) => ({
    ...s,
    trigger: { ...s.trigger, bucket: name(s.trigger.bucket) },
    ...(s.output ? { output: { ...s.output, bucket: name(s.output.bucket) } } : {}),
  }));
  try {
    const valid = validateDeclarations(
      { templates: resolved.templates, schemas },
      rules,
      new Date(0).toISOString(),
    );
    const undeclared = checkDeclaredReferences(valid);
    if (undeclared.length > 0) {
      Annotations.of(scope).addWarningV2(
        'mps:seed-undeclared-templates',
        `seeded schemas use user template(s) ${undeclared.join(', ')} that are not declared here; the deploy ` +
          'fails unless they already exist in the table',
      );
    }
    const withAi = valid.schemas
      .filter(({ input }) => input.items.contentReview || input.items.aiRecognition || input.items.aiAnalysis)
      .map(({ input }) => input.name);
    if (withAi.length > 0 && !(options.mediaAi ?? true)) {
      // The deployed API refuses such schemas too (AWS_UNAVAILABLE_ITEMS): fail at synth, not at deploy.
      Annotations.of(scope).addError(
        `seeded schema(s) ${withAi.join(', ')} hold contentReview/aiRecognition/aiAnalysis items, but this ` +
          'deployment leaves Amazon Rekognition Video and Amazon Transcribe out (mediaAi: false): remove the items ' +
          'from the declarations or deploy with mediaAi (README "AI items")',
      );
    }
  } catch (err) {
    throw new Error(`mps seed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return resolved;
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
    const declared = props.seeds;
    const fn = new MpsFunction(this, 'SeedFunction', {
      ...props.functionOptions,
      handler: 'seed',
      description: 'mps: writes the templates and schemas declared in the CDK app',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        [ENV.tableName]: props.table.tableName,
        ...stackBucketsEnvironment(props.triggerBuckets, props.outputBuckets),
      },
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
      // toJsonString: a bucket name may be a token (a bucket this stack creates).
      properties: {
        Templates: Stack.of(this).toJsonString(declared.templates),
        Schemas: Stack.of(this).toJsonString(declared.schemas),
      },
    });
  }
}
