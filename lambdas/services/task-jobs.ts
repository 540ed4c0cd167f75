/**
 * The one path from subtasks to CreateJob requests (and to the AI engine's requests for AI subtasks), shared by the task runner (ingest, ProcessMedia,
 * restart, local runtime) and `GET /explain`, so explain shows exactly what would be submitted.
 */
import { MpsError } from '../core/errors';
import { buildTaskJobs, requiredSourceInfo, type JobSettings, type TaskJobs } from '../core/mediaconvert';
import { aiJobRequest, type AiJobRequest } from '../core/ai/ai-request';
import { isAiSubtask } from '../core/ai/ai-kinds';
import type { JobMember, SourceInfo, Subtask, Task, Template } from '../core/model';
import type { SourceProbe } from '../core/ports';

/** Template ids one subtask uses (its templates and watermarks). */
export function subtaskTemplateIds(subtask: Subtask): number[] {
  const ids: number[] = [];
  const item = subtask.item as {
    templateId?: number;
    templateIds?: number[];
    watermarks?: { templateId: number }[];
  };
  if (item.templateId !== undefined) ids.push(item.templateId);
  ids.push(...(item.templateIds ?? []), ...(item.watermarks ?? []).map((w) => w.templateId));
  return ids;
}

/** The planned jobs, the subtasks that cannot run, what was probed and what each subtask needed. */
export interface PlannedTaskJobs extends TaskJobs {
  source: SourceInfo;
  /** Source facts each subtask needs (subtasks needing none are absent). */
  requires: Map<number, Array<keyof SourceInfo>>;
  /** The AI subtasks' requests (MediaAiEngine.start), one per subtask. */
  aiJobs: Array<{ member: JobMember; request: AiJobRequest }>;
}

/**
 * Plans the jobs of `subtasks`: a subtask whose templates no longer exist fails with
 * 'InvalidInput.DefinitionNotExist'; the source is probed once for every fact any subtask needs, and a
 * probe that fails permanently (MpsError) fails the subtasks that needed it; the others are built and
 * planned (core buildTaskJobs). Errors other than MpsError (S3 throttling, network) propagate.
 */
export async function planTaskJobs(args: {
  task: Task;
  subtasks: readonly Subtask[];
  templates: ReadonlyMap<number, Template>;
  probe: SourceProbe;
  settings: JobSettings;
}): Promise<PlannedTaskJobs> {
  const { task, templates } = args;
  const failures: TaskJobs['failures'] = [];
  const requires = new Map<number, Array<keyof SourceInfo>>();
  const fail = (s: Subtask, error: MpsError) => failures.push({ no: s.no, attempt: s.attempt, error });
  const known = args.subtasks.filter((s) => {
    const missing = subtaskTemplateIds(s).filter((id) => !templates.has(id));
    if (missing.length > 0) {
      fail(
        s,
        new MpsError(
          'InvalidInput.DefinitionNotExist',
          `template(s) ${missing.join(', ')} of subtask ${s.no} no longer exist`,
        ),
      );
      return false;
    }
    const fields = requiredSourceInfo(s, templates);
    if (fields.length > 0) requires.set(s.no, fields);
    return true;
  });
  const fields = [...new Set([...requires.values()].flat())];
  let source: SourceInfo = {};
  let buildable = known;
  if (fields.length > 0) {
    try {
      source = await args.probe(task.input, fields);
    } catch (err) {
      if (!(err instanceof MpsError)) throw err;
      buildable = known.filter((s) => {
        if (!requires.has(s.no)) return true;
        fail(s, err);
        return false;
      });
    }
  }
  const aiJobs: PlannedTaskJobs['aiJobs'] = [];
  for (const s of buildable) {
    if (!isAiSubtask(s)) continue;
    try {
      aiJobs.push({
        member: { no: s.no, attempt: s.attempt },
        request: aiJobRequest(task, s, templates, args.settings.stackId),
      });
    } catch (err) {
      if (!(err instanceof MpsError)) throw err;
      fail(s, err);
    }
  }
  const built = buildTaskJobs({
    task,
    subtasks: buildable.filter((s) => !isAiSubtask(s)),
    templates,
    source,
    settings: args.settings,
  });
  return {
    jobs: built.jobs,
    failures: [...failures, ...built.failures].sort((a, b) => a.no - b.no),
    source,
    requires,
    aiJobs,
  };
}
