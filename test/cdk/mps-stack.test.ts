/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized CloudFormation JSON is untyped */
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { MPS_RUNTIME } from '../../lib/function';
import { REKOGNITION_GET_ACTIONS, REKOGNITION_START_ACTIONS } from '../../lib/media-ai';
import { MpsStack } from '../../lib/mps-stack';
import type { SchemaSeed, TemplateSeed } from '../../lib/seed';
import { OUTBOX_SWEEP_INPUT, TABLE_KEYS } from '../../lambdas/contract';
import {
  actionsOf,
  HANDLERS,
  handlersDir,
  lid,
  mpsFunctions,
  resourcesOf,
  resourcesOfStatement,
  roleIdOf,
  statementsOfRole,
  type Statement,
} from './helpers';

const TEMPLATES: TemplateSeed[] = [
  {
    id: 1_000_001,
    type: 'snapshot',
    name: 'thumb',
    width: 320,
    height: 0,
    format: 'jpg',
    quality: 80,
  },
];
const SCHEMAS: SchemaSeed[] = [
  {
    name: 'thumbs',
    // No bucket: the stack's own (created) trigger bucket, whose name is known at deploy only.
    trigger: { directory: 'uploads/' },
    output: { directory: 'thumbs/' },
    items: { snapshotByTimeOffset: [{ templateId: 1_000_001, offsets: [{ value: 1, unit: 's' }] }] },
  },
];

let stack: MpsStack;
let t: Template;
let fns: ReturnType<typeof mpsFunctions>;
let ids: {
  trigger: string;
  output: string;
  logs: string;
  work: string;
  table: string;
  mcRole: string;
  ingestQueue: string;
  jobEventsQueue: string;
  notifyQueue: string;
};

beforeAll(() => {
  const app = new App();
  stack = new MpsStack(app, 'MpsTest', {
    functionOptions: { handlersDir: handlersDir() },
    templates: TEMPLATES,
    schemas: SCHEMAS,
  });
  t = Template.fromStack(stack);
  fns = mpsFunctions(t);
  ids = {
    trigger: lid(stack.storage.triggerBuckets[0]),
    output: lid(stack.storage.outputBuckets[0]),
    logs: lid(stack.storage.accessLogBucket),
    work: lid(stack.storage.workBucket),
    table: lid(stack.state.table),
    mcRole: lid(stack.processing.mediaConvertRole),
    ingestQueue: lid(stack.ingestion.ingestQueue),
    jobEventsQueue: lid(stack.processing.jobEventsQueue),
    notifyQueue: lid(stack.notifications.notifyQueue),
  };
});

const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objectsOf = (id: string) => ({ 'Fn::Join': ['', [arn(id), '/*']] });
const companionsOf = (id: string) => ({ 'Fn::Join': ['', [arn(id), '/companions/*']] });
const coversOf = (id: string) => ({ 'Fn::Join': ['', [arn(id), '/ai/covers/*']] });

