/** Human-readable renderings of API objects. */
import type { Schema, Subtask, Task, Template } from '../lambdas/core/model';
import { formatTable, formatTime } from './table';

export function templatesTable(items: Template[]): string {
  if (items.length === 0) return 'no templates\n';
  return formatTable(
    ['ID', 'TYPE', 'NAME', 'PRESET', 'UPDATED'],
    items.map((t) => [t.id, t.type, t.name, t.preset ? 'yes' : 'no', formatTime(t.updatedAt)]),
  );
}

export function templateDetail(t: Template): string {
  const { id, type, name, preset, comment, createdAt, updatedAt, ...settings } = t as Template &
    Record<string, unknown>;
  const head = formatTable(
    ['ID', 'TYPE', 'NAME', 'PRESET', 'CREATED', 'UPDATED'],
    [[id, type, name, preset ? 'yes' : 'no', formatTime(createdAt), formatTime(updatedAt)]],
  );
  return head + (comment ? `comment: ${comment}\n` : '') + JSON.stringify(settings, null, 2) + '\n';
}

function itemsSummary(s: Schema): string {
  const parts: string[] = [];
  const i = s.items;
  if (i.transcode?.length) parts.push(`transcode ${i.transcode.map((x) => x.templateId).join(',')}`);
  if (i.adaptiveStreaming?.length)
    parts.push(`adaptive ${i.adaptiveStreaming.map((x) => x.templateIds.join('+')).join(',')}`);
  if (i.animatedGraphics?.length) parts.push(`gif ${i.animatedGraphics.map((x) => x.templateId).join(',')}`);
  if (i.snapshotByTimeOffset?.length)
    parts.push(`snapshot ${i.snapshotByTimeOffset.map((x) => x.templateId).join(',')}`);
  if (i.sampleSnapshot?.length) parts.push(`sample ${i.sampleSnapshot.map((x) => x.templateId).join(',')}`);
  if (i.imageSprite?.length) parts.push(`sprite ${i.imageSprite.map((x) => x.templateId).join(',')}`);
  return parts.join('; ');
}

export function schemasTable(items: Schema[]): string {
  if (items.length === 0) return 'no schemas\n';
  return formatTable(
    ['ID', 'NAME', 'STATUS', 'TRIGGER', 'OUTPUT', 'ITEMS'],
    items.map((s) => [
      s.id,
      s.name,
      s.status,
      `s3://${s.trigger.bucket}/${s.trigger.directory}`,
      `s3://${s.output.bucket}/${s.output.directory}`,
      itemsSummary(s),
    ]),
  );
}

export function schemaDetail(s: Schema): string {
  const head = schemasTable([s]);
  const lines = [
    `created: ${formatTime(s.createdAt)}   updated: ${formatTime(s.updatedAt)}` +
      (s.enabledAt ? `   enabled: ${formatTime(s.enabledAt)}` : ''),
    ...(s.trigger.extensions?.length ? [`extensions: ${s.trigger.extensions.join(', ')}`] : []),
    ...(s.notification
      ? [`notification: ${s.notification.type} ${s.notification.target} (on ${s.notification.mode})`]
      : []),
    'items:',
    JSON.stringify(s.items, null, 2),
  ];
  return head + lines.join('\n') + '\n';
}

export function taskStatus(t: Task): string {
  return t.status === 'FINISH' && t.result ? `FINISH (${t.result})` : t.status;
}

export function tasksTable(items: Task[]): string {
  if (items.length === 0) return 'no tasks\n';
  return formatTable(
    ['TASK ID', 'STATUS', 'CREATED', 'FINISHED', 'INPUT', 'SCHEMA'],
    items.map((t) => [
      t.taskId,
      taskStatus(t),
      formatTime(t.createdAt),
      formatTime(t.finishedAt),
      `${t.input.bucket}/${t.input.key}`,
      t.schemaName ?? t.schemaId ?? `(${t.origin})`,
    ]),
  );
}

function subtaskOutput(s: Subtask): string {
  if (s.status === 'FAIL' || (s.errorCode && s.status !== 'SUCCESS')) {
    return `${s.errorCode ?? 'Error'}: ${s.errorMessage ?? ''}`.trim();
  }
  const first = s.outputs[0];
  const shared = s.jobSubtasks
    ? ` [job shared with ${s.jobSubtasks.filter((n) => n !== s.no).join(', ')}]`
    : '';
  if (!first) return s.status === 'PROCESSING' ? `${s.progress}%${shared}` : '-';
  const files = s.outputs.reduce((n, o) => n + (o.count ?? 1), 0);
  const sequence =
    first.count !== undefined && first.lastKey
      ? ` … ${first.lastKey.slice(first.lastKey.lastIndexOf('/') + 1)}`
      : '';
  const more = files > 1 ? ` (${files} files)` : '';
  return `${first.bucket}/${first.key}${sequence}${more}`;
}

/** The console's task view: the task row, then one row per subtask. */
export function taskDetail(t: Task): string {
  const head = formatTable(
    ['TASK ID', 'STATUS', 'CREATED', 'FINISHED'],
    [[t.taskId, taskStatus(t), formatTime(t.createdAt), formatTime(t.finishedAt)]],
  );
  const info =
    `input: s3://${t.input.bucket}/${t.input.key}   output: s3://${t.output.bucket}/${t.output.directory}` +
    (t.schemaId ? `   schema: ${t.schemaName ?? ''} (${t.schemaId})` : '') +
    (t.sessionId ? `   session: ${t.sessionId}` : '') +
    '\n';
  const subs = formatTable(
    ['NO', 'STATUS', 'TYPE', 'START', 'END', 'OUTPUT'],
    t.subtasks.map((s) => [
      s.no,
      s.attempt > 1 ? `${s.status} (attempt ${s.attempt})` : s.status,
      s.type,
      formatTime(s.startedAt),
      formatTime(s.finishedAt),
      subtaskOutput(s),
    ]),
    { maxCellWidth: 120 },
  );
  return head + info + '\n' + subs;
}
