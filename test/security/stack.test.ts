/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized CloudFormation JSON is untyped */
/**
 * Security properties of the synthesized stack (every optional feature on: notification queue and topic,
 * alarm topic, default and external notification targets), asserted over every resource of its type:
 * least-privilege IAM with a written allow-list for '*' resources, encrypted SSL-only private buckets,
 * SSE + SSL-only queues (with DLQs for the work queues), KMS-encrypted topics, IAM auth on every API
 * route, and the callback secret's value never in the template (env, outputs, properties).
 * Bundling is skipped (asset hashes do not matter here), so synthesis takes seconds.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MpsStack } from '../../lib/mps-stack';
import {
  actionsOf,
  ENV,
  handlersDir,
  mpsFunctions,
  resourcesOf,
  resourcesOfStatement,
  type Statement,
} from '../cdk/helpers';

let stack: MpsStack;
let t: Template;
let json: { Resources: Record<string, any>; Outputs?: Record<string, any> };

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new MpsStack(app, 'MpsSecurity', {
    env: ENV,
    functionOptions: { handlersDir: handlersDir() },
    defaultNotifyFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:on-task-event',
    alarmEmail: 'ops@example.com',
    createNotificationQueue: true,
    createNotificationTopic: true,
    notificationTargets: {
      queueArns: ['arn:aws:sqs:eu-west-1:222222222222:partner-events'],
      topicArns: ['arn:aws:sns:eu-west-1:111111111111:media-events'],
      functionArns: ['arn:aws:lambda:eu-west-1:111111111111:function:indexer'],
    },
  });
  t = Template.fromStack(stack);
  json = t.toJSON() as typeof json;
});

interface Located extends Statement {
  where: string;
  kind: 'identity' | 'resource' | 'key';
}

/** Every policy statement of the template: identity policies, resource policies and key policies. */
function allStatements(): Located[] {
  const out: Located[] = [];
  for (const [id, r] of Object.entries(json.Resources)) {
    const p = r.Properties ?? {};
    const add = (doc: any, kind: Located['kind']) =>
      doc?.Statement?.forEach((s: Statement) => out.push({ ...s, where: `${r.Type} ${id}`, kind }));
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      add(p.PolicyDocument, 'identity');
    if (r.Type === 'AWS::IAM::Role') for (const pol of p.Policies ?? []) add(pol.PolicyDocument, 'identity');
    if (['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy'].includes(r.Type)) {
      add(p.PolicyDocument, 'resource');
    }
    if (r.Type === 'AWS::KMS::Key') add(p.KeyPolicy, 'key');
  }
  return out;
}

/**
 * The only Allow statements that may name Resource '*', each with the reason it cannot be narrower.
 */
const WILDCARD_RESOURCE_ALLOW_LIST: Array<{ matches: (s: Located) => boolean; reason: string }> = [
  {
    matches: (s) =>
      s.kind === 'identity' &&
      actionsOf(s).every((a) => a === 'xray:PutTraceSegments' || a === 'xray:PutTelemetryRecords'),
    reason:
      'X-Ray active tracing: PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
  },
  {
    matches: (s) => s.kind === 'key',
    reason:
      'KMS key policies: Resource "*" in a key policy means "this key"; the policy is attached to one key.',
  },
  {
    matches: (s) =>
      s.kind === 'identity' &&
      actionsOf(s).every((a) =>
        /^rekognition:(Start|Get)(ContentModeration|LabelDetection|TextDetection|SegmentDetection)$/.test(a),
      ),
    reason:
      'Amazon Rekognition Video Start*/Get* operations on stored videos have no resource-level permissions ' +
      '(Service Authorization Reference); only the video operations the AI items use are listed.',
  },
];

/** Allow statements with a service-wide action ("svc:*"), each with its reason. */
const SERVICE_WILDCARD_ACTION_ALLOW_LIST: Array<{ matches: (s: Located) => boolean; reason: string }> = [
  {
    matches: (s) =>
      s.kind === 'key' &&
      actionsOf(s).join() === 'kms:*' &&
      JSON.stringify(s.Principal).includes(':root') &&
      s.Condition === undefined,
    reason:
      'The default key policy: the account root gets kms:* so that IAM policies in the account can grant use of the key (without it the key is unmanageable).',
  },
];

