/** One task: facts, overall progress, restart (failed only / all), abort, the subtask table, players and images. */
import { useState } from 'preact/hooks';
import { get, post, taskProgress, type Task } from '../api';
import { AI_OUTPUT_KINDS, aiSummaryText } from '../ai-summary';
import { ObjectLink, OutputMedia, VideoPlayer } from '../media';
import { FormError, Page, Status, bytes, time, useData, useInterval } from '../ui';

export function TaskPage({ id }: { id: string }) {
  const { data: task, error, reload } = useData(() => get<Task>(`/tasks/${encodeURIComponent(id)}`), [id]);
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useInterval(() => void reload(), 1500, task !== undefined && task.status !== 'FINISH');
  const act = async (path: string) => {
    setBusy(true);
    try {
      await post(`/tasks/${encodeURIComponent(id)}/${path}`);
      setActionError(undefined);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
      await reload();
    }
  };
  if (!task) return <Page title={`Task ${id}`}>{error ? <FormError error={error} /> : <p>Loading…</p>}</Page>;
  const failed = task.subtasks.some((s) => s.status === 'FAIL' || s.status === 'ABORTED');
  const finished = task.status === 'FINISH';
  const progress = taskProgress(task);
  return (
    <Page
      title={`Task ${task.taskId}`}
      actions={
        <>
          <button disabled={busy || !finished || !failed} onClick={() => void act('restart')}>
            Restart failed
          </button>
          <button disabled={busy || !finished} onClick={() => void act('restart?all=true')}>
            Restart all
          </button>
          <button class="danger" disabled={busy || finished} onClick={() => void act('abort')}>
            Abort
          </button>
        </>
      }
    >
      <FormError error={actionError ?? error} />
      <section class="card" aria-label="Task">
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <Status value={task.status} /> {task.result && <Status value={task.result} />}
          </dd>
          <dt>Progress</dt>
          <dd>
            <progress value={progress} max={100} aria-label="Overall progress" /> {progress} %
          </dd>
          <dt>Schema</dt>
          <dd>{task.schemaName ? `${task.schemaName} (${task.schemaId})` : task.origin}</dd>
          <dt>Input</dt>
          <dd>
            <ObjectLink
              bucket={task.input.bucket}
              objectKey={task.input.key}
            >{`s3://${task.input.bucket}/${task.input.key}`}</ObjectLink>
          </dd>
          <dt>Output</dt>
          <dd class="mono">
            s3://{task.output.bucket}/{task.output.directory}
          </dd>
          <dt>Created</dt>
          <dd>{time(task.createdAt)}</dd>
          <dt>Started</dt>
          <dd>{time(task.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{time(task.finishedAt)}</dd>
        </dl>
      </section>
      <h2>Subtasks</h2>
      <table aria-label="Subtasks">
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Attempt</th>
            <th scope="col">Progress</th>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col">Outputs</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {task.subtasks.map((s) => (
            <tr key={s.no} data-subtask={s.no} data-status={s.status}>
              <td class="num">{s.no}</td>
              <td>{s.type}</td>
              <td>
                <Status value={s.status} />
              </td>
              <td class="num">{s.attempt}</td>
              <td>
                <progress value={s.progress} max={100} aria-label={`Progress of subtask ${s.no}`} />{' '}
                {s.progress} %
              </td>
              <td>{time(s.startedAt)}</td>
              <td>{time(s.finishedAt)}</td>
              <td>
                {s.summary && (
                  <div class="ai-summary" data-summary>
                    {aiSummaryText(s.summary)}
                  </div>
                )}
                {s.outputs.map((o) => (
                  <div key={o.key} data-output-kind={o.kind}>
                    <ObjectLink bucket={o.bucket} objectKey={o.key}>
                      {o.key.split('/').pop()!}
                    </ObjectLink>{' '}
                    {AI_OUTPUT_KINDS[o.kind] && <span class="output-kind">{AI_OUTPUT_KINDS[o.kind]}</span>}{' '}
                    {o.count && o.count > 1 ? `(${o.count} files)` : ''} {bytes(o.sizeBytes)}
                  </div>
                ))}
              </td>
              <td>{s.errorCode ? `${s.errorCode}: ${s.errorMessage ?? ''}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Source</h2>
      <div class="media">
        <VideoPlayer
          bucket={task.input.bucket}
          objectKey={task.input.key}
          label={`Source ${task.input.key}`}
        />
      </div>
      {task.subtasks.some((s) => s.outputs.length > 0) && (
        <>
          <h2>Outputs</h2>
          <div class="media">
            {task.subtasks.flatMap((s) =>
              s.outputs.map((o) => (
                <OutputMedia key={`${s.no}-${o.key}`} output={o} label={`#${s.no} ${s.type}`} />
              )),
            )}
          </div>
        </>
      )}
    </Page>
  );
}
