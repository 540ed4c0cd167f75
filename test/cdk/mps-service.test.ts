/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized CloudFormation JSON is untyped */
/**
 * MpsService as a construct in a user's own stack, next to the user's own (KMS-encrypted) buckets; and
 * customer-managed keys given to MpsStack by bucket name.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MpsService } from '../../lib/mps-service';
import { MpsStack } from '../../lib/mps-stack';
import {
  actionsOf,
  ENV,
  handlersDir,
  lid,
  mpsFunctions,
  resourcesOf,
  roleIdOf,
  statementsOfRole,
} from './helpers';

const TRIGGER_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/11111111-1111-1111-1111-111111111111';
const OUTPUT_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/22222222-2222-2222-2222-222222222222';
const TARGET_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/33333333-3333-3333-3333-333333333333';

/** KMS statements of a role: actions by key ARN, with their ViaService condition. */
function kmsGrants(t: Template, roleId: string): Record<string, { actions: string[]; via: unknown }> {
  const out: Record<string, { actions: string[]; via: unknown }> = {};
  for (const s of statementsOfRole(t, roleId)) {
    const actions = actionsOf(s).filter((a) => a.startsWith('kms:'));
    if (actions.length === 0) continue;
    const key = JSON.stringify(s.Resource);
    const entry = (out[key] ??= { actions: [], via: (s.Condition as any)?.StringEquals?.['kms:ViaService'] });
    entry.actions = [...new Set([...entry.actions, ...actions])].sort();
  }
  return out;
}

describe('MpsService in a user stack with its own encrypted buckets', () => {
  let t: Template;
  let service: MpsService;
  let uploadsKey: kms.Key;
  let uploads: s3.Bucket;

  beforeAll(() => {
    const app = new App();
    const stack = new Stack(app, 'UserStack', { env: ENV });
    uploadsKey = new kms.Key(stack, 'UploadsKey');
    uploads = new s3.Bucket(stack, 'Uploads', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: uploadsKey,
      enforceSSL: true,
    });
    const published = s3.Bucket.fromBucketAttributes(stack, 'Published', {
      bucketName: 'user-published',
      encryptionKey: kms.Key.fromKeyArn(stack, 'PublishedKey', OUTPUT_KEY),
    });
    service = new MpsService(stack, 'Media', {
      triggerBuckets: [uploads],
      outputBuckets: [published],
      serviceId: 'user-media',
      functionOptions: { handlersDir: handlersDir() },
    });
    t = Template.fromStack(stack);
  });

  test("uses the user's buckets: it creates only its work and access-log buckets", () => {
    const created = Object.keys(resourcesOf(t, 'AWS::S3::Bucket')).sort();
    expect(created).toEqual(
      [lid(service.storage.workBucket), lid(service.storage.accessLogBucket), lid(uploads)].sort(),
    );
    // The user's own bucket gets EventBridge delivery (a bucket of this stack: managed notifications).
    t.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: lid(uploads) },
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  test('MediaConvert may decrypt sources and encrypt outputs with the buckets’ keys, through S3 only', () => {
    const grants = kmsGrants(t, lid(service.processing.mediaConvertRole));
    const via = 's3.eu-west-1.amazonaws.com';
    expect(grants[JSON.stringify({ 'Fn::GetAtt': [lid(uploadsKey), 'Arn'] })]).toEqual({
      // Trigger buckets are also written: outputs default to the upload's location.
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      via: [via],
    });
    expect(grants[JSON.stringify(OUTPUT_KEY)]).toEqual({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      via: [via],
    });
  });

  test('ingest may decrypt the sources it probes; no function gets wildcard KMS actions', () => {
    const fns = mpsFunctions(t);
    const ingest = kmsGrants(t, roleIdOf(fns.ingest!));
    expect(ingest[JSON.stringify({ 'Fn::GetAtt': [lid(uploadsKey), 'Arn'] })]?.actions).toEqual([
      'kms:Decrypt',
    ]);
    for (const fn of Object.values(fns)) {
      for (const g of Object.values(kmsGrants(t, roleIdOf(fn)))) {
        for (const a of g.actions) expect(a).not.toContain('*');
      }
    }
  });

  test('the service id names its jobs and filters its job events', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { detail: { userMetadata: { mpsStackId: ['user-media'] } } },
    });
    expect(mpsFunctions(t).ingest!.props.Environment.Variables.STACK_ID).toBe('user-media');
  });
});

describe('MpsStack with customer-managed keys by bucket name', () => {
  test('grants the keys of imported buckets and of external notification targets', () => {
    const app = new App();
    const stack = new MpsStack(app, 'MpsKeys', {
      env: ENV,
      functionOptions: { handlersDir: handlersDir() },
      triggerBucketNames: ['media-in'],
      outputBucketNames: ['media-out'],
      bucketKeyArns: { 'media-in': TRIGGER_KEY, 'media-out': OUTPUT_KEY },
      notificationTargets: {
        topicArns: ['arn:aws:sns:eu-west-1:111111111111:user-events'],
        keyArns: [TARGET_KEY],
      },
    });
    const t = Template.fromStack(stack);
    const mc = kmsGrants(t, lid(stack.processing.mediaConvertRole));
    expect(mc[JSON.stringify(TRIGGER_KEY)]?.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(mc[JSON.stringify(OUTPUT_KEY)]?.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    const notify = kmsGrants(t, roleIdOf(mpsFunctions(t)['notify-delivery']!));
    expect(notify[JSON.stringify(TARGET_KEY)]).toEqual({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      via: ['sqs.eu-west-1.amazonaws.com', 'sns.eu-west-1.amazonaws.com'],
    });
  });

  test('refuses a key for a bucket it does not use', () => {
    expect(
      () =>
        new MpsStack(new App(), 'MpsBadKeys', {
          env: ENV,
          functionOptions: { handlersDir: handlersDir() },
          triggerBucketNames: ['media-in'],
          bucketKeyArns: { 'media-typo': TRIGGER_KEY },
        }),
    ).toThrow(/bucketKeyArns names bucket\(s\) media-typo that are not trigger, output or asset buckets/);
  });
});
