#!/usr/bin/env node
/**
 * CDK app entry. Context (all optional, `-c key=value`):
 *   stackName             default 'Mps'
 *   triggerBucket(s)      comma-separated existing bucket names (default: stack-created bucket)
 *   outputBucket(s)       comma-separated existing bucket names (default: stack-created bucket)
 *   assetBuckets          comma-separated buckets MediaConvert may read (watermark images)
 *   mediaConvertQueueArn  MediaConvert queue (default: the Default queue)
 *   acceleration          DISABLED | ENABLED | PREFERRED
 *   defaultNotifyFunctionArn, alarmEmail, stuckSubtaskMinutes
 *   notifyQueueArns, notifyTopicArns, notifyFunctionArns   external notification targets
 *   handlersDir           directory of the handler sources inside the project (default lambdas/handlers)
 *   nag                   'false' disables the cdk-nag AwsSolutions checks (default: on)
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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
const stuck = ctx('stuckSubtaskMinutes');
if (stuck !== undefined && !(Number.isInteger(Number(stuck)) && Number(stuck) > 0)) {
  throw new Error(`context "stuckSubtaskMinutes" is "${stuck}"; expected a positive integer`);
}

new MpsStack(app, ctx('stackName') ?? 'Mps', {
  description: 'mps-aws: serverless Media Processing Service (MediaConvert)',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  triggerBucketNames: list('triggerBuckets', 'triggerBucket'),
  outputBucketNames: list('outputBuckets', 'outputBucket'),
  assetBucketNames: list('assetBuckets'),
  mediaConvertQueueArn: ctx('mediaConvertQueueArn'),
  acceleration: acceleration as MediaConvertAcceleration | undefined,
  defaultNotifyFunctionArn: ctx('defaultNotifyFunctionArn'),
  alarmEmail: ctx('alarmEmail'),
  stuckSubtaskMinutes: stuck === undefined ? undefined : Number(stuck),
  functionOptions: { handlersDir: ctx('handlersDir') },
  notificationTargets: {
    queueArns: list('notifyQueueArns'),
    topicArns: list('notifyTopicArns'),
    functionArns: list('notifyFunctionArns'),
  },
});

if (ctx('nag') !== 'false') {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
