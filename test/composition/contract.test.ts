/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized CloudFormation JSON is untyped */
/**
 * What the CDK stack, the local runtime and the functions must agree on (lambdas/contract.ts): each
 * function gets exactly the environment its builder in lambdas/composition.ts reads, in AWS and
 * locally; the work queues' receive budgets and timeouts; the EventBridge rule patterns; the table keys.
 */
import { MemoryAiEngine } from '../support/memory-ai-engine';
import os from 'node:os';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  apiFunction,
  ingestFunction,
  jobEventsFunction,
  notifyDeliveryFunction,
  type Platform,
  seedFunction,
  watchdogFunction,
} from '../../lambdas/composition';
import type { Env } from '../../lambdas/config';
import {
  ENV,
  type EventPattern,
  jobEventRulePattern,
  matchesEventPattern,
  TABLE_DEFINITION,
  TRANSCRIBE_EVENT_STATUSES,
  transcribeEventRulePattern,
  transcribeJobNamePrefix,
  uploadRulePattern,
  WORK_QUEUES,
} from '../../lambdas/contract';
import type { HandlerName } from '../../lib/function';
import { MpsStack } from '../../lib/mps-stack';
import { LocalEventBridge } from '../../local/event-bridge';
import { localEnvironment, type LocalPlatform, localPlatform } from '../../local/platform';
import { ensureLocalResources, type LocalResources } from '../../local/resources';
import { HANDLERS, handlersDir, lid, mpsFunctions, resourcesOf } from '../cdk/helpers';
import { type EndpointsFixture, startEndpointsFixture } from '../local/helpers';
import { testPlatform } from '../support/platform';

const BUILDERS: Record<HandlerName, (p: Platform) => unknown> = {
  ingest: ingestFunction,
  'job-events': jobEventsFunction,
  'notify-delivery': notifyDeliveryFunction,
  watchdog: watchdogFunction,
  seed: seedFunction,
  api: apiFunction,
};
const CONTRACT_NAMES = new Set<string>(Object.values(ENV));
/** Set by lib/function.ts for the Lambda runtime and Powertools, not read by the composition. */
const RUNTIME_NAMES = new Set(['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE']);

/** CloudFormation values as plain strings: Ref → the logical id, GetAtt → an ARN naming it, Join → joined. */
function resolve(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return value.Ref === 'AWS::Region' ? 'eu-west-1' : String(value.Ref);
  if (value?.['Fn::GetAtt']) return `arn:aws:test:eu-west-1:111111111111:${value['Fn::GetAtt'].join('.')}`;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(resolve).join(value['Fn::Join'][0]);
  throw new Error(`unexpected CloudFormation value ${JSON.stringify(value)}`);
}

/** Builds a function over `env`, recording the variables its builder reads. */
function build(name: HandlerName, env: Env, platform: (env: Env) => Platform = testPlatform): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key);
    },
  });
  BUILDERS[name](platform(recording));
  return read;
}

/** The default stack, and one with every option that adds a variable. */
const STACKS: [string, (app: App) => MpsStack][] = [
  [
    'default stack',
    (app) => new MpsStack(app, 'MpsContract', { functionOptions: { handlersDir: handlersDir() } }),
  ],
  [
    'stack with every option',
    (app) =>
      new MpsStack(app, 'MpsContract', {
        env: { account: '111111111111', region: 'eu-west-1' },
        functionOptions: { handlersDir: handlersDir() },
        mediaConvertQueueArn: 'arn:aws:mediaconvert:eu-west-1:111111111111:queues/mps',
        acceleration: 'PREFERRED',
        defaultNotifyFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:on-task-event',
        stuckSubtaskMinutes: 60,
      }),
  ],
];

