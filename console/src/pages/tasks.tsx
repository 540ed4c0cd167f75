/** Tasks: filters (status, result, IDs, schema, time range), auto-refresh, overall progress. */
import { useState } from 'preact/hooks';
import { get, query, taskProgress, type Page as ApiPage, type Schema, type Task } from '../api';
import { navigate } from '../router';
import { Check, Field, FormError, Page, Status, time, useData, useInterval } from '../ui';

type Filters = Record<'status' | 'result' | 'ids' | 'schemaId' | 'from' | 'to', string>;

/** datetime-local (UTC, as the table shows) → ISO-8601, and back. */
const toIso = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}Z` : '');
const fromIso = (iso: string | null) =>
  iso
    ? iso
        .replace(/Z$/, '')
        .replace(/\.\d+$/, '')
        .slice(0, 16)
    : '';

export function TasksPage({ query: q }: { query: URLSearchParams }) {
  const applied: Filters = {
    status: q.get('status') ?? '',
    result: q.get('result') ?? '',
    ids: q.get('ids') ?? '',
    schemaId: q.get('schemaId') ?? '',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
  };
  const [draft, setDraft] = useState<Filters>(applied);
  const [auto, setAuto] = useState(true);
  const [pages, setPages] = useState<Array<ApiPage<Task>>>([]);
  const key = JSON.stringify(applied);
  const { data: schemas } = useData(() => get<ApiPage<Schema>>('/schemas?limit=100'), []);
  const { data, error, reload } = useData(async () => {
    setPages([]);
    return get<ApiPage<Task>>(
      `/tasks${query({ ...applied, ids: applied.ids.replace(/\s+/g, ''), limit: '50' })}`,
    );
  }, [key]);
  useInterval(() => void reload(), 2000, auto && pages.length === 0);
  const more = async () => {
    const token = (pages.at(-1) ?? data)?.nextToken;
    if (!token) return;
    const next = await get<ApiPage<Task>>(`/tasks${query({ ...applied, limit: '50', nextToken: token })}`);
    setPages([...pages, next]);
  };
  const tasks = [...(data?.items ?? []), ...pages.flatMap((p) => p.items)];
  const set = (k: keyof Filters) => (v: string) => setDraft({ ...draft, [k]: v });
  return (
    <Page title="Tasks">
      <form
        class="card"
        aria-label="Filter tasks"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/tasks${query({ ...draft })}`);
        }}
      >
        <div class="row">
          <Field
            label="Status"
            name="status"
            value={draft.status}
            onInput={set('status')}
            options={[['', 'any'], 'WAITING', 'PROCESSING', 'FINISH']}
          />
          <Field
            label="Result"
            name="result"
            value={draft.result}
            onInput={set('result')}
            options={[['', 'any'], 'SUCCESS', 'PARTIAL_FAILURE', 'FAIL', 'ABORTED']}
          />
          <Field
            label="Task IDs"
            name="ids"
            value={draft.ids}
            onInput={set('ids')}
            hint="comma-separated"
            width={280}
          />
          <Field
            label="Schema"
            name="schemaId"
            value={draft.schemaId}
            onInput={set('schemaId')}
            options={[['', 'any'], ...(schemas?.items ?? []).map((s) => [s.id, s.name] as const)]}
          />
          <Field
            label="Created from (UTC)"
            name="from"
            type="datetime-local"
            value={fromIso(draft.from)}
            onInput={(v) => set('from')(toIso(v))}
          />
          <Field
            label="Created to (UTC)"
            name="to"
            type="datetime-local"
            value={fromIso(draft.to)}
            onInput={(v) => set('to')(toIso(v))}
          />
          <div class="field">
            <button class="primary" type="submit">
              Apply filters
            </button>
          </div>
          <div class="field">
            <button
              type="button"
              onClick={() => {
                setDraft({ status: '', result: '', ids: '', schemaId: '', from: '', to: '' });
                navigate('/tasks');
              }}
            >
              Clear
            </button>
          </div>
          <Check label="Auto-refresh (2 s)" name="autoRefresh" checked={auto} onChange={setAuto} />
        </div>
      </form>
      <FormError error={error} />
      <table aria-label="Tasks" aria-live="polite" aria-busy="false">
        <thead>
          <tr>
            <th scope="col">Task ID</th>
            <th scope="col">Schema</th>
            <th scope="col">Input</th>
            <th scope="col">Status</th>
            <th scope="col">Result</th>
            <th scope="col">Progress</th>
            <th scope="col">Created</th>
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.taskId} data-task-id={t.taskId} data-status={t.status}>
              <td class="mono">
                <a href={`#/tasks/${encodeURIComponent(t.taskId)}`}>{t.taskId}</a>
              </td>
              <td>{t.schemaName ?? t.origin}</td>
              <td class="mono">
                s3://{t.input.bucket}/{t.input.key}
              </td>
              <td>
                <Status value={t.status} />
              </td>
              <td>
                <Status value={t.result} />
              </td>
              <td>
                <progress value={taskProgress(t)} max={100} aria-label={`Progress of ${t.taskId}`} />{' '}
                {taskProgress(t)} %
              </td>
              <td>{time(t.createdAt)}</td>
              <td>{time(t.finishedAt)}</td>
            </tr>
          ))}
          {data && tasks.length === 0 && (
            <tr>
              <td colSpan={8}>No tasks match.</td>
            </tr>
          )}
        </tbody>
      </table>
      {(pages.at(-1) ?? data)?.nextToken && (
        <p>
          <button onClick={() => void more()}>More tasks</button>
        </p>
      )}
    </Page>
  );
}
