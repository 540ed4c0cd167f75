/** Human-readable renderings of API objects, as tables ('table') or tab-separated rows ('text'). */
import type { Schema, Subtask, Task, Template } from '../lambdas/core/model';
import { taskProgress } from '../lambdas/core/tasks/task-progress';
import { statusStyle } from './color';
import { PLAIN, type RenderOptions } from './output';
import { formatTable, formatTime, type Styled } from './table';

/** A status cell, coloured by what it means when colour is on. */
function statusCell(text: string): Styled {
  const style = statusStyle(text);
  return style ? { text, style } : { text };
}

export function templatesTable(items: Template[], r: RenderOptions = PLAIN): string {
  return formatTable(
    ['ID', 'TYPE', 'NAME', 'PRESET', 'UPDATED'],
    items.map((t) => [t.id, t.type, t.name, t.preset ? 'yes' : 'no', formatTime(t.updatedAt)]),
    { ...r, empty: 'no templates' },
  );
}

export function templateDetail(t: Template, r: RenderOptions = PLAIN): string {
  const { id, type, name, preset, comment, createdAt, updatedAt, ...settings } = t as Template &
    Record<string, unknown>;
  const head = formatTable(
    ['ID', 'TYPE', 'NAME', 'PRESET', 'CREATED', 'UPDATED'],
    [[id, type, name, preset ? 'yes' : 'no', formatTime(createdAt), formatTime(updatedAt)]],
    r,
  );
  if (r.format === 'text') return head;
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
  if (i.contentReview?.length) parts.push(`review ${i.contentReview.map((x) => x.templateId).join(',')}`);
  if (i.aiRecognition?.length)
    parts.push(`recognition ${i.aiRecognition.map((x) => x.templateId).join(',')}`);
  if (i.aiAnalysis?.length) parts.push(`analysis ${i.aiAnalysis.map((x) => x.templateId).join(',')}`);
  return parts.join('; ');
}

export function schemasTable(items: Schema[], r: RenderOptions = PLAIN): string {
  return formatTable(
    ['ID', 'NAME', 'STATUS', 'TRIGGER', 'OUTPUT', 'ITEMS'],
    items.map((s) => [
      s.id,
      s.name,
      { text: s.status, ...(s.status === 'enabled' ? { style: 'green' as const } : {}) },
      `s3://${s.trigger.bucket}/${s.trigger.directory}`,
      `s3://${s.output.bucket}/${s.output.directory}`,
      itemsSummary(s),
    ]),
    { ...r, empty: 'no schemas' },
  );
}

export function schemaDetail(s: Schema, r: RenderOptions = PLAIN): string {
  const head = schemasTable([s], r);
  if (r.format === 'text') return head;
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

export function tasksTable(items: Task[], r: RenderOptions = PLAIN): string {
  return formatTable(
    ['TASK ID', 'STATUS', 'PROGRESS', 'CREATED', 'FINISHED', 'INPUT', 'SCHEMA'],
    items.map((t) => [
      t.taskId,
      statusCell(taskStatus(t)),
      `${taskProgress(t)}%`,
      formatTime(t.createdAt),
      formatTime(t.finishedAt),
      `${t.input.bucket}/${t.input.key}`,
      t.schemaName ?? t.schemaId ?? `(${t.origin})`,
    ]),
    { ...r, empty: 'no tasks' },
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
  // AI subtasks: their result in brief (verdict, counts, parts not available locally).
  const summary = s.summary
    ? ` {${Object.entries(s.summary)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(', ')}}`
    : '';
  return `${first.bucket}/${first.key}${sequence}${more}${summary}`;
}

/** The console's task view: the task row, then one row per subtask. */
export function taskDetail(t: Task, r: RenderOptions = PLAIN): string {
  const head = formatTable(
    ['TASK ID', 'STATUS', 'PROGRESS', 'CREATED', 'FINISHED'],
    [
      [
        t.taskId,
        statusCell(taskStatus(t)),
        `${taskProgress(t)}%`,
        formatTime(t.createdAt),
        formatTime(t.finishedAt),
      ],
    ],
    r,
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
      statusCell(s.attempt > 1 ? `${s.status} (attempt ${s.attempt})` : s.status),
      s.type,
      formatTime(s.startedAt),
      formatTime(s.finishedAt),
      subtaskOutput(s),
    ]),
    { ...r, maxCellWidth: 120 },
  );
  if (r.format === 'text') return head + subs;
  return head + info + '\n' + subs;
}