describe('storage', () => {
  test('every bucket is SSE-S3 encrypted and blocks all public access; all but the work bucket are versioned', () => {
    const buckets = resourcesOf(t, 'AWS::S3::Bucket');
    expect(Object.keys(buckets).sort()).toEqual([ids.logs, ids.output, ids.trigger, ids.work].sort());
    for (const [id, b] of Object.entries(buckets)) {
      expect(b.Properties!.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(b.Properties!.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      if (id === ids.work) continue;
      expect(b.Properties!.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      // Versioned: an overwritten output keeps its old version, so old versions must expire.
      expect(b.Properties!.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      );
    }
  });

  test('the work bucket (companion outputs) expires its objects after a day and logs its access', () => {
    const work = resourcesOf(t, 'AWS::S3::Bucket')[ids.work]!;
    expect(work.Properties!.VersioningConfiguration).toBeUndefined();
    expect(work.Properties!.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Status: 'Enabled',
          ExpirationInDays: 1,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
    expect(work.Properties!.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: ids.logs },
      LogFilePrefix: 'WorkBucket/',
    });
  });

  test('every bucket has a policy denying requests without TLS', () => {
    const policies = Object.values(resourcesOf(t, 'AWS::S3::BucketPolicy'));
    for (const bucketId of [ids.logs, ids.output, ids.trigger, ids.work]) {
      const policy = policies.find((p) => p.Properties!.Bucket.Ref === bucketId);
      expect(policy).toBeDefined();
      expect(policy!.Properties!.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  test('trigger and output buckets log to the access-log bucket and abort incomplete multipart uploads', () => {
    for (const id of [ids.trigger, ids.output]) {
      t.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          LoggingConfiguration: { DestinationBucketName: { Ref: ids.logs }, LogFilePrefix: Match.anyValue() },
          LifecycleConfiguration: {
            Rules: Match.arrayWith([
              Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
            ]),
          },
        }),
      });
      expect(
        resourcesOf(t, 'AWS::S3::Bucket')[id].Properties!.LoggingConfiguration.DestinationBucketName,
      ).toEqual({
        Ref: ids.logs,
      });
    }
    // Access logs are delivered through the bucket policy (logging.s3.amazonaws.com), not an ACL.
    const logPolicy = Object.values(resourcesOf(t, 'AWS::S3::BucketPolicy')).find(
      (p) => p.Properties!.Bucket.Ref === ids.logs,
    )!;
    expect(logPolicy.Properties!.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' } }),
    );
  });

  test('EventBridge notifications are on for the trigger bucket only', () => {
    const notifications = Object.values(resourcesOf(t, 'Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    expect(notifications[0].Properties!.BucketName).toEqual({ Ref: ids.trigger });
    expect(notifications[0].Properties!.NotificationConfiguration).toEqual({ EventBridgeConfiguration: {} });
  });
});

describe('event rules', () => {
  test('uploads: aws.s3 Object Created on the trigger bucket → IngestQueue with its own DLQ and retries', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: ids.trigger }] } },
      },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: arn(ids.ingestQueue),
          DeadLetterConfig: { Arn: arn(lid(stack.ingestion.ruleDeadLetterQueue)) },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        }),
      ],
    });
  });

  test("job-state changes: aws.mediaconvert filtered on this stack's mpsStackId and the consumed statuses", () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.mediaconvert'],
        'detail-type': ['MediaConvert Job State Change'],
        detail: {
          status: ['PROGRESSING', 'STATUS_UPDATE', 'COMPLETE', 'ERROR', 'CANCELED'],
          userMetadata: { mpsStackId: ['MpsTest'] },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: arn(ids.jobEventsQueue),
          DeadLetterConfig: {
            Arn: arn(lid(stack.processing.jobEventsRuleDeadLetterQueue)),
          },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 185 }),
        }),
      ],
    });
    // The same id is what the functions put in UserMetadata.
    for (const name of ['ingest', 'job-events', 'api'] as const) {
      expect(fns[name].props.Environment.Variables.STACK_ID).toBe('MpsTest');
    }
  });

  test('watchdog runs every 10 minutes with a DLQ', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(10 minutes)',
      Targets: [
        Match.objectLike({
          Arn: arn(fns.watchdog.logicalId),
          DeadLetterConfig: {
            Arn: arn(lid(stack.processing.watchdogRuleDeadLetterQueue)),
          },
        }),
      ],
    });
  });

  test('the watchdog sweeps task outboxes every minute (input OUTBOX_SWEEP_INPUT), with the same DLQ', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: arn(fns.watchdog.logicalId),
          Input: JSON.stringify(OUTBOX_SWEEP_INPUT),
          DeadLetterConfig: { Arn: arn(lid(stack.processing.watchdogRuleDeadLetterQueue)) },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        }),
      ],
    });
  });

  test('the rules may send to their queues only (queue policy conditioned on the rule ARN)', () => {
    const ingestRule = lid(stack.ingestion.rule);
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.ingestQueue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': arn(ingestRule) } },
          }),
        ]),
      },
    });
  });
});