describe('IAM', () => {
  test('no statement allows the "*" action', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(30);
    const offenders = statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).includes('*'));
    expect(offenders).toEqual([]);
  });

  test('service-wide actions ("svc:*") are allowed only where the allow-list says why', () => {
    const offenders = allStatements().filter(
      (s) =>
        s.Effect === 'Allow' &&
        actionsOf(s).some((a) => a.endsWith(':*')) &&
        !SERVICE_WILDCARD_ACTION_ALLOW_LIST.some((e) => e.matches(s)),
    );
    expect(offenders).toEqual([]);
  });

  test('every Resource "*" is in the allow-list, with a justification', () => {
    const wildcard = allStatements().filter(
      (s) => s.Effect === 'Allow' && resourcesOfStatement(s).includes('*'),
    );
    expect(wildcard.length).toBeGreaterThan(0);
    for (const s of wildcard) {
      const entry = WILDCARD_RESOURCE_ALLOW_LIST.find((e) => e.matches(s));
      expect({ where: s.where, actions: actionsOf(s), allowed: entry !== undefined }).toEqual({
        where: s.where,
        actions: actionsOf(s),
        allowed: true,
      });
      expect(entry!.reason.length).toBeGreaterThan(40);
    }
  });

  test('no resource policy allows an anonymous or any-account principal', () => {
    const open = allStatements().filter(
      (s) =>
        s.kind === 'resource' &&
        s.Effect === 'Allow' &&
        (s.Principal === '*' || JSON.stringify(s.Principal ?? {}).includes('"AWS":"*"')),
    );
    expect(open).toEqual([]);
  });

  test('no role carries an AWS managed admin, power-user or full-access policy', () => {
    for (const [id, r] of Object.entries(resourcesOf(t, 'AWS::IAM::Role'))) {
      const managed = JSON.stringify(r.Properties?.ManagedPolicyArns ?? []);
      expect({ id, admin: /AdministratorAccess|PowerUserAccess|FullAccess/.test(managed) }).toEqual({
        id,
        admin: false,
      });
    }
  });
});

