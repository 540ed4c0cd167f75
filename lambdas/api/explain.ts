/**
 * GET /explain?bucket=&key=[&time=]: which enabled schemas an upload of that object would trigger and
 * the exact CreateJob requests that would be submitted for it (nothing is created or submitted):
 * per schema, `subtasks` (each with the index of its `job` or `aiJob`, or the `error` that would fail
 * it, and the source facts it `requires`), `jobs` (the subtasks each job runs and its CreateJob
 * request) and `aiJobs` (the AI subtasks' requests to the AI engine, core/ai/ai-request.ts, and on AWS
 * the exact Rekognition Video / Transcribe requests each becomes, core/ai/aws/backend-requests.ts).
 */
import { MpsError } from '../core/errors';
import type { SourceInfo, Template } from '../core/model';
import type { SourceProbe } from '../core/ports';
import { planTaskJobs } from '../services/task-jobs';
import { referencedTemplateIds, SchemaIndex } from '../core/schemas';
import { createTask } from '../core/tasks';
import type { ApiDeps } from './deps';
import { BadRequestError, type ApiRequest, type ApiResponse } from './http';
import { onlyParams, stringParam, timeParam } from './params';

export function explainOperation(deps: ApiDeps, now: () => string) {
  return async function explain(req: ApiRequest): Promise<ApiResponse> {
    onlyParams(req.query, ['bucket', 'key', 'time']);
    const bucket = stringParam(req.query, 'bucket', 63);
    const key = stringParam(req.query, 'key', 1024);
    if (!bucket || !key) {
      throw new BadRequestError(
        `bucket and key are required query parameters (e.g. ?bucket=media&key=input/a.mp4)`,
        bucket ? 'key' : 'bucket',
      );
    }
    const eventTime = timeParam(req.query, 'time') ?? now();
    const matched = new SchemaIndex(await deps.catalog.enabledSchemas()).match(bucket, key, eventTime);
    // One probe per set of facts (schemas needing the same facts share it). A read that fails for any
    // reason is reported on the subtasks that needed it, as a SourceFileError: explain never retries.
    const probed = new Map<string, Promise<SourceInfo>>();
    const probe: SourceProbe = (location, fields) => {
      const id = [...fields].sort().join(',');
      if (!probed.has(id)) {
        probed.set(
          id,
          deps.probe(location, fields).catch((err: unknown) => {
            if (err instanceof MpsError) throw err;
            const why = err instanceof Error ? err.name : 'error';
            throw new MpsError('SourceFileError', `could not read s3://${bucket}/${key} (${why})`);
          }),
        );
      }
      return probed.get(id)!;
    };

    let source: SourceInfo = {};
    const schemas = [];
    for (const schema of matched) {
      const templates: Map<number, Template> = await deps.catalog.templatesById(
        referencedTemplateIds(schema.items),
      );
      const task = createTask({
        origin: 'schema',
        schema,
        input: { bucket, key },
        output: schema.output,
        items: schema.items,
        idempotencyKey: `explain:${schema.id}:${bucket}/${key}`,
        now: eventTime,
      });
      const planned = await planTaskJobs({
        task,
        subtasks: task.subtasks,
        templates,
        probe,
        settings: deps.jobs,
      });
      source = { ...source, ...planned.source };
      const jobOf = new Map(planned.jobs.flatMap((job, index) => job.members.map((m) => [m.no, index])));
      const aiJobOf = new Map(planned.aiJobs.map((job, index) => [job.member.no, index]));
      const failureOf = new Map(planned.failures.map((f) => [f.no, f.error]));
      const subtasks = task.subtasks.map((s) => {
        const requires = planned.requires.get(s.no);
        const error = failureOf.get(s.no);
        return {
          no: s.no,
          type: s.type,
          ...(requires ? { requires } : {}),
          ...(error
            ? { error: { code: error.code, message: error.message } }
            : aiJobOf.has(s.no)
              ? { aiJob: aiJobOf.get(s.no)! }
              : { job: jobOf.get(s.no)! }),
        };
      });
      const jobs = planned.jobs.map((job) => ({
        subtasks: job.members.map((m) => m.no),
        createJob: job.request,
      }));
      const aiJobs = planned.aiJobs.map((job) => ({
        subtasks: [job.member.no],
        request: job.request,
        ...(deps.aiBackendRequests ? { backendRequests: deps.aiBackendRequests(job.request) } : {}),
      }));
      schemas.push({
        schemaId: schema.id,
        name: schema.name,
        output: schema.output,
        subtasks,
        jobs,
        ...(aiJobs.length > 0 ? { aiJobs } : {}),
      });
    }
    return {
      status: 200,
      body: { bucket, key, time: eventTime, ...(Object.keys(source).length ? { source } : {}), schemas },
    };
  };
}