describe.each(STACKS)('the synthesized %s', (_label, makeStack) => {
  let stack: MpsStack;
  let t: Template;
  let fns: ReturnType<typeof mpsFunctions>;

  beforeAll(() => {
    stack = makeStack(new App());
    t = Template.fromStack(stack);
    fns = mpsFunctions(t);
  });

  test.each(HANDLERS)('%s: its environment is exactly what its builder reads', (name) => {
    const vars: Record<string, unknown> = fns[name]!.props.Environment.Variables;
    const names = Object.keys(vars).filter((k) => !RUNTIME_NAMES.has(k));
    for (const key of names)
      expect({ key, inContract: CONTRACT_NAMES.has(key) }).toEqual({ key, inContract: true });
    const env = { AWS_REGION: 'eu-west-1', ...Object.fromEntries(names.map((k) => [k, resolve(vars[k])])) };
    // Every required variable is set (the builder would throw a ConfigError naming it)…
    const read = build(name, env);
    // …and every variable set is read: no stale name, no value a function does not use.
    const unread = names.filter((k) => !read.has(k));
    expect(unread).toEqual([]);
  });

  test('work queues: receive budgets, function timeouts and visibility (6 ×) from the contract', () => {
    const queues = resourcesOf(t, 'AWS::SQS::Queue');
    const cases = [
      [stack.ingestion.ingestQueue, 'ingest', WORK_QUEUES.ingest],
      [stack.processing.jobEventsQueue, 'job-events', WORK_QUEUES.jobEvents],
      [stack.notifications.notifyQueue, 'notify-delivery', WORK_QUEUES.notify],
    ] as const;
    for (const [queue, fn, contract] of cases) {
      const props = queues[lid(queue)]!.Properties!;
      expect({ fn, maxReceiveCount: props.RedrivePolicy.maxReceiveCount }).toEqual({
        fn,
        maxReceiveCount: contract.maxReceiveCount,
      });
      expect(fns[fn]!.props.Timeout).toBe(contract.handlerTimeoutSeconds);
      expect(props.VisibilityTimeout).toBe(6 * contract.handlerTimeoutSeconds);
    }
  });

  test('rule patterns are the contract patterns', () => {
    const rules = Object.values(resourcesOf(t, 'AWS::Events::Rule'))
      .map((r) => r.Properties!.EventPattern)
      .filter(Boolean);
    const resolveValue = (v: any): any =>
      typeof v === 'object' && v !== null && 'prefix' in v ? { prefix: resolve(v.prefix) } : resolve(v);
    const resolvePattern = (p: any): any =>
      Array.isArray(p)
        ? p.map(resolveValue)
        : Object.fromEntries(Object.entries(p).map(([k, v]) => [k, resolvePattern(v)]));
    expect(rules.map(resolvePattern)).toEqual(
      expect.arrayContaining([
        uploadRulePattern([lid(stack.storage.triggerBuckets[0]!)]),
        jobEventRulePattern('MpsContract'),
        transcribeEventRulePattern('MpsContract'),
      ]),
    );
  });

  test('table keys and indexes are the contract table', () => {
    const [table] = Object.values(resourcesOf(t, 'AWS::DynamoDB::Table'));
    expect(table!.Properties!.KeySchema).toEqual(TABLE_DEFINITION.KeySchema);
    expect(table!.Properties!.AttributeDefinitions).toEqual(TABLE_DEFINITION.AttributeDefinitions);
    expect(table!.Properties!.GlobalSecondaryIndexes).toEqual(TABLE_DEFINITION.GlobalSecondaryIndexes);
  });
});

describe('the local runtime', () => {
  let fx: EndpointsFixture;
  let resources: LocalResources;

  beforeAll(async () => {
    fx = await startEndpointsFixture();
    resources = await ensureLocalResources(fx.clients, { table: TABLE_DEFINITION });
  });
  afterAll(() => fx?.close());

  test('every function builds over the local environment, which sets only variables some function reads', () => {
    const env = localEnvironment({ resources, stackId: 'mps-local', callbackSecret: 'k' });
    const engine = { send: () => Promise.reject(new Error('not called')) };
    const platforms: LocalPlatform[] = [];
    const platform = (e: Env) => {
      const built = localPlatform({
        env: e,
        endpoints: fx.endpoints,
        engine,
        ai: new MemoryAiEngine(),
        dataDir: os.tmpdir(),
        logLevel: 'SILENT',
      });
      platforms.push(built);
      return built;
    };
    const read = new Set<string>();
    for (const name of HANDLERS) for (const key of build(name, env, platform)) read.add(key);
    for (const built of platforms) built.destroy();
    const set = Object.keys(env);
    expect(set.filter((k) => !CONTRACT_NAMES.has(k))).toEqual([]);
    expect(set.filter((k) => !read.has(k))).toEqual([]);
  });

  test("work queues get the stack's receive budgets", async () => {
    for (const [queue, contract] of [
      [resources.ingestQueue, WORK_QUEUES.ingest],
      [resources.jobEventsQueue, WORK_QUEUES.jobEvents],
      [resources.notifyQueue, WORK_QUEUES.notify],
    ] as const) {
      const { Attributes } = await fx.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['RedrivePolicy'] }),
      );
      expect(JSON.parse(Attributes!.RedrivePolicy!).maxReceiveCount).toBe(contract.maxReceiveCount);
    }
  });

  test('the table has the contract keys and indexes', async () => {
    const { Table } = await fx.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: resources.tableName }),
    );
    expect(Table!.KeySchema).toEqual(TABLE_DEFINITION.KeySchema);
    expect(
      Table!.GlobalSecondaryIndexes!.map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema })),
    ).toEqual(
      TABLE_DEFINITION.GlobalSecondaryIndexes.map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
      })),
    );
  });

  test("the upload rule forwards the trigger buckets' uploads only, like the stack's pattern", () => {
    const sent: string[] = [];
    const bridge = new LocalEventBridge({
      sqs: { send: async () => void sent.push('sent') } as never,
      region: 'us-east-1',
      stackId: 'mps-local',
      ingestQueueUrl: 'q',
      jobEventsQueueUrl: 'q',
      triggerBuckets: ['in'],
    });
    const record = (bucket: string) => ({
      eventName: 'ObjectCreated:Put',
      eventTime: '2026-03-01T10:00:00.000Z',
      awsRegion: 'us-east-1',
      s3: { bucket: { name: bucket }, object: { key: 'a.mp4', size: 1 } },
    });
    expect(bridge.putS3Record(record('in'))).toBeDefined();
    expect(bridge.putS3Record(record('elsewhere'))).toBeUndefined();
    expect(bridge.stats.objectCreated).toBe(1);
  });
});

