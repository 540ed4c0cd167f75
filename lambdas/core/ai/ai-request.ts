/**
 * The request that starts one AI subtask: what `mps explain` shows and what the engine receives.
 * Deterministic (no time, no random) so a redelivered submission sends the same request and
 * `clientToken` lets the engine return the job it already started.
 */
import { MpsError } from '../errors';
import type { AiSubtaskType, AiTemplate, Subtask, Task, Template } from '../model';
import { subtaskOutputPrefix } from '../naming/output-paths';
import { AI_TEMPLATE_TYPE } from './ai-kinds';

export interface AiJobRequest {
  /** `{taskId}.{no}.{attempt}`: the same subtask attempt never starts two jobs. */
  clientToken: string;
  type: AiSubtaskType;
  /** The source video. */
  input: { bucket: string; key: string };
  /** Outputs are `{prefix}.json` and, per type, `{prefix}.jpg` / `.vtt` / `.srt` (core/naming/output-paths.ts). */
  output: { bucket: string; prefix: string };
  /** What to find (the template's settings, without its bookkeeping fields). */
  settings: AiSettings;
  /** Carried to the job-state events like MediaConvert's UserMetadata (mpsStackId, mpsTaskId, mpsSubtasks). */
  userMetadata: Record<string, string>;
}

/** A template of an AI type without id, name, comment, preset and times. */
export type AiSettings = AiTemplate extends infer T
  ? T extends AiTemplate
    ? Omit<T, 'id' | 'name' | 'comment' | 'preset' | 'createdAt' | 'updatedAt'>
    : never
  : never;

function settingsOf(template: AiTemplate): AiSettings {
  const {
    id: _id,
    name: _name,
    comment: _comment,
    preset: _preset,
    createdAt: _c,
    updatedAt: _u,
    ...settings
  } = template;
  return settings as AiSettings;
}

/**
 * The request of `subtask` (an AI type) of `task`. Throws MpsError('InvalidInput.DefinitionNotExist')
 * when its template is missing or of another type (a schema check makes that rare).
 */
export function aiJobRequest(
  task: Pick<Task, 'taskId' | 'input' | 'output' | 'subtasks'>,
  subtask: Subtask & { type: AiSubtaskType },
  templates: ReadonlyMap<number, Template>,
  stackId: string,
): AiJobRequest {
  const template = templates.get(subtask.item.templateId);
  const want = AI_TEMPLATE_TYPE[subtask.type];
  if (template?.type !== want) {
    throw new MpsError(
      'InvalidInput.DefinitionNotExist',
      `subtask ${subtask.no} needs a ${want} template; template ${subtask.item.templateId} is ${template ? `a ${template.type} template` : 'missing'}`,
    );
  }
  return {
    clientToken: `${task.taskId}.${subtask.no}.${subtask.attempt}`,
    type: subtask.type,
    input: { bucket: task.input.bucket, key: task.input.key },
    output: { bucket: task.output.bucket, prefix: subtaskOutputPrefix(task, subtask) },
    settings: settingsOf(template as AiTemplate),
    userMetadata: {
      mpsStackId: stackId,
      mpsTaskId: task.taskId,
      mpsSubtasks: `${subtask.no}.${subtask.attempt}`,
    },
  };
}
