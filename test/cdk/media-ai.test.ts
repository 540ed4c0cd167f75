/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized CloudFormation JSON is untyped */
/**
 * The AWS side of the AI items (lib/media-ai.ts): Rekognition Video's notification channel (encrypted topic,
 * publishing role, raw delivery to the job-events queue), the Transcribe job-state rule, and what each
 * function may do with AI jobs; `mediaAi: false` leaves all of it out.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  AI_WORK_PREFIX,
  ENV as VARS,
  jobEventRulePattern,
  transcribeEventRulePattern,
  transcribeJobNamePrefix,
} from '../../lambdas/contract';
import { MpsMediaAi, REKOGNITION_GET_ACTIONS, REKOGNITION_START_ACTIONS } from '../../lib/media-ai';
import { MpsStack, type MpsStackProps } from '../../lib/mps-stack';
import {
  actionsOf,
  ENV,
  handlersDir,
  lid,
  mpsFunctions,
  resourcesOf,
  resourcesOfStatement,
  roleIdOf,
  type Statement,
  statementsOfRole,
} from './helpers';

const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const AI_ENV = [VARS.aiNotificationTopicArn, VARS.aiNotificationRoleArn] as const;
const AI_FUNCTIONS = ['ingest', 'api', 'job-events', 'watchdog'] as const;

function synth(props: Partial<MpsStackProps> = {}): { stack: MpsStack; t: Template } {
  const stack = new MpsStack(new App(), 'MpsAi', {
    env: ENV,
    functionOptions: { handlersDir: handlersDir() },
    ...props,
  });
  return { stack, t: Template.fromStack(stack) };
}

/** Every identity-policy statement of every role. */
function allStatements(t: Template): Statement[] {
  return Object.values(resourcesOf(t, 'AWS::IAM::Policy')).flatMap(
    (p) => p.Properties!.PolicyDocument.Statement as Statement[],
  );
}

