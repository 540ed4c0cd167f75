/**
 * The control API over in-memory stores and the real task services, with a fake JobSubmitter and a
 * fake source probe. `call()` sends an API Gateway payload v2 event through the handler.
 */
import { MemoryAiEngine } from '../../support/memory-ai-engine';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createApiHandler, type ApiDeps } from '../../../lambdas/api';
import type { S3Location, SourceInfo } from '../../../lambdas/core/model';
import type { StackBuckets } from '../../../lambdas/core/schemas';
import type { JobSubmitter, ObjectTransfers, UploadedPart } from '../../../lambdas/core/ports';
import { CatalogService } from '../../../lambdas/services/catalog-service';
import { IngestService } from '../../../lambdas/services/ingest-service';
import { TaskControlService } from '../../../lambdas/services/task-control-service';
import { TaskRunner } from '../../../lambdas/services/task-runner';
import { TaskUpdater } from '../../../lambdas/services/task-updates';
import { MemorySchemaStore, MemoryTaskStore, MemoryTemplateStore } from '../../support/memory-stores';

export class FakeJobSubmitter implements JobSubmitter {
  readonly created: CreateJobCommandInput[] = [];
  readonly cancelled: string[] = [];
  private n = 0;

  async createJob(input: CreateJobCommandInput): Promise<{ jobId: string }> {
    this.created.push(input);
    this.n++;
    return { jobId: `job-${String(this.n).padStart(4, '0')}` };
  }

  async cancelJob(jobId: string): Promise<void> {
    this.cancelled.push(jobId);
  }
}

/** Records the transfer calls and answers with URLs naming them (memory://op/bucket/key?…). */
export class FakeTransfers implements ObjectTransfers {
  readonly calls: Array<{ op: string; location: S3Location; [k: string]: unknown }> = [];
  private uploads = 0;

  async getUrl(location: S3Location, expiresSeconds: number): Promise<string> {
    this.calls.push({ op: 'get', location, expiresSeconds });
    return `memory://get/${location.bucket}/${location.key}?expires=${expiresSeconds}`;
  }
  async putUrl(location: S3Location, expiresSeconds: number, contentType?: string): Promise<string> {
    this.calls.push({ op: 'put', location, expiresSeconds, contentType });
    return `memory://put/${location.bucket}/${location.key}?expires=${expiresSeconds}`;
  }
  async startMultipart(location: S3Location, contentType?: string): Promise<string> {
    this.calls.push({ op: 'start', location, contentType });
    return `upload-${++this.uploads}`;
  }
  async partUrl(location: S3Location, uploadId: string, partNumber: number): Promise<string> {
    this.calls.push({ op: 'part', location, uploadId, partNumber });
    return `memory://part/${location.bucket}/${location.key}?uploadId=${uploadId}&partNumber=${partNumber}`;
  }
  async completeMultipart(
    location: S3Location,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<void> {
    this.calls.push({ op: 'complete', location, uploadId, parts });
  }
  async abortMultipart(location: S3Location, uploadId: string): Promise<void> {
    this.calls.push({ op: 'abort', location, uploadId });
  }
}

export const JOBS = {
  roleArn: 'arn:aws:iam::123456789012:role/mps-mediaconvert',
  stackId: 'stack-test',
  workBucket: 'mps-work',
};

export interface TestApi {
  deps: ApiDeps;
  templates: MemoryTemplateStore;
  schemas: MemorySchemaStore;
  tasks: MemoryTaskStore;
  submitter: FakeJobSubmitter;
  transfers: FakeTransfers;
  updater: TaskUpdater;
  probeCalls: Array<{ location: S3Location; fields: ReadonlyArray<keyof SourceInfo> }>;
  /** What the probe returns; set to an Error to make it throw. */
  source: { info: SourceInfo | Error };
  errors: unknown[];
  clock: { now: string };
  handler: ReturnType<typeof createApiHandler>;
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; rawBody?: string; query?: Record<string, string> },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response JSON, asserted field by field
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

/** `buckets`: the deployment's trigger and output buckets (default: any bucket). */
export function createTestApi(opts: { buckets?: StackBuckets } = {}): TestApi {
  const templates = new MemoryTemplateStore();
  const schemas = new MemorySchemaStore();
  const tasks = new MemoryTaskStore();
  const submitter = new FakeJobSubmitter();
  const clock = { now: '2025-03-01T10:00:00.000Z' };
  const now = () => clock.now;
  const source: TestApi['source'] = {
    info: { width: 1920, height: 1080, durationSeconds: 30, frameRate: 25 },
  };
  const probeCalls: TestApi['probeCalls'] = [];
  const probe = async (location: S3Location, fields: ReadonlyArray<keyof SourceInfo>) => {
    probeCalls.push({ location, fields });
    if (source.info instanceof Error) throw source.info;
    return source.info;
  };
  const updater = new TaskUpdater(tasks);
  const runner = new TaskRunner({
    templates,
    submitter,
    ai: new MemoryAiEngine(),
    probe,
    updater,
    jobs: JOBS,
    now,
  });
  // The API uses the ingest service's create-or-load only: no upload events, no key resolution.
  const ingest = new IngestService({
    tasks,
    objects: { etag: () => Promise.reject(new Error('not used by the API')) },
    schemaCache: undefined as never,
    runner,
    updater,
  });
  const operations = new TaskControlService({ updater, runner, submitter, ingest, now });
  const errors: unknown[] = [];
  const transfers = new FakeTransfers();
  const deps: ApiDeps = {
    catalog: new CatalogService({
      templates,
      schemas,
      now,
      ...(opts.buckets ? { buckets: opts.buckets } : {}),
    }),
    tasks,
    operations,
    probe,
    jobs: JOBS,
    transfers,
    ...(opts.buckets ? { buckets: opts.buckets } : {}),
    now,
    logError: (_message, error) => errors.push(error),
  };
  const handler = createApiHandler(deps);
  return {
    deps,
    templates,
    schemas,
    tasks,
    submitter,
    transfers,
    updater,
    probeCalls,
    source,
    errors,
    clock,
    handler,
    async call(method, path, opts = {}) {
      const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const event = apiEvent(method, path, opts.query, body);
      const res = await handler(event);
      return {
        status: res.statusCode ?? 200,
        body: res.body ? JSON.parse(res.body) : undefined,
        headers: res.headers ?? {},
      };
    },
  };
}

export function apiEvent(
  method: string,
  path: string,
  query?: Record<string, string>,
  body?: string,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query ?? {}).toString(),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Mar/2025:10:00:00 +0000',
      timeEpoch: 0,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}