describe('the contract patterns and names', () => {
  const transcribeEvent = (name: string, status = 'COMPLETED') => ({
    source: 'aws.transcribe',
    'detail-type': 'Transcribe Job State Change',
    detail: { TranscriptionJobName: name, TranscriptionJobStatus: status },
  });

  test('a prefix value matches the strings that start with it, and nothing else', () => {
    const pattern: EventPattern = { detail: { name: [{ prefix: 'mps-a-' }] } };
    expect(matchesEventPattern(pattern, { detail: { name: 'mps-a-1' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { name: 'mps-a-' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { name: 'mps-ab-1' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { name: 'x-mps-a-1' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { name: 42 } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: {} })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: null })).toBe(false);
  });

  test('exact values and prefixes can be listed together: any one matches', () => {
    const pattern: EventPattern = { name: ['exact', { prefix: 'pre-' }] };
    expect(matchesEventPattern(pattern, { name: 'exact' })).toBe(true);
    expect(matchesEventPattern(pattern, { name: 'pre-x' })).toBe(true);
    expect(matchesEventPattern(pattern, { name: 'exactly' })).toBe(false);
  });

  test("the Transcribe rule forwards this stack's finished jobs only", () => {
    const pattern = transcribeEventRulePattern('MpsStack');
    const prefix = transcribeJobNamePrefix('MpsStack');
    for (const status of TRANSCRIBE_EVENT_STATUSES) {
      expect(matchesEventPattern(pattern, transcribeEvent(`${prefix}t1.1.1`, status))).toBe(true);
    }
    expect(matchesEventPattern(pattern, transcribeEvent(`${prefix}t1.1.1`, 'IN_PROGRESS'))).toBe(false);
    // Another stack whose id starts like this one: the hash in the prefix keeps them apart.
    expect(
      matchesEventPattern(pattern, transcribeEvent(`${transcribeJobNamePrefix('MpsStack2')}t1.1.1`)),
    ).toBe(false);
    expect(
      matchesEventPattern(pattern, { ...transcribeEvent(`${prefix}x`), source: 'aws.mediaconvert' }),
    ).toBe(false);
  });

  test('transcribeJobNamePrefix: mps-{stack id}-{hash}-, in the characters Transcribe allows; no stack covers another', () => {
    expect(transcribeJobNamePrefix('MpsStack')).toMatch(/^mps-MpsStack-[0-9a-f]{8}-$/);
    expect(transcribeJobNamePrefix('MpsStack')).toBe(transcribeJobNamePrefix('MpsStack'));
    expect(transcribeJobNamePrefix('my stack/é:1')).toMatch(/^mps-my-stack---1-[0-9a-f]{8}-$/);
    const long = transcribeJobNamePrefix('x'.repeat(128));
    expect(long).toMatch(/^mps-x{40}-[0-9a-f]{8}-$/);
    // Job names are at most 200 characters: the prefix leaves room for the subtask's own part.
    expect(long.length).toBeLessThanOrEqual(54);
    // Stacks whose ids start alike, or clean to the same characters, never share jobs.
    for (const [a, b] of [
      ['Mps', 'Mps-Staging'],
      ['a/b', 'a-b'],
      ['x'.repeat(128), `${'x'.repeat(127)}y`],
    ] as const) {
      const [pa, pb] = [transcribeJobNamePrefix(a), transcribeJobNamePrefix(b)];
      expect({ a, b, overlap: pa.startsWith(pb) || pb.startsWith(pa) }).toEqual({ a, b, overlap: false });
    }
  });
});