/** Logical ids referenced by a policy's Bucket / Queues / Topics property. */
const refsOf = (v: unknown): string[] =>
  JSON.stringify(v ?? null)
    .match(/"(?:Ref|Fn::GetAtt)":(?:"|\[")([A-Za-z0-9]+)/g)
    ?.map((m) => m.replace(/^.*"([A-Za-z0-9]+)$/, '$1')) ?? [];

/** True when `doc` denies every action for requests without TLS. */
function deniesInsecureTransport(doc: any): boolean {
  return (doc?.Statement ?? []).some(
    (s: any) =>
      s.Effect === 'Deny' &&
      JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"') &&
      (JSON.stringify(s.Principal) === '{"AWS":"*"}' || s.Principal === '*'),
  );
}

describe('storage', () => {
  test('every bucket is encrypted, blocks all public access, and its policy is SSL-only', () => {
    const buckets = resourcesOf(t, 'AWS::S3::Bucket');
    expect(Object.keys(buckets).length).toBeGreaterThanOrEqual(3);
    const policies = Object.values(resourcesOf(t, 'AWS::S3::BucketPolicy'));
    for (const [id, b] of Object.entries(buckets)) {
      const p = b.Properties!;
      expect(
        p.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault
          ?.SSEAlgorithm,
      ).toMatch(/^(AES256|aws:kms)$/);
      expect(p.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(p.AccessControl === undefined || p.AccessControl === 'Private').toBe(true);
      const own = policies.filter((pol) => refsOf(pol.Properties!.Bucket).includes(id));
      expect({
        id,
        sslOnly: own.some((pol) => deniesInsecureTransport(pol.Properties!.PolicyDocument)),
      }).toEqual({
        id,
        sslOnly: true,
      });
    }
  });
});

describe('queues and topics', () => {
  test('every SQS queue has SSE and an SSL-only policy; every work queue has a DLQ', () => {
    const queues = resourcesOf(t, 'AWS::SQS::Queue');
    expect(Object.keys(queues).length).toBeGreaterThanOrEqual(8);
    const policies = Object.values(resourcesOf(t, 'AWS::SQS::QueuePolicy'));
    for (const [id, q] of Object.entries(queues)) {
      const p = q.Properties ?? {};
      expect({ id, sse: p.SqsManagedSseEnabled === true || p.KmsMasterKeyId !== undefined }).toEqual({
        id,
        sse: true,
      });
      const own = policies.filter((pol) => refsOf(pol.Properties!.Queues).includes(id));
      expect({
        id,
        sslOnly: own.some((pol) => deniesInsecureTransport(pol.Properties!.PolicyDocument)),
      }).toEqual({
        id,
        sslOnly: true,
      });
    }
    // Queues a Lambda consumes retry into a DLQ (nothing is lost after maxReceiveCount).
    const consumed = Object.values(resourcesOf(t, 'AWS::Lambda::EventSourceMapping')).flatMap((m) =>
      refsOf(m.Properties!.EventSourceArn),
    );
    expect(consumed).toHaveLength(3);
    for (const id of consumed) {
      const redrive = queues[id]!.Properties!.RedrivePolicy;
      expect({ id, maxReceiveCount: redrive?.maxReceiveCount }).toEqual({
        id,
        maxReceiveCount: expect.any(Number),
      });
      expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(3);
      const dlq = refsOf(redrive.deadLetterTargetArn)[0]!;
      expect(queues[dlq]).toBeDefined();
    }
    for (const m of Object.values(resourcesOf(t, 'AWS::Lambda::EventSourceMapping'))) {
      expect(m.Properties!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  test('every SNS topic is KMS-encrypted and SSL-only', () => {
    const topics = resourcesOf(t, 'AWS::SNS::Topic');
    // Notifications, Rekognition's NotificationChannel, alarms.
    expect(Object.keys(topics)).toHaveLength(3);
    const policies = Object.values(resourcesOf(t, 'AWS::SNS::TopicPolicy'));
    for (const [id, topic] of Object.entries(topics)) {
      expect({ id, kms: topic.Properties?.KmsMasterKeyId }).toEqual({ id, kms: expect.anything() });
      const own = policies.filter((pol) => refsOf(pol.Properties!.Topics).includes(id));
      expect({
        id,
        sslOnly: own.some((pol) => deniesInsecureTransport(pol.Properties!.PolicyDocument)),
      }).toEqual({
        id,
        sslOnly: true,
      });
    }
    for (const key of Object.values(resourcesOf(t, 'AWS::KMS::Key'))) {
      expect(key.Properties!.EnableKeyRotation).toBe(true);
    }
  });
});

describe('control API', () => {
  test('every HTTP API route requires AWS_IAM authorization', () => {
    const routes = Object.values(resourcesOf(t, 'AWS::ApiGatewayV2::Route'));
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) {
      expect({ route: r.Properties!.RouteKey, auth: r.Properties!.AuthorizationType }).toEqual({
        route: r.Properties!.RouteKey,
        auth: 'AWS_IAM',
      });
    }
    expect(resourcesOf(t, 'AWS::ApiGatewayV2::Authorizer')).toEqual({});
  });
});

describe('callback secret', () => {
  test('its value is generated by Secrets Manager and never appears in the template', () => {
    const secrets = Object.entries(resourcesOf(t, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0]!;
    expect(secret.Properties!.SecretString).toBeUndefined();
    expect(secret.Properties!.GenerateSecretString).toBeDefined();
    const text = JSON.stringify(json);
    // No dynamic reference resolving the value into a property, env variable or output.
    expect(text).not.toMatch(/resolve:secretsmanager/i);
    expect(text).not.toMatch(/"SecretString"/);

    const fns = mpsFunctions(t);
    for (const [name, fn] of Object.entries(fns)) {
      const env: Record<string, unknown> = fn.props.Environment?.Variables ?? {};
      expect({ name, plain: 'CALLBACK_SECRET' in env }).toEqual({ name, plain: false });
      for (const [k, v] of Object.entries(env)) {
        // Only the ARN (a Ref) may point at the secret.
        if (refsOf(v).includes(secretId)) expect({ name, k }).toEqual({ name, k: 'CALLBACK_SECRET_ARN' });
      }
    }
    expect(fns['notify-delivery']!.props.Environment.Variables.CALLBACK_SECRET_ARN).toEqual({
      Ref: secretId,
    });
    for (const [name, out] of Object.entries(json.Outputs ?? {})) {
      if (refsOf(out.Value).includes(secretId))
        expect({ name, value: out.Value }).toEqual({ name, value: { Ref: secretId } });
    }
    // Only notify-delivery may read it.
    const readers = allStatements().filter(
      (s) => s.Effect === 'Allow' && actionsOf(s).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers.map((s) => s.where)).toEqual([
      expect.stringMatching(/^AWS::IAM::Policy ServiceNotificationsDeliveryFunctionRole/),
    ]);
  });
});
