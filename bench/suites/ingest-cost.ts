/**
 * ingest-cost: the deployed ingest handler (lambdas/handlers/ingest.ts `handler`, real wiring,
 * Powertools logger and metrics on) with aws-sdk-client-mock standing in for DynamoDB (an in-memory
 * table that honours the stores' condition expressions), MediaConvert, S3 and SQS.
 * Per scenario: process CPU time per upload event (process.cpuUsage), wall time, and the AWS calls
 * one upload costs — before the first CreateJob (goal ≤ 3), in total, and CreateJobs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema } from '../../lambdas/core/model';
import { median } from '../lib/stats';
import { type BenchContext, type Row, rowsFor, SkipError, type Suite } from '../lib/types';
import { HANDLER_ENV } from './bundles';
import { generateClip } from '../lib/media';

const BUCKET = 'mps-in';
const ENABLED_AT = '2026-01-01T00:00:00.000Z';
const EVENT_TIME = '2026-03-01T10:00:00Z';

type Item = Record<string, unknown>;

/** The part of DynamoDB the stores use, in memory: items by pk/sk, the stores' conditions. */
class MemoryTable {
  readonly items = new Map<string, Item>();

  private static id(key: Item): string {
    return `${String(key.pk)}\u0000${String(key.sk)}`;
  }

  get(key: Item): Item | undefined {
    const item = this.items.get(MemoryTable.id(key));
    return item && structuredClone(item);
  }