describe('MpsStack with Rekognition Video and Transcribe (the default)', () => {
  let stack: MpsStack;
  let t: Template;
  let fns: ReturnType<typeof mpsFunctions>;
  let ai: MpsMediaAi;
  let ids: { topic: string; key: string; role: string; queue: string; ruleDlq: string; work: string };
  const statementsOf = (fn: string) => statementsOfRole(t, roleIdOf(fns[fn]!));
  const withAction = (fn: string, action: string) =>
    statementsOf(fn).filter((s) => actionsOf(s).includes(action));

  beforeAll(() => {
    ({ stack, t } = synth());
    fns = mpsFunctions(t);
    ai = stack.mediaAi!;
    ids = {
      topic: lid(ai.notificationTopic),
      key: lid(ai.notificationTopicKey),
      role: lid(ai.notificationRole),
      queue: lid(stack.processing.jobEventsQueue),
      ruleDlq: lid(stack.processing.jobEventsRuleDeadLetterQueue),
      work: lid(stack.storage.workBucket),
    };
  });

  test('the notification topic is encrypted with its own rotated key and refuses publishing without TLS', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: arn(ids.key) });
    expect(resourcesOf(t, 'AWS::KMS::Key')[ids.key]!.Properties!.EnableKeyRotation).toBe(true);
    const [policy] = Object.values(resourcesOf(t, 'AWS::SNS::TopicPolicy')).filter((p) =>
      p.Properties!.Topics.some((x: any) => x.Ref === ids.topic),
    );
    const statements: Statement[] = policy!.Properties!.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    );
  });

  test('only the notification role may publish to the topic', () => {
    const policy = Object.values(resourcesOf(t, 'AWS::SNS::TopicPolicy')).find((p) =>
      p.Properties!.Topics.some((x: any) => x.Ref === ids.topic),
    )!;
    expect(policy.Properties!.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        {
          Sid: 'OnlyTheRekognitionNotificationRolePublishes',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sns:Publish',
          Resource: { Ref: ids.topic },
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': arn(ids.role) } },
        },
      ]),
    );
    // No statement of the topic policy allows anything.
    for (const s of policy.Properties!.PolicyDocument.Statement as Statement[]) expect(s.Effect).toBe('Deny');
  });

  test('the topic delivers Rekognition’s raw JSON to the job-events queue, which lets it send', () => {
    const subs = Object.values(resourcesOf(t, 'AWS::SNS::Subscription')).filter(
      (s) => s.Properties!.TopicArn?.Ref === ids.topic,
    );
    expect(subs.map((s) => s.Properties)).toEqual([
      {
        Protocol: 'sqs',
        TopicArn: { Ref: ids.topic },
        Endpoint: arn(ids.queue),
        RawMessageDelivery: true,
        RedrivePolicy: { deadLetterTargetArn: arn(ids.ruleDlq) },
      },
    ]);
    const queuePolicies = Object.values(resourcesOf(t, 'AWS::SQS::QueuePolicy')).filter((p) =>
      p.Properties!.Queues.some((q: any) => q.Ref === ids.queue),
    );
    const statements = queuePolicies.flatMap((p) => p.Properties!.PolicyDocument.Statement as Statement[]);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: arn(ids.queue),
          Condition: { ArnEquals: { 'aws:SourceArn': { Ref: ids.topic } } },
        }),
      ]),
    );
    // SSE-SQS: SNS needs no key grant to deliver.
    const queue = resourcesOf(t, 'AWS::SQS::Queue')[ids.queue]!.Properties!;
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.KmsMasterKeyId).toBeUndefined();
  });

  test('Rekognition assumes the notification role for this account only; it may only publish to the topic', () => {
    const role = resourcesOf(t, 'AWS::IAM::Role')[ids.role]!.Properties!;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'rekognition.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ENV.account } },
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    const statements = statementsOfRole(t, ids.role);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: ids.topic } },
      {
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: arn(ids.key),
        Condition: { StringEquals: { 'kms:ViaService': ['sns.eu-west-1.amazonaws.com'] } },
      },
    ]);
  });

  test('the starting functions may pass the notification role, to Rekognition only; nobody else may pass it', () => {
    for (const name of ['ingest', 'api']) {
      expect({
        name,
        pass: withAction(name, 'iam:PassRole').filter((s) => JSON.stringify(s).includes(ids.role)),
      }).toEqual({
        name,
        pass: [
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: arn(ids.role),
            Condition: { StringEquals: { 'iam:PassedToService': 'rekognition.amazonaws.com' } },
          },
        ],
      });
    }
    const passing = Object.entries(fns)
      .filter(([name]) => statementsOf(name).some((s) => JSON.stringify(s).includes(`"${ids.role}"`)))
      .filter(([name]) =>
        withAction(name, 'iam:PassRole').some((s) => JSON.stringify(s.Resource).includes(ids.role)),
      )
      .map(([name]) => name)
      .sort();
    expect(passing).toEqual(['api', 'ingest']);
    // Every PassRole of the stack names one role and the service it goes to.
    for (const s of allStatements(t).filter((x) => actionsOf(x).includes('iam:PassRole'))) {
      expect(actionsOf(s)).toEqual(['iam:PassRole']);
      expect(resourcesOfStatement(s)).toHaveLength(1);
      expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': expect.any(String) } });
    }
  });

  test('Rekognition Video: Start* for the starting functions, Get* for the reading ones, on "*" (no resource-level permissions)', () => {
    const rekognition = (name: string) =>
      statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('rekognition:')));
    for (const name of ['ingest', 'api']) {
      expect(rekognition(name)).toEqual([
        { Effect: 'Allow', Action: [...REKOGNITION_START_ACTIONS], Resource: '*' },
      ]);
    }
    for (const name of ['job-events', 'watchdog']) {
      expect(rekognition(name)).toEqual([
        { Effect: 'Allow', Action: [...REKOGNITION_GET_ACTIONS], Resource: '*' },
      ]);
    }
    for (const name of ['notify-delivery', 'seed']) expect(rekognition(name)).toEqual([]);
  });

  test('Transcribe: only this stack’s job names; start, read and delete each where needed', () => {
    const jobs = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          `:transcribe:eu-west-1:${ENV.account}:transcription-job/${ai.transcribeJobNamePrefix}*`,
        ],
      ],
    };
    expect(ai.transcribeJobNamePrefix).toBe(transcribeJobNamePrefix('MpsAi'));
    const transcribe = (name: string) =>
      statementsOf(name)
        .filter((s) => actionsOf(s).some((a) => a.startsWith('transcribe:')))
        .map((s) => {
          expect(s.Resource).toEqual(jobs);
          return actionsOf(s);
        })
        .flat()
        .sort();
    expect(transcribe('ingest')).toEqual(['transcribe:StartTranscriptionJob']);
    expect(transcribe('api')).toEqual(['transcribe:StartTranscriptionJob']);
    expect(transcribe('job-events')).toEqual(['transcribe:GetTranscriptionJob']);
    expect(transcribe('watchdog')).toEqual(['transcribe:GetTranscriptionJob']);
    expect(transcribe('notify-delivery')).toEqual([]);
    expect(transcribe('seed')).toEqual([]);
  });

  test('S3: starters read the sources and write transcripts under ai/; readers read ai/; the watchdog writes outputs', () => {
    const workAi = { 'Fn::Join': ['', [arn(ids.work), `/${AI_WORK_PREFIX}*`]] };
    const trigger = { 'Fn::Join': ['', [arn(lid(stack.storage.triggerBuckets[0]!)), '/*']] };
    const output = { 'Fn::Join': ['', [arn(lid(stack.storage.outputBuckets[0]!)), '/*']] };
    const on = (name: string, action: string) => withAction(name, action).flatMap(resourcesOfStatement);
    for (const name of ['ingest', 'api']) {
      expect(on(name, 's3:PutObject')).toContainEqual(workAi);
      expect(on(name, 's3:GetObject')).toContainEqual(trigger);
    }
    for (const name of ['job-events', 'watchdog']) expect(on(name, 's3:GetObject')).toContainEqual(workAi);
    expect(on('watchdog', 's3:PutObject')).toEqual(expect.arrayContaining([output, trigger]));
    // The work bucket's AI prefix is the only part of it the AI grants reach.
    for (const name of ['job-events', 'watchdog'])
      expect(on(name, 's3:PutObject')).not.toContainEqual(workAi);
  });

  test('the Transcribe rule is the contract pattern (prefix matching) and delivers like the MediaConvert rule', () => {
    const rules = Object.values(resourcesOf(t, 'AWS::Events::Rule'));
    const transcribe = rules.filter((r) => r.Properties!.EventPattern?.source?.[0] === 'aws.transcribe');
    expect(transcribe).toHaveLength(1);
    const pattern = transcribe[0]!.Properties!.EventPattern;
    expect(pattern).toEqual(transcribeEventRulePattern('MpsAi'));
    expect(pattern.detail.TranscriptionJobName).toEqual([{ prefix: transcribeJobNamePrefix('MpsAi') }]);
    const mediaConvert = rules.find(
      (r) => JSON.stringify(r.Properties!.EventPattern) === JSON.stringify(jobEventRulePattern('MpsAi')),
    );
    expect(mediaConvert).toBeDefined();
    const [target] = transcribe[0]!.Properties!.Targets;
    const [mcTarget] = mediaConvert!.Properties!.Targets;
    expect(target.Arn).toEqual(arn(ids.queue));
    expect(target.DeadLetterConfig).toEqual({ Arn: arn(ids.ruleDlq) });
    expect({ retry: target.RetryPolicy, dlq: target.DeadLetterConfig }).toEqual({
      retry: mcTarget.RetryPolicy,
      dlq: mcTarget.DeadLetterConfig,
    });
  });

  test('the four functions that start or read AI jobs get the topic, the role, the work bucket and the stack id; seed only the topic', () => {
    for (const name of AI_FUNCTIONS) {
      const vars = fns[name]!.props.Environment.Variables;
      expect({
        name,
        topic: vars[VARS.aiNotificationTopicArn],
        role: vars[VARS.aiNotificationRoleArn],
      }).toEqual({
        name,
        topic: { Ref: ids.topic },
        role: arn(ids.role),
      });
      expect(vars[VARS.workBucket]).toEqual({ Ref: ids.work });
      expect(vars[VARS.stackId]).toBe('MpsAi');
    }
    // job-events and the watchdog submit the cover jobs of AI analyses: the MediaConvert job settings too.
    for (const name of ['job-events', 'watchdog']) {
      const vars = fns[name]!.props.Environment.Variables;
      expect(vars[VARS.mediaConvertRoleArn]).toEqual(arn(lid(stack.processing.mediaConvertRole)));
      expect(vars[VARS.mediaConvertEndpoint]).toBeDefined();
    }
    for (const key of AI_ENV)
      expect(fns['notify-delivery']!.props.Environment.Variables[key]).toBeUndefined();
    // The seed function accepts seeded AI items when the backends exist, as the API does; it starts nothing.
    const seed = fns.seed!.props.Environment.Variables;
    expect(seed[VARS.aiNotificationTopicArn]).toEqual({ Ref: ids.topic });
    expect(seed[VARS.aiNotificationRoleArn]).toBeUndefined();
  });

  test('the construct’s environment is what the functions get', () => {
    expect(Object.keys(ai.environment).sort()).toEqual([...AI_ENV, VARS.workBucket, VARS.stackId].sort());
  });
});

