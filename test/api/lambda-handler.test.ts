/** The Lambda entry (lambdas/handlers/api.ts): config from env, DynamoDB stores, error mapping. */
import { mockClient } from 'aws-sdk-client-mock';
import { makeSchema } from '../support/tasks';
import { apiEvent } from './support/harness';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'mps-table',
  STACK_ID: 'stack-1',
  MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::123456789012:role/mc',
  WORK_BUCKET: 'mps-test-work',
  NOTIFY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/notify',
};

describe('api Lambda handler', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    Object.assign(process.env, ENV, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  type Lib = typeof import('@aws-sdk/lib-dynamodb');

  /** Loads the handler module fresh (module-load config), with the DocumentClient of that load mocked. */
  function load(setup: (ddb: ReturnType<typeof mockClient>, lib: Lib) => void = () => {}) {
    let mod: typeof import('../../lambdas/handlers/api') | undefined;
    let ddb: ReturnType<typeof mockClient> | undefined;
    let lib: Lib | undefined;
    jest.isolateModules(() => {
      lib = require('@aws-sdk/lib-dynamodb') as Lib;
      ddb = mockClient(lib.DynamoDBDocumentClient);
      setup(ddb, lib);
      mod = require('../../lambdas/handlers/api');
    });
    return { handler: mod!.handler, ddb: ddb!, lib: lib! };
  }

  it('reads the task from the table and answers 404 for an unknown one', async () => {
    const { handler, ddb, lib } = load((m, l) => m.on(l.GetCommand).resolves({}));
    const res = await handler(apiEvent('GET', '/tasks/t-missing'));
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body!).error.code).toBe('ResourceNotFound.Task');
    const get = ddb.commandCalls(lib.GetCommand)[0]!.args[0].input as { TableName?: string };
    expect(get.TableName).toBe('mps-table');
  });

  it('answers a CORS preflight (OPTIONS, any path) 204 with no body and no store call', async () => {
    const { handler, ddb } = load();
    for (const path of ['/tasks', '/schemas/sch-1', '/no/such/route']) {
      const res = await handler(apiEvent('OPTIONS', path));
      expect(res.statusCode).toBe(204);
      expect(res.body ?? '').toBe('');
    }
    expect(ddb.calls()).toHaveLength(0);
  });

  it('lists templates with presets from the core and user templates from the table', async () => {
    const { handler } = load((m, l) => m.on(l.QueryCommand).resolves({ Items: [] }));
    const res = await handler(apiEvent('GET', '/templates', { type: 'snapshot' }));
    expect(res.statusCode).toBe(200);
    const ids = JSON.parse(res.body!).items.map((t: { id: number }) => t.id);
    expect(ids).toContain(10);
  });

  it('answers 500 without internals when DynamoDB fails', async () => {
    const { handler } = load((m, l) =>
      m.on(l.GetCommand).rejects(new Error('ProvisionedThroughputExceeded arn:aws:dynamodb:secret')),
    );
    const res = await handler(apiEvent('GET', '/schemas/sch-1'));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('arn:aws');
  });

  it('applies the same acceleration policy as ingest: ENABLED only where the job qualifies', async () => {
    process.env.MEDIACONVERT_ACCELERATION = 'ENABLED';
    const schema = makeSchema({
      id: 'sch-1',
      name: 'videos',
      items: {
        transcode: [{ templateId: 100030 }],
        animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 2 }],
      },
    });
    const { handler } = load((m, l) =>
      m.on(l.QueryCommand).resolves({ Items: [{ pk: 'SCHEMAS', sk: 'sch-1', ...schema }] }),
    );
    const res = await handler(apiEvent('GET', '/explain', { bucket: 'in', key: 'videos/a.mp4' }));
    expect(res.statusCode).toBe(200);
    const [match] = JSON.parse(res.body!).schemas;
    const modes = match.jobs.map(
      (j: { createJob: { AccelerationSettings?: { Mode: string } } }) =>
        j.createJob.AccelerationSettings?.Mode,
    );
    // The MP4 job qualifies for accelerated transcoding; MediaConvert does not accelerate GIF outputs.
    expect(modes).toEqual(['ENABLED', 'PREFERRED']);
  });

  it('fails fast at load when a required variable is missing', () => {
    delete process.env.TABLE_NAME;
    expect(() => load()).toThrow(/TABLE_NAME/);
  });
});