describe('queues', () => {
  const queues = () => resourcesOf(t, 'AWS::SQS::Queue');

  test('every queue is SSE-encrypted and denies non-TLS access', () => {
    const policies = Object.values(resourcesOf(t, 'AWS::SQS::QueuePolicy'));
    for (const [id, q] of Object.entries(queues())) {
      expect(q.Properties!.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find((p) => p.Properties!.Queues.some((r: any) => r.Ref === id));
      expect(policy?.Properties!.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  test('every queue either has a DLQ (redrive policy) or is a DLQ (of a queue or of a rule target)', () => {
    const all = queues();
    const dlqIds = new Set<string>();
    for (const q of Object.values(all)) {
      const target = q.Properties!.RedrivePolicy?.deadLetterTargetArn;
      if (target) dlqIds.add(target['Fn::GetAtt'][0]);
    }
    for (const r of Object.values(resourcesOf(t, 'AWS::Events::Rule'))) {
      for (const target of r.Properties!.Targets) {
        if (target.DeadLetterConfig) dlqIds.add(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]);
      }
    }
    for (const [id, q] of Object.entries(all)) {
      const hasDlq = q.Properties!.RedrivePolicy !== undefined;
      expect({ id, ok: hasDlq || dlqIds.has(id) }).toEqual({ id, ok: true });
      if (dlqIds.has(id)) expect(q.Properties!.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    }
  });

  test('maxReceiveCount: ingest 5, job events 5, notify 8', () => {
    const all = queues();
    expect(all[ids.ingestQueue].Properties!.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(all[ids.jobEventsQueue].Properties!.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(all[ids.notifyQueue].Properties!.RedrivePolicy.maxReceiveCount).toBe(8);
  });

  test('SQS event sources: batch 10, ReportBatchItemFailures, visibility timeout ≥ 6 × function timeout', () => {
    const mappings = Object.values(resourcesOf(t, 'AWS::Lambda::EventSourceMapping'));
    const byFunction = Object.fromEntries(Object.entries(fns).map(([name, f]) => [f.logicalId, name]));
    const consumers = mappings.map((m) => byFunction[m.Properties!.FunctionName.Ref]).sort();
    expect(consumers).toEqual(['ingest', 'job-events', 'notify-delivery']);
    for (const m of mappings) {
      expect(m.Properties!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(m.Properties!.BatchSize).toBe(10);
      expect(m.Properties!.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
      const queueId: string = m.Properties!.EventSourceArn['Fn::GetAtt'][0];
      const fn = Object.values(fns).find((f) => f.logicalId === m.Properties!.FunctionName.Ref)!;
      expect(queues()[queueId].Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.props.Timeout);
    }
    // Ingest instances submit MediaConvert jobs: their number is capped (CreateJob is rate-limited).
    const ingest = mappings.find((m) => m.Properties!.FunctionName.Ref === fns.ingest.logicalId)!;
    expect(ingest.Properties!.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
  });
});

describe('functions', () => {
  test('one function per handler', () => {
    expect(Object.keys(fns).sort()).toEqual([...HANDLERS].sort());
  });

  test.each(HANDLERS)(
    '%s: Node.js 24 on arm64, X-Ray active, explicit memory/timeout, own log group',
    (name) => {
      const p = fns[name].props;
      expect(p.Runtime).toBe(MPS_RUNTIME.name);
      expect(p.Runtime).toBe('nodejs24.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
      expect(p.MemorySize).toBeGreaterThanOrEqual(256);
      expect(p.Timeout).toBeGreaterThan(0);
      expect(p.Handler).toBe('index.handler');
      expect(p.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(p.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(`mps-${name}`);
      expect(p.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('Mps');
      // notify-delivery reads only its messages and the callback key, never the table.
      if (name === 'notify-delivery') expect(p.Environment.Variables).not.toHaveProperty('TABLE_NAME');
      else expect(p.Environment.Variables.TABLE_NAME).toEqual({ Ref: ids.table });
      const logGroupId: string = p.LoggingConfig.LogGroup.Ref;
      expect(resourcesOf(t, 'AWS::Logs::LogGroup')[logGroupId].Properties!.RetentionInDays).toBe(30);
    },
  );

  test('the api function fits in the HTTP API 30 s integration timeout', () => {
    expect(fns.api.props.Timeout).toBeLessThan(30);
  });

  test('environment variables per function', () => {
    const env = (name: string) => fns[name].props.Environment.Variables as Record<string, unknown>;
    const mcEndpoint = {
      'Fn::Join': ['', ['https://mediaconvert.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    };
    const notifyUrl = { Ref: ids.notifyQueue };
    for (const name of ['ingest', 'api']) {
      expect(env(name)).toMatchObject({
        STACK_ID: 'MpsTest',
        MEDIACONVERT_ROLE_ARN: arn(ids.mcRole),
        MEDIACONVERT_ENDPOINT: mcEndpoint,
        NOTIFY_QUEUE_URL: notifyUrl,
        WORK_BUCKET: { Ref: ids.work },
      });
      // Not configured: the handlers fall back to the Default queue and no acceleration.
      expect(env(name)).not.toHaveProperty('MEDIACONVERT_QUEUE_ARN');
      expect(env(name)).not.toHaveProperty('MEDIACONVERT_ACCELERATION');
      expect(env(name)).not.toHaveProperty('DEFAULT_NOTIFY_FUNCTION');
    }
    expect(env('job-events')).toMatchObject({ STACK_ID: 'MpsTest', NOTIFY_QUEUE_URL: notifyUrl });
    expect(env('notify-delivery')).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'mps-notify-delivery',
      POWERTOOLS_METRICS_NAMESPACE: 'Mps',
      CALLBACK_SECRET_ARN: { Ref: lid(stack.notifications.callbackSecret) },
      // A delivery whose 8th attempt fails is dead-lettered with its attempts and last error.
      NOTIFY_DLQ_URL: { Ref: lid(stack.notifications.notifyDeadLetterQueue) },
      NOTIFY_MAX_ATTEMPTS: '8',
    });
    expect(env('watchdog')).toMatchObject({
      STUCK_SUBTASK_MINUTES: '180',
      MAX_JOB_MINUTES: '1440',
      NOTIFY_QUEUE_URL: notifyUrl,
      MEDIACONVERT_ENDPOINT: mcEndpoint,
      // Rebuilt events of jobs whose event was lost go where the rule puts events.
      JOB_EVENTS_QUEUE_URL: { Ref: lid(stack.processing.jobEventsQueue) },
    });
    expect(env('notify-delivery')).not.toHaveProperty('MEDIACONVERT_ROLE_ARN');
    expect(env('seed')).not.toHaveProperty('MEDIACONVERT_ROLE_ARN');
  });
});

describe('IAM', () => {
  const allIdentityStatements = (): Statement[] =>
    Object.values(resourcesOf(t, 'AWS::IAM::Policy')).flatMap((p) => p.Properties!.PolicyDocument.Statement);

  test("MediaConvert role is assumable by mediaconvert.amazonaws.com only, for this account's queues", () => {
    const role = resourcesOf(t, 'AWS::IAM::Role')[ids.mcRole];
    expect(role.Properties!.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'mediaconvert.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':mediaconvert:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':queues/*',
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
  });

  test('MediaConvert role reads the trigger bucket and writes the output and trigger buckets, nothing else', () => {
    const statements = statementsOfRole(t, ids.mcRole);
    const byAction: Record<string, unknown[]> = {};
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      for (const a of actionsOf(s)) (byAction[a] ??= []).push(...resourcesOfStatement(s));
    }
    expect(byAction).toEqual({
      's3:GetObject': [objectsOf(ids.trigger)],
      's3:ListBucket': [arn(ids.trigger)],
      's3:GetBucketLocation': [arn(ids.trigger)],
      // Outputs default to the trigger location, so the trigger bucket is writable too; companion outputs
      // of frame-capture jobs go under companions/ of the work bucket, AI covers under ai/covers/.
      's3:PutObject': [
        objectsOf(ids.output),
        objectsOf(ids.trigger),
        companionsOf(ids.work),
        coversOf(ids.work),
      ],
      's3:AbortMultipartUpload': [
        objectsOf(ids.output),
        objectsOf(ids.trigger),
        companionsOf(ids.work),
        coversOf(ids.work),
      ],
    });
  });

  test('only ingest and api may pass the Rekognition notification role (to Rekognition); they, job-events and the watchdog (AI covers) the MediaConvert role (to MediaConvert)', () => {
    const passers: string[] = [];
    const rekognitionRole = lid(stack.mediaAi!.notificationRole);
    for (const [name, fn] of Object.entries(fns)) {
      const pass = statementsOfRole(t, roleIdOf(fn)).filter((s) => actionsOf(s).includes('iam:PassRole'));
      if (pass.length === 0) continue;
      passers.push(name);
      const starts = name === 'ingest' || name === 'api';
      expect(pass.map((s) => ({ action: s.Action, resource: s.Resource, condition: s.Condition }))).toEqual([
        {
          action: 'iam:PassRole',
          resource: arn(ids.mcRole),
          condition: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
        },
        ...(starts
          ? [
              {
                action: 'iam:PassRole',
                resource: arn(rekognitionRole),
                condition: { StringEquals: { 'iam:PassedToService': 'rekognition.amazonaws.com' } },
              },
            ]
          : []),
      ]);
    }
    expect(passers.sort()).toEqual(['api', 'ingest', 'job-events', 'watchdog']);
    // Nothing else in the stack can pass roles.
    const all = allIdentityStatements().filter((s) => actionsOf(s).includes('iam:PassRole'));
    expect(all).toHaveLength(6);
  });

  test('MediaConvert job actions are scoped to the queue and jobs of this account/region', () => {
    const region = { Ref: 'AWS::Region' };
    const account = { Ref: 'AWS::AccountId' };
    const mc = (suffix: string) => ({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':mediaconvert:', region, ':', account, `:${suffix}`],
      ],
    });
    for (const name of ['ingest', 'api']) {
      const statements = statementsOfRole(t, roleIdOf(fns[name])).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('mediaconvert:')),
      );
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: 'mediaconvert:CreateJob',
            Resource: [mc('queues/Default'), mc('jobs/*')],
          }),
          expect.objectContaining({
            Action: ['mediaconvert:GetJob', 'mediaconvert:CancelJob'],
            Resource: mc('jobs/*'),
          }),
        ]),
      );
      expect(statements).toHaveLength(2);
    }
    // The watchdog asks what became of a job, and cancels one that runs too long; it and job-events
    // submit the cover jobs of AI analyses.
    for (const name of ['job-events', 'watchdog']) {
      const statements = statementsOfRole(t, roleIdOf(fns[name])).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('mediaconvert:')),
      );
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: ['mediaconvert:GetJob', 'mediaconvert:CancelJob'],
            Resource: mc('jobs/*'),
          }),
          expect.objectContaining({
            Action: 'mediaconvert:CreateJob',
            Resource: [mc('queues/Default'), mc('jobs/*')],
          }),
        ]),
      );
      expect(statements).toHaveLength(2);
    }
    for (const name of ['notify-delivery', 'seed']) {
      const any = statementsOfRole(t, roleIdOf(fns[name])).some((s) =>
        actionsOf(s).some((a) => a.startsWith('mediaconvert:')),
      );
      expect({ name, any }).toEqual({ name, any: false });
    }
  });

  test('no wildcard actions in any identity policy', () => {
    for (const s of allIdentityStatements()) {
      for (const a of actionsOf(s))
        expect({ action: a, wildcard: a.includes('*') }).toEqual({ action: a, wildcard: false });
    }
  });

  test('Resource "*" is granted for X-Ray tracing and Rekognition Video (no resource-level permissions) only', () => {
    const star = allIdentityStatements().filter((s) => resourcesOfStatement(s).includes('*'));
    expect(star.length).toBeGreaterThan(0);
    const allowed: string[] = [...REKOGNITION_START_ACTIONS, ...REKOGNITION_GET_ACTIONS];
    for (const s of star) {
      for (const a of actionsOf(s)) {
        expect({
          a,
          allowed: /^xray:(PutTraceSegments|PutTelemetryRecords)$/.test(a) || allowed.includes(a),
        }).toEqual({ a, allowed: true });
      }
    }
    // Rekognition Video only for the functions that start (ingest, api) or read (job-events, watchdog) AI jobs.
    const withRekognition = Object.entries(fns)
      .filter(([, fn]) =>
        statementsOfRole(t, roleIdOf(fn)).some((s) => actionsOf(s).some((a) => a.startsWith('rekognition:'))),
      )
      .map(([name]) => name)
      .sort();
    expect(withRekognition).toEqual(['api', 'ingest', 'job-events', 'watchdog']);
  });

  test('no function role uses AWS managed policies; each writes only its own log group', () => {
    for (const [name, fn] of Object.entries(fns)) {
      const roleId = roleIdOf(fn);
      expect({
        name,
        managed: resourcesOf(t, 'AWS::IAM::Role')[roleId].Properties!.ManagedPolicyArns,
      }).toEqual({
        name,
        managed: undefined,
      });
      const logStatements = statementsOfRole(t, roleId).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('logs:')),
      );
      expect(logStatements).toEqual([
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: arn(fn.props.LoggingConfig.LogGroup.Ref),
        }),
      ]);
    }
  });

  test('S3 access per function: ingest reads trigger, api also presigns (trigger writes, output reads), job-events read/write/delete outputs', () => {
    const s3Of = (name: string) => {
      const out: Record<string, unknown[]> = {};
      for (const s of statementsOfRole(t, roleIdOf(fns[name]))) {
        for (const a of actionsOf(s))
          if (a.startsWith('s3:')) (out[a] ??= []).push(...resourcesOfStatement(s));
      }
      return out;
    };
    const readTrigger = {
      's3:GetObject': [objectsOf(ids.trigger)],
      's3:ListBucket': [arn(ids.trigger)],
      's3:GetBucketLocation': [arn(ids.trigger)],
    };
    // Amazon Transcribe writes transcripts under ai/ of the work bucket with the starting function's credentials.
    const aiWork = { 'Fn::Join': ['', [arn(ids.work), '/ai/*']] };
    expect(s3Of('ingest')).toEqual({
      ...readTrigger,
      's3:PutObject': [aiWork],
      's3:AbortMultipartUpload': [aiWork],
    });
    // The api presigns the web console's uploads into the trigger bucket and GETs of sources and outputs.
    expect(s3Of('api')).toEqual({
      's3:GetObject': [objectsOf(ids.trigger), objectsOf(ids.output)],
      's3:ListBucket': [arn(ids.trigger), arn(ids.output)],
      's3:GetBucketLocation': [arn(ids.trigger), arn(ids.output)],
      's3:PutObject': [objectsOf(ids.trigger), aiWork],
      's3:AbortMultipartUpload': [objectsOf(ids.trigger), aiWork],
    });
    // Both write the marker of an AI cover job under ai/covers/ of the work bucket, and list that bucket
    // (a marker not yet written is then NoSuchKey, not AccessDenied).
    const covers = coversOf(ids.work);
    expect(s3Of('job-events')).toEqual({
      's3:GetObject': [objectsOf(ids.output), objectsOf(ids.trigger), aiWork],
      's3:ListBucket': [arn(ids.output), arn(ids.trigger), arn(ids.work)],
      's3:GetBucketLocation': [arn(ids.output), arn(ids.trigger)],
      's3:PutObject': [objectsOf(ids.output), objectsOf(ids.trigger), covers],
      's3:AbortMultipartUpload': [objectsOf(ids.output), objectsOf(ids.trigger), covers],
      's3:DeleteObject': [objectsOf(ids.output), objectsOf(ids.trigger)],
    });
    // The watchdog lists outputs, to count the frames of a job whose event was lost; it reads transcripts
    // and writes the outputs of an AI job whose event was lost.
    expect(s3Of('watchdog')).toEqual({
      's3:ListBucket': [arn(ids.output), arn(ids.trigger), arn(ids.work)],
      's3:GetObject': [aiWork],
      's3:PutObject': [objectsOf(ids.output), objectsOf(ids.trigger), covers],
      's3:AbortMultipartUpload': [objectsOf(ids.output), objectsOf(ids.trigger), covers],
    });
    for (const name of ['notify-delivery', 'seed']) expect(s3Of(name)).toEqual({});
  });

  test('api may list and replay dead-lettered deliveries: consume the notify DLQ, send to the notify queue', () => {
    const dlq = lid(stack.notifications.notifyDeadLetterQueue);
    expect(fns.api.props.Environment.Variables.NOTIFY_DLQ_URL).toEqual({ Ref: dlq });
    const sqsActions: Record<string, unknown[]> = {};
    for (const s of statementsOfRole(t, roleIdOf(fns.api))) {
      for (const a of actionsOf(s))
        if (a.startsWith('sqs:')) (sqsActions[a] ??= []).push(...resourcesOfStatement(s));
    }
    for (const a of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
      expect(sqsActions[a]).toEqual([{ 'Fn::GetAtt': [dlq, 'Arn'] }]);
    }
    expect(sqsActions['sqs:SendMessage']).toEqual([{ 'Fn::GetAtt': [ids.notifyQueue, 'Arn'] }]);
  });

  test('notify-delivery reads the callback secret and may send to the stack notification queue', () => {
    const statements = statementsOfRole(t, roleIdOf(fns['notify-delivery']));
    const secretId = lid(stack.notifications.callbackSecret);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: { Ref: secretId },
      }),
    );
    const notificationQueue = lid(stack.notifications.notificationQueue!);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: arn(notificationQueue),
      }),
    );
  });
});