describe('MpsStack with mediaAi: false', () => {
  let t: Template;
  let stack: MpsStack;

  beforeAll(() => {
    ({ stack, t } = synth({ mediaAi: false }));
  });

  test('no topic, no Rekognition role, no Transcribe rule', () => {
    expect(stack.mediaAi).toBeUndefined();
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    for (const r of Object.values(resourcesOf(t, 'AWS::IAM::Role'))) {
      expect(JSON.stringify(r.Properties!.AssumeRolePolicyDocument)).not.toContain('rekognition');
    }
    for (const r of Object.values(resourcesOf(t, 'AWS::Events::Rule'))) {
      expect(JSON.stringify(r.Properties!.EventPattern ?? {})).not.toContain('aws.transcribe');
    }
  });

  test('no AI grants and no AI variables: the functions refuse AI items as without the backend', () => {
    for (const s of allStatements(t)) {
      for (const a of actionsOf(s)) expect(a).not.toMatch(/^(rekognition|transcribe):/);
    }
    const fns = mpsFunctions(t);
    for (const fn of Object.values(fns)) {
      for (const key of AI_ENV) expect(fn.props.Environment.Variables[key]).toBeUndefined();
    }
    // The work bucket and the job settings stay with the functions that submit MediaConvert jobs only
    // (without AI covers, job-events and the watchdog submit none).
    for (const name of ['job-events', 'watchdog']) {
      const vars = fns[name]!.props.Environment.Variables;
      expect({ name, work: vars[VARS.workBucket], role: vars[VARS.mediaConvertRoleArn] }).toEqual({ name });
      const create = statementsOfRole(t, roleIdOf(fns[name]!)).filter((s) =>
        actionsOf(s).includes('mediaconvert:CreateJob'),
      );
      expect(create).toEqual([]);
    }
    const watchdogWrites = statementsOfRole(t, roleIdOf(fns.watchdog!)).filter((s) =>
      actionsOf(s).includes('s3:PutObject'),
    );
    expect(watchdogWrites).toEqual([]);
  });
});

describe('MpsMediaAi', () => {
  const parts = (stackId: string) => {
    const stack = new Stack(new App(), 'Parts', { env: ENV });
    return {
      stack,
      props: {
        stackId,
        sourceBuckets: [new s3.Bucket(stack, 'Sources')],
        workBucket: new s3.Bucket(stack, 'Work'),
        jobEventsQueue: new sqs.Queue(stack, 'Events'),
        deadLetterQueue: new sqs.Queue(stack, 'Dead'),
      },
    };
  };

  test('needs a stack id known at synth: it makes the Transcribe job-name prefix', () => {
    const { stack, props } = parts('x');
    expect(() => new MpsMediaAi(stack, 'Ai', { ...props, stackId: stack.stackId })).toThrow(
      /stackId must be known at synth/,
    );
  });

  test('rule retries and the key’s removal policy can be set', () => {
    const { stack, props } = parts('svc');
    new MpsMediaAi(stack, 'Ai', { ...props, ruleRetryAttempts: 3 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      Targets: [{ RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 86400 } }],
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });
});
