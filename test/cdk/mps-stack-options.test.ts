import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MpsStack } from '../../lib/mps-stack';
import {
  actionsOf,
  ENV,
  handlersDir,
  lid,
  mpsFunctions,
  resourcesOf,
  resourcesOfStatement,
  roleIdOf,
  statementsOfRole,
} from './helpers';

const QUEUE_ARN = 'arn:aws:mediaconvert:eu-west-1:111111111111:queues/mps';
const DEFAULT_FN = 'arn:aws:lambda:eu-west-1:111111111111:function:on-task-event';
const EXT_QUEUE = 'arn:aws:sqs:eu-west-1:222222222222:partner-events';
const EXT_TOPIC = 'arn:aws:sns:eu-west-1:111111111111:media-events';
const EXT_FN = 'arn:aws:lambda:eu-west-1:111111111111:function:indexer';

let stack: MpsStack;
let t: Template;
let fns: ReturnType<typeof mpsFunctions>;

beforeAll(() => {
  const app = new App();
  stack = new MpsStack(app, 'MpsImported', {
    env: ENV,
    functionOptions: { handlersDir: handlersDir() },
    triggerBucketNames: ['media-in-a', 'media-in-b'],
    outputBucketNames: ['media-out'],
    assetBucketNames: ['media-assets'],
    mediaConvertQueueArn: QUEUE_ARN,
    acceleration: 'PREFERRED',
    defaultNotifyFunctionArn: DEFAULT_FN,
    alarmEmail: 'ops@example.com',
    createNotificationQueue: false,
    createNotificationTopic: true,
    stuckSubtaskMinutes: 60,
    notificationTargets: { queueArns: [EXT_QUEUE], topicArns: [EXT_TOPIC], functionArns: [EXT_FN] },
  });
  t = Template.fromStack(stack);
  fns = mpsFunctions(t);
});

