import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeNag, acknowledgeWildcardResource } from './nag';

/** The handlers the stack deploys; each is `lambdas/handlers/<name>.ts` exporting `handler`. */
export type HandlerName = 'ingest' | 'job-events' | 'notify-delivery' | 'api' | 'seed' | 'watchdog';

/**
 * Root of the mps-aws package: the repository, or `node_modules/mps-aws` when installed (where this
 * code runs compiled, from `dist/lib`).
 */
export const PROJECT_ROOT = packageRoot(__dirname);

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mps-aws'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`mps-aws: no package.json of mps-aws above ${from}`);
  }
}

/**
 * The handler bundles `npm run build` makes (`dist/handlers/<name>/index.js`, bundled exactly as below):
 * what an installed package deploys, since it has neither the handler sources' lock file nor a reason
 * to bundle again.
 */
export const PREBUILT_HANDLERS_DIR = path.join(PROJECT_ROOT, 'dist', 'handlers');

/** How every handler is bundled (esbuild through NodejsFunction, and scripts/build-package.ts alike). */
export const HANDLER_BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
  format: OutputFormat.CJS,
  mainFields: ['module', 'main'],
  externalModules: [],
  forceDockerBundling: false,
};

/**
 * The code of a handler: bundled from its sources in the repository (or `handlersDir`), else the
 * prebuilt bundle of the installed package.
 */
function handlerCode(
  props: Pick<MpsFunctionProps, 'handler' | 'handlersDir'>,
): Pick<NodejsFunctionProps, 'code' | 'entry' | 'handler' | 'projectRoot' | 'depsLockFilePath' | 'bundling'> {
  const lockFile = path.join(PROJECT_ROOT, 'package-lock.json');
  const entry = path.join(props.handlersDir ?? DEFAULT_HANDLERS_DIR, `${props.handler}.ts`);
  if (props.handlersDir !== undefined || (existsSync(lockFile) && existsSync(entry))) {
    return {
      entry,
      handler: 'handler',
      // Explicit, so asset hashes do not depend on the directory cdk/jest is started from.
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: lockFile,
      bundling: HANDLER_BUNDLING,
    };
  }
  const prebuilt = path.join(PREBUILT_HANDLERS_DIR, props.handler);
  if (!existsSync(path.join(prebuilt, 'index.js'))) {
    throw new Error(
      `mps-aws: no code for the ${props.handler} function: neither its sources with package-lock.json nor the ` +
        `prebuilt bundle ${prebuilt}/index.js (run npm run build in the mps-aws package)`,
    );
  }
  return { code: lambda.Code.fromAsset(prebuilt), handler: 'index.handler' };
}

/** Default directory of the Lambda handler sources. */
export const DEFAULT_HANDLERS_DIR = path.join(PROJECT_ROOT, 'lambdas', 'handlers');

/** Lambda runtime of every mps function (the newest Node.js runtime aws-cdk-lib knows). */
export const MPS_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Options shared by every function of the stack. */
export interface MpsFunctionOptions {
  /**
   * Directory containing the handler sources (`<name>.ts`); must be inside the project root.
   * @default DEFAULT_HANDLERS_DIR (lambdas/handlers of this repository)
   */
  readonly handlersDir?: string;

  /**
   * Retention of each function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the log groups when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * CloudWatch metrics namespace for Powertools metrics.
   * @default 'Mps'
   */
  readonly metricsNamespace?: string;
}

export interface MpsFunctionProps extends MpsFunctionOptions {
  /** Which handler to bundle. */
  readonly handler: HandlerName;
  readonly description: string;
  /**
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Function-specific environment variables (merged over the common ones).
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/**
 * One mps Lambda function: NodejsFunction (esbuild, local bundling), Node.js 24 on ARM64, X-Ray active
 * tracing, a dedicated log group with retention, and an explicit role whose only baseline permission is
 * writing to that log group (no AWSLambdaBasicExecutionRole managed policy).
 *
 * Bundling decision: the AWS SDK v3 IS bundled (`externalModules: []`). The handlers depend on specific
 * SDK/Powertools versions from package-lock.json (lib-dynamodb marshalling options, MediaConvert model);
 * the runtime's SDK copy lags and changes under us. Bundling pins the version that the tests ran with, and
 * minified, tree-shaken (ESM entry points via mainFields) bundles load faster than the runtime's full SDK.
 * CommonJS output: some transitive dependencies still use dynamic `require`, which ESM output breaks.
 */
export class MpsFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MpsFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `mps ${props.handler} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      ...handlerCode(props),
      description: props.description,
      runtime: MPS_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `mps-${props.handler}`,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'Mps',
        ...props.environment,
      },
    });
    acknowledgeNag(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and, for the functions that run ' +
        'AI jobs (MpsMediaAi), the Amazon Rekognition Video Start*/Get* operations: none of these supports ' +
        'resource-level permissions (test/cdk asserts no other action is granted on "*").',
    );
  }

  /** Acknowledges the cdk-nag IAM5 finding for one wildcard resource granted to this function's role. */
  public acknowledgeWildcard(arn: string, reason: string): void {
    acknowledgeWildcardResource(this.role!, arn, reason);
  }
}

/** Reason for the `<table>/index/*` resource that DynamoDB table grants include. */
export const TABLE_INDEX_REASON =
  'Query on the GSIs of the mps table (GSI1 tasks by status/time and schemas by status, GSI2 tasks by ' +
  'schema/time): the wildcard covers only the indexes of this one table.';
