/** Notifications that exhausted their retries (the notify DLQ), with replay. */
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { FormError, Page, time, useData } from '../ui';

interface FailedDelivery {
  messageId: string;
  sentAt?: string;
  attempts?: number;
  failedAt?: string;
  target?: { type: string; target: string };
  eventType?: string;
  taskId?: string;
  error?: { code?: string; message?: string };
  invalid?: string;
}
interface ReplayResult {
  replayed: string[];
  notFound: string[];
  failed: Array<{ messageId: string; error: string }>;
}

export function DeliveriesPage() {
  const { data, error, reload } = useData(() => get<{ items: FailedDelivery[] }>('/deliveries/failed'), []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<ReplayResult | undefined>();
  const [actionError, setActionError] = useState<unknown>();
  const replay = async (ids?: string[]) => {
    try {
      setResult(await post<ReplayResult>('/deliveries/replay', ids ? { ids } : {}));
      setActionError(undefined);
      setSelected(new Set());
    } catch (err) {
      setActionError(err);
    }
    await reload();
  };
  const items = data?.items ?? [];
  return (
    <Page
      title="Failed deliveries"
      actions={
        <>
          <button onClick={() => void reload()}>Refresh</button>
          <button disabled={selected.size === 0} onClick={() => void replay([...selected])}>
            Replay selected
          </button>
          <button class="primary" disabled={items.length === 0} onClick={() => void replay()}>
            Replay all
          </button>
        </>
      }
    >
      <FormError error={error ?? actionError} />
      {result && (
        <div class="notice" role="status">
          Replayed {result.replayed.length}; not found {result.notFound.length}; failed {result.failed.length}
          {result.failed.map((f) => ` · ${f.messageId}: ${f.error}`).join('')}
        </div>
      )}
      <table aria-label="Failed deliveries">
        <thead>
          <tr>
            <th scope="col">Select</th>
            <th scope="col">Task</th>
            <th scope="col">Event</th>
            <th scope="col">Target</th>
            <th scope="col">Attempts</th>
            <th scope="col">Failed</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.messageId}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select delivery ${d.messageId}`}
                  checked={selected.has(d.messageId)}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if ((e.target as HTMLInputElement).checked) next.add(d.messageId);
                    else next.delete(d.messageId);
                    setSelected(next);
                  }}
                />
              </td>
              <td class="mono">
                {d.taskId ? <a href={`#/tasks/${encodeURIComponent(d.taskId)}`}>{d.taskId}</a> : '—'}
              </td>
              <td>{d.eventType ?? d.invalid ?? '—'}</td>
              <td class="mono">{d.target ? `${d.target.type} ${d.target.target}` : '—'}</td>
              <td class="num">{d.attempts ?? '—'}</td>
              <td>{time(d.failedAt ?? d.sentAt)}</td>
              <td>{d.error ? `${d.error.code ?? ''} ${d.error.message ?? ''}` : ''}</td>
            </tr>
          ))}
          {data && items.length === 0 && (
            <tr>
              <td colSpan={7}>No failed deliveries.</td>
            </tr>
          )}
        </tbody>
      </table>
    </Page>
  );
}