  put(input: {
    Item?: Item;
    ConditionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Item;
  }): void {
    const item = input.Item!;
    const id = MemoryTable.id(item);
    const old = this.items.get(id);
    const cond = input.ConditionExpression;
    if (cond !== undefined) {
      let ok: boolean;
      const eq = /^(#?\w+) = (:\w+)$/.exec(cond);
      if (cond === 'attribute_not_exists(pk)') ok = old === undefined;
      else if (eq) {
        const attr = eq[1]!.startsWith('#') ? input.ExpressionAttributeNames![eq[1]!]! : eq[1]!;
        ok = old !== undefined && old[attr] === input.ExpressionAttributeValues![eq[2]!];
      } else throw new Error(`MemoryTable: condition not supported: ${cond}`);
      if (!ok) {
        throw Object.assign(new Error('The conditional request failed'), {
          name: 'ConditionalCheckFailedException',
          $metadata: { httpStatusCode: 400 },
        });
      }
    }
    this.items.set(id, structuredClone(item));
  }

  /** Query on the table's partition key (schemas); FilterExpression `#status = :enabled` only. */
  query(input: {
    KeyConditionExpression?: string;
    ExpressionAttributeValues?: Item;
    FilterExpression?: string;
  }): Item[] {
    if (input.KeyConditionExpression !== 'pk = :pk') {
      throw new Error(`MemoryTable: query not supported: ${input.KeyConditionExpression}`);
    }
    const pk = input.ExpressionAttributeValues![':pk'];
    return [...this.items.values()]
      .filter((i) => i.pk === pk && (!input.FilterExpression || i.status === 'enabled'))
      .map((i) => structuredClone(i));
  }
}

/** Key → ETag of every object the events announce (what S3 would answer a HeadObject with). */
const UPLOADED = new Map<string, string>();

function objectCreated(key: string, sequencer: string) {
  UPLOADED.set(key, `etag${sequencer}`);
  return {
    version: '0',
    id: `evt-${sequencer}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: EVENT_TIME,
    region: 'eu-west-1',
    resources: [`arn:aws:s3:::${BUCKET}`],
    detail: {
      version: '0',
      bucket: { name: BUCKET },
      object: {
        key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'),
        size: 1048576,
        etag: `etag${sequencer}`,
        sequencer,
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  };
}

let messageNo = 0;
function sqsEvent(body: unknown) {
  messageNo++;
  return {
    Records: [
      {
        messageId: `00000000-0000-4000-8000-${String(messageNo).padStart(12, '0')}`,
        receiptHandle: `AQEB-${messageNo}`,
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1772359200000',
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: '1772359200001',
        },
        messageAttributes: {},
        md5OfBody: 'x',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:mps-ingest',
        awsRegion: 'eu-west-1',
      },
    ],
  };
}

function schema(id: string, directory: string, items: Schema['items']): Schema {
  return {
    id,
    name: id,
    trigger: { bucket: BUCKET, directory },
    output: { bucket: 'mps-out', directory },
    items,
    notification: { type: 'queue', target: 'arn:aws:sqs:eu-west-1:123456789012:receiver', mode: 'finish' },
    status: 'enabled',
    enabledAt: ENABLED_AT,
    createdAt: ENABLED_AT,
    updatedAt: ENABLED_AT,
  };
}

interface ScenarioResult {
  cpuUsPerEvent: number;
  wallUsPerEvent: number;
  /** Per upload (median over the measured uploads). */
  callsBeforeCreateJob: number;
  callsTotal: number;
  createJobs: number;
  byCommand: string;
  failures: number;
}

export const ingestCost: Suite = {
  name: 'ingest-cost',
  description:
    'ingest handler with mocked AWS: CPU µs per upload event, AWS calls per upload (goal ≤ 3 before CreateJob)',
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('ingest-cost');
    // The handler reads its config at module load; the variables are put back afterwards.
    const env = { ...HANDLER_ENV, POWERTOOLS_LOG_LEVEL: 'INFO' };
    const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    const restoreEnv = () => {
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };

    let mod: typeof import('../../lambdas/handlers/ingest');
    let mock: typeof import('aws-sdk-client-mock');
    try {
      mod = await import('../../lambdas/handlers/ingest');
      mock = await import('aws-sdk-client-mock');
    } catch (err) {
      restoreEnv();
      throw new SkipError(
        `lambdas/handlers/ingest.ts cannot be loaded: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    const { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, BatchGetCommand, UpdateCommand } =
      await import('@aws-sdk/lib-dynamodb');
    const { MediaConvertClient, CreateJobCommand, CancelJobCommand } =
      await import('@aws-sdk/client-mediaconvert');
    const { S3Client, HeadObjectCommand, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');

    // A real MP4 (moov at the end, as most uploads) for the ranged-GET source probe.
    const clipFile = path.join(ctx.tmpDir, 'source.mp4');
    await generateClip(clipFile, { seconds: 4, width: 640, height: 360 });
    const clip = readFileSync(clipFile);

    const table = new MemoryTable();
    const calls: string[] = [];
    const doc = mock.mockClient(DynamoDBDocumentClient);
    const mc = mock.mockClient(MediaConvertClient);
    const s3 = mock.mockClient(S3Client);
    const sqs = mock.mockClient(SQSClient);
    let jobNo = 0;
    try {
      doc.on(GetCommand).callsFake((input) => {
        calls.push('DynamoDB.GetItem');
        return { Item: table.get(input.Key) };
      });
      doc.on(PutCommand).callsFake((input) => {
        calls.push('DynamoDB.PutItem');
        table.put(input);
        return {};
      });
      doc.on(QueryCommand).callsFake((input) => {
        calls.push('DynamoDB.Query');
        return { Items: table.query(input) };
      });
      doc.on(BatchGetCommand).callsFake((input) => {
        calls.push('DynamoDB.BatchGetItem');
        const [name, req] = Object.entries(input.RequestItems ?? {})[0]!;
        const keys = (req as { Keys?: Item[] }).Keys ?? [];
        const found = keys.map((k) => table.get(k)).filter((i): i is Item => !!i);
        return { Responses: { [name]: found } };
      });
      doc.on(UpdateCommand).callsFake(() => {
        calls.push('DynamoDB.UpdateItem');
        return {};
      });
      mc.on(CreateJobCommand).callsFake(() => {
        calls.push('MediaConvert.CreateJob');
        return { Job: { Id: `1772359200000-${(++jobNo).toString(36)}`, Role: 'r', Settings: {} } };
      });
      mc.on(CancelJobCommand).callsFake(() => {
        calls.push('MediaConvert.CancelJob');
        return {};
      });
      s3.on(HeadObjectCommand).callsFake((input) => {
        calls.push('S3.HeadObject');
        const etag = UPLOADED.get(input.Key ?? '');
        if (etag === undefined) {
          throw Object.assign(new Error('NotFound'), {
            name: 'NotFound',
            $metadata: { httpStatusCode: 404 },
          });
        }
        return { ContentLength: clip.length, ETag: `"${etag}"` };
      });
      s3.on(GetObjectCommand).callsFake((input) => {
        calls.push('S3.GetObject');
        const m = /^bytes=(\d+)-(\d+)$/.exec(input.Range ?? '');
        const bytes = m ? clip.subarray(Number(m[1]), Number(m[2]) + 1) : clip;
        return { Body: { transformToByteArray: async () => new Uint8Array(bytes) } } as never;
      });
      sqs.on(SendMessageCommand).callsFake(() => {
        calls.push('SQS.SendMessage');
        return { MessageId: 'm' };
      });

      for (const s of [
        schema('sch-single', 'videos/', { transcode: [{ templateId: 100030 }] }),
        schema('sch-demo', 'demo/', {
          transcode: [{ templateId: 100030 }],
          snapshotByTimeOffset: [
            {
              templateId: 10,
              offsets: [
                { value: 1, unit: 's' },
                { value: 50, unit: '%' },
              ],
            },
          ],
          animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 2 }],
        }),
      ]) {
        table.put({ Item: { ...s, pk: 'SCHEMAS', sk: s.id, entity: 'schema' } });
      }
      table.put({ Item: { pk: 'COUNTER', sk: 'SCHEMA_REVISION', value: 1 } });

      const n = ctx.quick ? 100 : 1000;
      const rows: Row[] = [];
      // Logger/metrics lines go to stdout, as in Lambda: written (cost counted), then discarded.
      const realWrite = process.stdout.write;
      const realErrWrite = process.stderr.write;
      const scenario = async (events: unknown[]): Promise<ScenarioResult> => {
        const perUpload: { before: number; total: number; jobs: number; names: string[] }[] = [];
        let failures = 0;
        process.stdout.write = (() => true) as typeof process.stdout.write;
        process.stderr.write = (() => true) as typeof process.stderr.write;
        const cpu0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        try {
          for (const ev of events) {
            calls.length = 0;
            const res = await mod.handler(sqsEvent(ev) as never, undefined as never);
            failures += res.batchItemFailures.length;
            const first = calls.indexOf('MediaConvert.CreateJob');
            perUpload.push({
              before: first === -1 ? calls.length : first,
              total: calls.length,
              jobs: calls.filter((c) => c === 'MediaConvert.CreateJob').length,
              names: [...calls],
            });
          }
        } finally {
          process.stdout.write = realWrite;
          process.stderr.write = realErrWrite;
        }
        const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const counts = new Map<string, number>();
        for (const c of perUpload[perUpload.length - 1]!.names) counts.set(c, (counts.get(c) ?? 0) + 1);
        return {
          cpuUsPerEvent: (cpu.user + cpu.system) / events.length,
          wallUsPerEvent: wallUs / events.length,
          callsBeforeCreateJob: median(perUpload.map((p) => p.before)),
          callsTotal: median(perUpload.map((p) => p.total)),
          createJobs: median(perUpload.map((p) => p.jobs)),
          byCommand: [...counts].map(([k, v]) => `${k}×${v}`).join(' '),
          failures,
        };
      };

      // Cold: the first upload after a cold start also loads the enabled schemas.
      calls.length = 0;
      const cold = await scenario([objectCreated('videos/warmup 0.mp4', 'W0')]);
      rows.push(
        row(
          'first upload after cold start: calls before CreateJob',
          cold.callsBeforeCreateJob,
          'calls',
          cold.byCommand,
        ),
      );

      const uploads = Array.from({ length: n }, (_, i) =>
        objectCreated(`videos/holiday clip ${i}.mp4`, `A${i}`),
      );
      // Warm up the JIT on other keys, then measure.
      await scenario(
        Array.from({ length: Math.min(200, n) }, (_, i) =>
          objectCreated(`videos/warm ${i}.mp4`, `W${i + 1}`),
        ),
      );
      const matched = await scenario(uploads);
      const dup = await scenario(uploads);
      const demoN = Math.max(20, Math.floor(n / 5));
      const demo = await scenario(
        Array.from({ length: demoN }, (_, i) => objectCreated(`demo/clip ${i}.mp4`, `D${i}`)),
      );
      const miss = await scenario(
        Array.from({ length: n }, (_, i) =>
          objectCreated(i % 2 ? `elsewhere/clip ${i}.mp4` : `videos/notes ${i}.txt`, `M${i}`),
        ),
      );
      const loop = await scenario(
        Array.from({ length: n }, (_, i) => objectCreated(`videos/clip ${i}_transcode_100030.mp4`, `L${i}`)),
      );

      const report = (label: string, r: ScenarioResult, count: number) => {
        rows.push(
          row(
            `${label}: CPU per event`,
            r.cpuUsPerEvent,
            'µs',
            `${count} events, process.cpuUsage user+system`,
          ),
          row(`${label}: wall per event`, r.wallUsPerEvent, 'µs'),
          row(
            `${label}: AWS calls before CreateJob`,
            r.callsBeforeCreateJob,
            'calls',
            r.createJobs > 0 ? 'goal ≤ 3' : 'no CreateJob',
          ),
          row(`${label}: AWS calls total`, r.callsTotal, 'calls', r.byCommand),
          row(
            `${label}: CreateJob calls`,
            r.createJobs,
            'calls',
            r.failures ? `${r.failures} batch item failures!` : undefined,
          ),
        );
      };
      report('matching upload (1 subtask)', matched, n);
      report('duplicate delivery', dup, n);
      report('matching upload, demo schema (3 subtasks, probe)', demo, demoN);
      // A subtask that fails before submission (e.g. the source probe cannot read a fact) costs no job.
      const demoTasks = [...table.items.values()].filter(
        (i) => i.entity === 'task' && i.schemaId === 'sch-demo',
      );
      const failedSubtasks = demoTasks.flatMap((t) =>
        (t.subtasks as { status: string; errorCode?: string; errorMessage?: string }[]).filter(
          (st) => st.status === 'FAIL',
        ),
      );
      if (failedSubtasks.length > 0) {
        const f = failedSubtasks[0]!;
        rows.push(
          row(
            'demo schema: subtasks failed before submission',
            failedSubtasks.length / demoTasks.length,
            'per upload',
            `${f.errorCode}: ${(f.errorMessage ?? '').slice(0, 90)}`,
          ),
        );
      }
      report('non-matching key', miss, n);
      report('service output key (loop guard)', loop, n);
      return rows;
    } finally {
      restoreEnv();
      doc.restore();
      mc.restore();
      s3.restore();
      sqs.restore();
    }
  },
};
