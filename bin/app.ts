#!/usr/bin/env node
/**
 * CDK app entry. Context (all optional, `-c key=value`):
 *   stackName             default 'MpsStack' (what the mps CLI looks for)
 *   triggerBucket(s)      comma-separated existing bucket names (default: stack-created bucket)
 *   outputBucket(s)       comma-separated existing bucket names (default: stack-created bucket)
 *   assetBuckets          comma-separated buckets MediaConvert may read (watermark images)
 *   bucketKeyArns         comma-separated bucket=keyArn pairs: SSE-KMS keys of the buckets above
 *   ingestMaxConcurrency  most concurrent ingest function instances (default 10)
 *   mediaConvertQueueArn  MediaConvert queue (default: the Default queue)
 *   acceleration          DISABLED | ENABLED | PREFERRED
 *   defaultNotifyFunctionArn, alarmEmail, stuckSubtaskMinutes, maxJobMinutes
 *   notifyQueueArns, notifyTopicArns, notifyFunctionArns   external notification targets
 *   notifyKeyArns         KMS keys of encrypted external target queues/topics
 *   handlersDir           directory of the handler sources inside the project (default lambdas/handlers)
 *   webConsole            'true' deploys the web console (CloudFront + Cognito sign-in; default: off)
 *   mediaAi               'false' leaves Amazon Rekognition Video and Transcribe out (AI items refused; default: on)
 *   nag                   'false' disables the cdk-nag AwsSolutions checks (default: on)
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_STACK_NAME } from '../lambdas/contract';
import { MpsStack } from '../lib/mps-stack';
import type { MediaConvertAcceleration } from '../lib/processing';

const app = new App();

function ctx(...keys: string[]): string | undefined {
  for (const key of keys) {
    const v: unknown = app.node.tryGetContext(key);
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return undefined;
}
function list(...keys: string[]): string[] | undefined {
  const v = ctx(...keys);
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

const acceleration = ctx('acceleration');
const ACCELERATION: readonly string[] = ['DISABLED', 'ENABLED', 'PREFERRED'];
if (acceleration !== undefined && !ACCELERATION.includes(acceleration)) {
  throw new Error(`context "acceleration" is "${acceleration}"; allowed: ${ACCELERATION.join(', ')}`);
}

const positive = (key: string): number | undefined => {
  const v = ctx(key);
  if (v === undefined) return undefined;
  if (!(Number.isInteger(Number(v)) && Number(v) > 0)) {
    throw new Error(`context "${key}" is "${v}"; expected a positive integer`);
  }
  return Number(v);
};
const bucketKeyArns = Object.fromEntries(
  (list('bucketKeyArns') ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`context "bucketKeyArns": "${pair}" is not bucket=keyArn`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);

new MpsStack(app, ctx('stackName') ?? DEFAULT_STACK_NAME, {
  description: 'mps-aws: serverless Media Processing Service (MediaConvert)',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  triggerBucketNames: list('triggerBuckets', 'triggerBucket'),
  outputBucketNames: list('outputBuckets', 'outputBucket'),
  assetBucketNames: list('assetBuckets'),
  bucketKeyArns,
  ingestMaxConcurrency: positive('ingestMaxConcurrency'),
  mediaConvertQueueArn: ctx('mediaConvertQueueArn'),
  acceleration: acceleration as MediaConvertAcceleration | undefined,
  defaultNotifyFunctionArn: ctx('defaultNotifyFunctionArn'),
  alarmEmail: ctx('alarmEmail'),
  stuckSubtaskMinutes: positive('stuckSubtaskMinutes'),
  maxJobMinutes: positive('maxJobMinutes'),
  webConsole: ctx('webConsole') === 'true',
  mediaAi: ctx('mediaAi') !== 'false',
  functionOptions: { handlersDir: ctx('handlersDir') },
  notificationTargets: {
    queueArns: list('notifyQueueArns'),
    topicArns: list('notifyTopicArns'),
    functionArns: list('notifyFunctionArns'),
    keyArns: list('notifyKeyArns'),
  },
});

if (ctx('nag') !== 'false') {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