const s3Arn = (suffix: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${suffix}`]],
});

test('imported buckets: only the work bucket and its access-log bucket are created', () => {
  expect(Object.keys(resourcesOf(t, 'AWS::S3::Bucket')).sort()).toEqual(
    [lid(stack.storage.workBucket), lid(stack.storage.accessLogBucket)].sort(),
  );
  t.resourceCountIs('AWS::S3::BucketPolicy', 2);
  expect(stack.storage.triggerBuckets.map((b) => b.bucketName)).toEqual(['media-in-a', 'media-in-b']);
});

test('imported trigger buckets get EventBridge delivery merged into their existing notifications', () => {
  // Managed: false = the handler adds EventBridge to what the bucket has instead of replacing it.
  const notifications = Object.values(resourcesOf(t, 'Custom::S3BucketNotifications')).map(
    (r) => r.Properties!,
  );
  expect(notifications.map((n) => n.BucketName).sort()).toEqual(['media-in-a', 'media-in-b']);
  for (const n of notifications) {
    expect(n.Managed).toBe(false);
    expect(n.NotificationConfiguration).toEqual({ EventBridgeConfiguration: {} });
  }
});

test('upload rule matches the imported trigger bucket names', () => {
  t.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['media-in-a', 'media-in-b'] } },
    },
  });
});

test('MediaConvert role: read on both trigger buckets and the asset bucket, write on the output and trigger buckets', () => {
  const byAction: Record<string, unknown[]> = {};
  for (const s of statementsOfRole(t, lid(stack.processing.mediaConvertRole))) {
    for (const a of actionsOf(s)) (byAction[a] ??= []).push(...resourcesOfStatement(s));
  }
  expect(byAction['s3:GetObject']).toEqual([
    s3Arn('media-in-a/*'),
    s3Arn('media-in-b/*'),
    s3Arn('media-assets/*'),
  ]);
  const companions = {
    'Fn::Join': ['', [{ 'Fn::GetAtt': [lid(stack.storage.workBucket), 'Arn'] }, '/companions/*']],
  };
  const covers = {
    'Fn::Join': ['', [{ 'Fn::GetAtt': [lid(stack.storage.workBucket), 'Arn'] }, '/ai/covers/*']],
  };
  const writable = [s3Arn('media-out/*'), s3Arn('media-in-a/*'), s3Arn('media-in-b/*'), companions, covers];
  expect(byAction['s3:PutObject']).toEqual(writable);
  expect(byAction['s3:AbortMultipartUpload']).toEqual(writable);
  expect(Object.keys(byAction).sort()).toEqual(
    [
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ].sort(),
  );
});

test('configured MediaConvert queue and acceleration reach the job-submitting functions and the grants', () => {
  // job-events and the watchdog submit the cover jobs of AI analyses: they get the same settings.
  for (const name of ['ingest', 'api', 'job-events', 'watchdog']) {
    expect(fns[name].props.Environment.Variables).toMatchObject({
      MEDIACONVERT_QUEUE_ARN: QUEUE_ARN,
      MEDIACONVERT_ACCELERATION: 'PREFERRED',
      MEDIACONVERT_ENDPOINT: {
        'Fn::Join': ['', ['https://mediaconvert.eu-west-1.', { Ref: 'AWS::URLSuffix' }]],
      },
    });
  }
  for (const name of ['ingest', 'job-events', 'watchdog']) {
    const create = statementsOfRole(t, roleIdOf(fns[name])).find((s) =>
      actionsOf(s).includes('mediaconvert:CreateJob'),
    );
    expect(resourcesOfStatement(create!)).toContain(QUEUE_ARN);
    expect(JSON.stringify(create)).not.toContain('queues/Default');
  }
  expect(fns.watchdog.props.Environment.Variables.STUCK_SUBTASK_MINUTES).toBe('60');
});

test('default notify function: passed to job-events/ingest/api, invocable by notify-delivery only', () => {
  for (const name of ['job-events', 'ingest', 'api']) {
    expect(fns[name].props.Environment.Variables.DEFAULT_NOTIFY_FUNCTION).toBe(DEFAULT_FN);
  }
  const invokers = Object.entries(fns)
    .filter(([, f]) =>
      statementsOfRole(t, roleIdOf(f)).some(
        (s) => actionsOf(s).includes('lambda:InvokeFunction') && resourcesOfStatement(s).includes(DEFAULT_FN),
      ),
    )
    .map(([name]) => name);
  expect(invokers).toEqual(['notify-delivery']);
});

test('external targets and the stack topic are granted to notify-delivery', () => {
  const statements = statementsOfRole(t, roleIdOf(fns['notify-delivery']));
  const granted = (action: string) =>
    statements.filter((s) => actionsOf(s).includes(action)).flatMap((s) => resourcesOfStatement(s));
  expect(granted('sqs:SendMessage')).toContain(EXT_QUEUE);
  expect(granted('sns:Publish')).toEqual(
    expect.arrayContaining([EXT_TOPIC, { Ref: lid(stack.notifications.notificationTopic!) }]),
  );
  expect(granted('lambda:InvokeFunction')).toEqual(
    expect.arrayContaining([EXT_FN, `${EXT_FN}:*`, DEFAULT_FN]),
  );
  // The stack topic is KMS-encrypted; publishing needs the key.
  expect(granted('kms:Decrypt')).toContainEqual({
    'Fn::GetAtt': [lid(stack.notifications.notificationTopicKey!), 'Arn'],
  });
  // ingest, job events, notify (each + DLQ) and 3 rule-target DLQs; no stack notification queue.
  expect(stack.notifications.notificationQueue).toBeUndefined();
  t.resourceCountIs('AWS::SQS::Queue', 9);
});

test('alarm topic: KMS-encrypted (CloudWatch may use the key), e-mail subscription, actions on every alarm', () => {
  const topicId = lid(stack.alarms.alarmTopic!);
  const keyId = Object.keys(resourcesOf(t, 'AWS::KMS::Key')).find((id) =>
    id.startsWith('ServiceAlarmsAlarmTopicKey'),
  )!;
  t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  t.hasResourceProperties('AWS::KMS::Key', {
    EnableKeyRotation: true,
    KeyPolicy: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      ]),
    },
  });
  t.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'ops@example.com',
    TopicArn: { Ref: topicId },
  });
  const alarms = Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm'));
  expect(alarms.length).toBeGreaterThan(10);
  for (const a of alarms) {
    expect(a.Properties!.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(a.Properties!.OKActions).toEqual([{ Ref: topicId }]);
  }
  // enforceSSL's Deny replaces SNS's default policy, so CloudWatch needs an explicit Allow to publish.
  t.hasResourceProperties('AWS::SNS::TopicPolicy', {
    Topics: [{ Ref: topicId }],
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: topicId },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        }),
      ]),
    },
  });
  expect(t.findOutputs('AlarmTopicArn')).toHaveProperty('AlarmTopicArn');
  expect(t.findOutputs('TriggerBucket').TriggerBucket.Value).toBe('media-in-a,media-in-b');
});