describe('state', () => {
  test('one on-demand table with PITR, AWS-managed encryption, TTL, two GSIs and the sparse outbox GSI', () => {
    t.resourceCountIs('AWS::DynamoDB::Table', 1);
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'GSI2',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'GSI3',
          KeySchema: [
            { AttributeName: 'gsi3pk', KeyType: 'HASH' },
            { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
    expect(TABLE_KEYS.partitionKey).toBe('pk');
    expect(TABLE_KEYS.sortKey).toBe('sk');
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('control API', () => {
  test('HTTP API: ANY /{proxy+} with AWS_IAM authorization to the api function', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(resourcesOf(t, 'AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(1);
    expect(routes[0].Properties).toMatchObject({ RouteKey: 'ANY /{proxy+}', AuthorizationType: 'AWS_IAM' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: arn(fns.api.logicalId),
      PayloadFormatVersion: '2.0',
    });
  });

  test('$default stage: auto-deploy, throttled, JSON access logs', () => {
    const accessLogs = lid(stack.api.accessLogGroup);
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: arn(accessLogs),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });
});

describe('alarms', () => {
  test('every DLQ has an alarm on visible messages > 0', () => {
    const alarms = Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm'));
    const queues = resourcesOf(t, 'AWS::SQS::Queue');
    const dlqIds = Object.keys(queues).filter((id) => queues[id].Properties!.RedrivePolicy === undefined);
    expect(dlqIds.length).toBe(7);
    for (const id of dlqIds) {
      const alarm = alarms.find(
        (a) =>
          a.Properties!.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          a.Properties!.Dimensions[0].Value['Fn::GetAtt']?.[0] === id,
      );
      expect({ id, alarm: alarm?.Properties }).toEqual({
        id,
        alarm: expect.objectContaining({
          Namespace: 'AWS/SQS',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        }),
      });
    }
  });

  test('every function has an Errors alarm and every work queue an age alarm', () => {
    const alarms = Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    for (const name of ['ingest', 'job-events', 'notify-delivery', 'api', 'watchdog']) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'Errors',
          Namespace: 'AWS/Lambda',
          Threshold: 0,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fns[name].logicalId } }],
        }),
      );
    }
    for (const q of [ids.ingestQueue, ids.jobEventsQueue, ids.notifyQueue]) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateAgeOfOldestMessage',
          Threshold: 900,
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [q, 'QueueName'] } }],
        }),
      );
    }
  });

  test('without alarmEmail there is no alarm topic and no actions', () => {
    // The one topic is Amazon Rekognition Video's notification channel.
    expect(stack.alarms.alarmTopic).toBeUndefined();
    expect(Object.keys(resourcesOf(t, 'AWS::SNS::Topic'))).toEqual([lid(stack.mediaAi!.notificationTopic)]);
    for (const a of Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm'))) {
      expect(a.Properties!.AlarmActions).toBeUndefined();
    }
  });
});

