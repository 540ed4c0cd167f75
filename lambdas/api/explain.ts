/**
 * GET /explain?bucket=&key=[&time=]: which enabled schemas an upload of that object would trigger and
 * the exact CreateJob requests that would be submitted for it (nothing is created or submitted).
 */
import { MpsError } from '../core/errors';
import type { SourceInfo, Template } from '../core/model';
import { buildCreateJob, requiredSourceInfo } from '../core/mediaconvert';
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
    const matched = new SchemaIndex(await deps.schemas.listEnabled()).match(bucket, key, eventTime);

    let source: SourceInfo | undefined;
    let probeError: { code: string; message: string } | undefined;
    const probedFields = new Set<keyof SourceInfo>();

    const schemas = [];
    for (const schema of matched) {
      const templates: Map<number, Template> = await deps.templates.getMany(
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
      const needed = new Set(task.subtasks.flatMap((s) => requiredSourceInfo(s, templates)));
      const missing = [...needed].filter((f) => !probedFields.has(f));
      if (missing.length > 0 && !probeError) {
        try {
          source = { ...source, ...(await deps.probe({ bucket, key }, [...needed])) };
          for (const f of needed) probedFields.add(f);
        } catch (e) {
          probeError =
            e instanceof MpsError
              ? { code: e.code, message: e.message }
              : { code: 'SourceFileError', message: `could not read s3://${bucket}/${key}` };
        }
      }
      const jobs = task.subtasks.map((subtask) => {
        const base = { no: subtask.no, type: subtask.type };
        const requires = requiredSourceInfo(subtask, templates);
        if (requires.length > 0 && probeError) return { ...base, requires, error: probeError };
        try {
          const createJob = buildCreateJob({
            task,
            subtask,
            templates,
            source: source ?? {},
            roleArn: deps.jobs.roleArn,
            stackId: deps.jobs.stackId,
            ...(deps.jobs.queueArn ? { queueArn: deps.jobs.queueArn } : {}),
            ...(deps.jobs.accelerated ? { accelerated: true } : {}),
          });
          return { ...base, ...(requires.length ? { requires } : {}), createJob };
        } catch (e) {
          if (!(e instanceof MpsError)) throw e;
          return { ...base, error: { code: e.code, message: e.message } };
        }
      });
      schemas.push({ schemaId: schema.id, name: schema.name, output: schema.output, jobs });
    }
    return {
      status: 200,
      body: {
        bucket,
        key,
        time: eventTime,
        ...(source && Object.keys(source).length ? { source } : {}),
        schemas,
      },
    };
  };
}
