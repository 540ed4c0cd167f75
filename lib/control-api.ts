import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONSOLE_API_CORS, ENV } from '../lambdas/contract';
import { MpsFunction, type MpsFunctionOptions, TABLE_INDEX_REASON } from './function';
import { grantObjectRead, grantObjectWrite } from './grants';
import { type IJobSubmission, PROBE_REASON } from './ingestion';

const WATERMARK_IMAGE_REASON =
  'A watermark template names any image of an asset bucket; the API reads its header (ranged GET) when ' +
  'the template is created or updated. Read-only, limited to the objects of this asset bucket.';
import { stackBucketsEnvironment } from './storage';
import { acknowledgeNag } from './nag';

const PRESIGNED_UPLOAD_REASON =
  'The web console uploads media into a trigger directory the user picks, with URLs the API presigns ' +
  '(PutObject, multipart parts, AbortMultipartUpload): any key of this trigger bucket, no read of other buckets.';
const PRESIGNED_GET_REASON =
  'The web console plays and shows task outputs with GET URLs the API presigns: any output key of this ' +
  'output bucket. Read-only.';

export interface MpsControlApiProps {
  /** The mps table. */
  readonly table: dynamodb.ITable;
  /** Correlation id put in UserMetadata.mpsStackId of the jobs the API submits (ProcessMedia, restarts). */
  readonly stackId: string;
  /** Job submission (role, endpoint, queue, grants). */
  readonly jobs: IJobSubmission;
  /** Queue where task notifications are enqueued. */
  readonly notifyQueue: sqs.IQueue;
  /**
   * Dead letters of the notify queue: `GET /deliveries/failed` lists them, `POST /deliveries/replay`
   * sends them back to the notify queue.
   * @default - the /deliveries routes answer 409 FailedOperation.DeliveriesNotConfigured
   */
  readonly notifyDeadLetterQueue?: sqs.IQueue;
  /** Buckets the API may read sources from (ProcessMedia probes them): the trigger buckets. */
  readonly sourceBuckets: s3.IBucket[];
  /** Buckets outputs may be written to (schemas and ProcessMedia calls must name them or a source bucket). */
  readonly outputBuckets: s3.IBucket[];
  /**
   * Buckets holding watermark images besides the source buckets: the API reads the header of a watermark
   * template's image (ranged GET) to check it is a PNG/TGA image and record its size.
   * @default - none
   */
  readonly assetBuckets?: s3.IBucket[];
  /**
   * Origins whose browsers may call the API (CORS), e.g. the web console's `https://<id>.cloudfront.net`.
   * @default - none: no CORS headers, browsers of other origins cannot read answers
   */
  readonly allowedOrigins?: string[];

  /**
   * Stack-wide function callback (DEFAULT_NOTIFY_FUNCTION).
   * @default - none
   */
  readonly defaultNotifyFunction?: lambda.IFunction;

  /**
   * Steady-state request rate limit of the API stage (requests per second).
   * @default 50
   */
  readonly throttleRateLimit?: number;

  /**
   * Burst limit of the API stage.
   * @default 100
   */
  readonly throttleBurstLimit?: number;

  /**
   * Retention of the access logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;

  /**
   * Options of the Lambda function.
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/**
 * The control API: an HTTP API with IAM (SigV4) authorization on every route, proxying ANY /{proxy+} to the
 * api function, with JSON access logs.
 */
export class MpsControlApi extends Construct {
  public readonly httpApi: apigw.HttpApi;
  public readonly stage: apigw.HttpStage;
  public readonly apiFunction: lambda.IFunction;
  public readonly accessLogGroup: logs.ILogGroup;
  /** Base URL of the API (ends with '/'). */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: MpsControlApiProps) {
    super(scope, id);

    const fn = new MpsFunction(this, 'ApiFunction', {
      ...props.functionOptions,
      handler: 'api',
      description: 'mps: control API (templates, schemas, tasks, ProcessMedia)',
      memorySize: 1024,
      timeout: Duration.seconds(29), // HTTP API integrations time out at 30 s
      environment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.stackId]: props.stackId,
        [ENV.notifyQueueUrl]: props.notifyQueue.queueUrl,
        ...(props.notifyDeadLetterQueue ? { [ENV.notifyDlqUrl]: props.notifyDeadLetterQueue.queueUrl } : {}),
        ...(props.defaultNotifyFunction
          ? { [ENV.defaultNotifyFunction]: props.defaultNotifyFunction.functionArn }
          : {}),
        ...props.jobs.jobEnvironment,
        ...stackBucketsEnvironment(props.sourceBuckets, props.outputBuckets),
      },
    });
    props.table.grantReadWriteData(fn);
    fn.acknowledgeWildcard(`${props.table.tableArn}/index/*`, TABLE_INDEX_REASON);
    props.notifyQueue.grantSendMessages(fn);
    props.notifyDeadLetterQueue?.grantConsumeMessages(fn);
    props.jobs.grantSubmitJobs(fn);
    // Presigned URLs act with the signer's permissions: the web console's uploads into trigger buckets
    // (POST /uploads) and GETs of sources and outputs (GET /objects/url).
    for (const b of props.sourceBuckets) {
      grantObjectRead(b, fn);
      grantObjectWrite(b, fn);
      fn.acknowledgeWildcard(b.arnForObjects('*'), `${PROBE_REASON} ${PRESIGNED_UPLOAD_REASON}`);
    }
    for (const b of props.assetBuckets ?? []) {
      grantObjectRead(b, fn);
      fn.acknowledgeWildcard(b.arnForObjects('*'), WATERMARK_IMAGE_REASON);
    }
    for (const b of props.outputBuckets.filter((o) => !props.sourceBuckets.includes(o))) {
      grantObjectRead(b, fn);
      fn.acknowledgeWildcard(b.arnForObjects('*'), PRESIGNED_GET_REASON);
    }
    this.apiFunction = fn;

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'mps control API (IAM auth)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
      // Browsers of these origins (the web console) may call it; API Gateway answers their preflight
      // requests itself, before authorization. The SigV4 headers are the ones a signed request carries.
      ...(props.allowedOrigins?.length
        ? {
            corsPreflight: {
              allowOrigins: [...props.allowedOrigins],
              allowMethods: CONSOLE_API_CORS.allowMethods.map((m) => apigw.CorsHttpMethod[m]),
              allowHeaders: [...CONSOLE_API_CORS.allowHeaders],
              maxAge: Duration.seconds(CONSOLE_API_CORS.maxAgeSeconds),
            },
          }
        : {}),
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', fn, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [apigw.HttpMethod.ANY], integration });
    if (props.allowedOrigins?.length) {
      // Preflight requests carry no credentials: on the IAM-authorized ANY route they would be refused,
      // so OPTIONS has a route of its own without authorization (the function answers it 204, nothing else).
      const [preflight] = this.httpApi.addRoutes({
        path: '/{proxy+}',
        methods: [apigw.HttpMethod.OPTIONS],
        integration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      });
      acknowledgeNag(
        preflight!,
        'AwsSolutions-APIG4',
        'CORS preflight route: browsers send OPTIONS without credentials; the function answers 204 with no body and reads nothing',
      );
    }

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit ?? 50, burstLimit: props.throttleBurstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            caller: '$context.identity.caller',
            user: '$context.identity.userArn',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    this.url = this.stage.url;
  }
}