describe('seed', () => {
  test('custom resource carries the declared templates and schemas as JSON strings', () => {
    const seeds = Object.values(resourcesOf(t, 'Custom::MpsSeed'));
    expect(seeds).toHaveLength(1);
    const props = seeds[0].Properties!;
    expect(JSON.parse(props.Templates)).toEqual(TEMPLATES);
    // The trigger bucket's name is filled in by CloudFormation: {"Ref": <bucket>} inside the JSON.
    const joined = props.Schemas['Fn::Join'];
    expect(joined[0]).toBe('');
    const json = joined[1].map((part: any) => (typeof part === 'string' ? part : `<${part.Ref}>`)).join('');
    expect(JSON.parse(json)).toEqual([
      { ...SCHEMAS[0], trigger: { ...SCHEMAS[0]!.trigger, bucket: `<${ids.trigger}>` } },
    ]);
    // The provider framework invokes the seed function.
    const providerFns = Object.values(resourcesOf(t, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties!.Environment?.Variables?.USER_ON_EVENT_FUNCTION_ARN,
    );
    expect(providerFns).toHaveLength(1);
    expect(providerFns[0].Properties!.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN).toEqual(
      arn(fns.seed.logicalId),
    );
    expect(props.ServiceToken).toEqual(
      arn(Object.entries(resourcesOf(t, 'AWS::Lambda::Function')).find(([, f]) => f === providerFns[0])![0]),
    );
  });
});

describe('outputs', () => {
  test('stack outputs', () => {
    const outputs = t.findOutputs('*');
    for (const key of [
      'ApiUrl',
      'TriggerBucket',
      'OutputBucket',
      'TableName',
      'NotifyQueueUrl',
      'IngestDlqUrl',
      'JobEventsDlqUrl',
      'NotifyDlqUrl',
      'MediaConvertRoleArn',
      'NotificationQueueUrl',
    ]) {
      expect(outputs).toHaveProperty(key);
    }
    expect(outputs.TableName.Value).toEqual({ Ref: ids.table });
    expect(outputs.TriggerBucket.Value).toEqual({ Ref: ids.trigger });
    expect(outputs.IngestDlqUrl.Value).toEqual({
      Ref: lid(stack.ingestion.ingestDeadLetterQueue),
    });
  });
});

describe('annotations', () => {
  test('the stack synthesizes without construct warnings or errors', () => {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});
