/**
 * Schemas: the list with status, enable/disable/delete, and the creation flow in the seed's order:
 * basic info → trigger → output (defaults to the trigger) → processing items (a visual chain) →
 * notification. An enabled schema is edited only with "reset" (it is disabled and stays so).
 */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError,
  api,
  get,
  post,
  type Buckets,
  type Page as ApiPage,
  type Schema,
  type Template,
} from '../api';
import { navigate } from '../router';
import { Check, Field, FormError, Page, Status, time, useData } from '../ui';

export function SchemasPage() {
  const { data, error, reload } = useData(() => get<ApiPage<Schema>>('/schemas?limit=100'), []);
  const [actionError, setActionError] = useState<unknown>();
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setActionError(undefined);
    } catch (err) {
      setActionError(err);
    }
    await reload();
  };
  return (
    <Page
      title="Schemas"
      actions={
        <button class="primary" onClick={() => navigate('/schemas/new')}>
          Create schema
        </button>
      }
    >
      <FormError error={error ?? actionError} />
      <table>
        <caption class="sr-only">Schemas</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">ID</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Output</th>
            <th scope="col">Items</th>
            <th scope="col">Updated</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(data?.items ?? []).map((s) => (
            <tr key={s.id} data-schema-name={s.name}>
              <td>{s.name}</td>
              <td class="mono">{s.id}</td>
              <td>
                <Status value={s.status} />
              </td>
              <td class="mono">
                s3://{s.trigger.bucket}/{s.trigger.directory}
              </td>
              <td class="mono">
                s3://{s.output.bucket}/{s.output.directory}
              </td>
              <td>{chainText(s.items)}</td>
              <td>{time(s.updatedAt)}</td>
              <td class="actions">
                {s.status === 'enabled' ? (
                  <button onClick={() => void act(() => post(`/schemas/${s.id}/disable`))}>Disable</button>
                ) : (
                  <button onClick={() => void act(() => post(`/schemas/${s.id}/enable`))}>Enable</button>
                )}
                <button onClick={() => navigate(`/schemas/${s.id}/edit`)}>Edit</button>
                <button onClick={() => navigate(`/upload?schema=${s.id}`)}>Upload</button>
                <button onClick={() => navigate(`/tasks?schemaId=${s.id}`)}>Tasks</button>
                {s.status === 'disabled' && (
                  <button
                    class="danger"
                    onClick={() =>
                      confirm(`Delete schema "${s.name}"?`) &&
                      void act(() => api('DELETE', `/schemas/${s.id}`))
                    }
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
          {data && data.items.length === 0 && (
            <tr>
              <td colSpan={8}>No schemas yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </Page>
  );
}

/** The kinds of processing item, the template type each uses, and its label. */
const KINDS: Array<{ kind: string; label: string; templateType: string; hls?: boolean; ai?: boolean }> = [
  { kind: 'transcode', label: 'Transcode', templateType: 'transcode' },
  { kind: 'adaptiveStreaming', label: 'Adaptive streaming (HLS)', templateType: 'transcode', hls: true },
  { kind: 'snapshotByTimeOffset', label: 'Snapshots at time offsets', templateType: 'snapshot' },
  { kind: 'sampleSnapshot', label: 'Sampled snapshots', templateType: 'sampleSnapshot' },
  { kind: 'imageSprite', label: 'Image sprite', templateType: 'sprite' },
  { kind: 'animatedGraphics', label: 'Animated image', templateType: 'animatedGraphics' },
  { kind: 'contentReview', label: 'AI content review', templateType: 'contentReview', ai: true },
  { kind: 'aiRecognition', label: 'AI recognition', templateType: 'aiRecognition', ai: true },
  { kind: 'aiAnalysis', label: 'AI analysis', templateType: 'aiAnalysis', ai: true },
];

interface Item {
  kind: string;
  /** One template id; adaptive streaming: comma-separated ids. */
  templates: string;
  watermark: string;
  offsets: string;
  startTime: string;
  endTime: string;
}

function chainText(items: Schema['items']): string {
  return Object.entries(items)
    .flatMap(([kind, list]) =>
      list.map(
        (it) =>
          `${KINDS.find((k) => k.kind === kind)?.label ?? kind} ${String(it.templateId ?? (it.templateIds as number[] | undefined)?.join('+'))}`,
      ),
    )
    .join(' → ');
}

function itemsFromSchema(items: Schema['items']): Item[] {
  return Object.entries(items).flatMap(([kind, list]) =>
    list.map((it) => ({
      kind,
      templates: String(it.templateId ?? (it.templateIds as number[] | undefined)?.join(',') ?? ''),
      watermark: String((it.watermarks as Array<{ templateId: number }> | undefined)?.[0]?.templateId ?? ''),
      offsets: ((it.offsets as Array<{ value: number; unit: string }> | undefined) ?? [])
        .map((o) => `${o.value}${o.unit}`)
        .join(', '),
      startTime: it.startTime === undefined ? '' : String(it.startTime),
      endTime: it.endTime === undefined ? '' : String(it.endTime),
    })),
  );
}

function itemsBody(items: Item[]): Record<string, Array<Record<string, unknown>>> {
  const body: Record<string, Array<Record<string, unknown>>> = {};
  for (const it of items) {
    const entry: Record<string, unknown> = {};
    if (it.kind === 'adaptiveStreaming') {
      entry.templateIds = it.templates.split(',').filter(Boolean).map(Number);
    } else entry.templateId = Number(it.templates);
    if (
      it.watermark &&
      ['transcode', 'adaptiveStreaming', 'snapshotByTimeOffset', 'sampleSnapshot'].includes(it.kind)
    ) {
      entry.watermarks = [{ templateId: Number(it.watermark) }];
    }
    if (it.kind === 'snapshotByTimeOffset')
      entry.offsets = it.offsets
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
    if (it.kind === 'animatedGraphics' || (it.kind === 'transcode' && it.startTime !== ''))
      entry.startTime = Number(it.startTime);
    if (it.kind === 'animatedGraphics' || (it.kind === 'transcode' && it.endTime !== ''))
      entry.endTime = Number(it.endTime);
    (body[it.kind] ??= []).push(entry);
  }
  return body;
}

const STEPS = ['Basic information', 'Trigger', 'Output', 'Processing', 'Notification'];
/** Which step shows an API field. */
function stepOf(field: string | undefined): number {
  if (!field) return 0;
  if (field.startsWith('trigger')) return 1;
  if (field.startsWith('output')) return 2;
  if (field.startsWith('items')) return 3;
  if (field.startsWith('notification')) return 4;
  return 0;
}

export function SchemaFormPage({ id }: { id?: string }) {
  const { data: buckets } = useData(() => get<Buckets>('/buckets'), []);
  const { data: templates } = useData(() => get<{ items: Template[] }>('/templates'), []);
  const [existing, setExisting] = useState<Schema | undefined>();
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [triggerBucket, setTriggerBucket] = useState('');
  const [triggerDir, setTriggerDir] = useState('input/');
  const [extensions, setExtensions] = useState('');
  const [outputBucket, setOutputBucket] = useState('');
  const [outputDir, setOutputDir] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const [notifyType, setNotifyType] = useState('');
  const [notifyTarget, setNotifyTarget] = useState('');
  const [notifyMode, setNotifyMode] = useState('finish');
  const [reset, setReset] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    get<Schema>(`/schemas/${id}`).then((s) => {
      setExisting(s);
      setName(s.name);
      setTriggerBucket(s.trigger.bucket);
      setTriggerDir(s.trigger.directory);
      setExtensions((s.trigger.extensions ?? []).join(', '));
      setOutputBucket(s.output.bucket);
      setOutputDir(s.output.directory);
      setItems(itemsFromSchema(s.items));
      setNotifyType(s.notification?.type ?? '');
      setNotifyTarget(s.notification?.target ?? '');
      setNotifyMode(s.notification?.mode ?? 'finish');
    }, setError);
  }, [id]);
  useEffect(() => {
    if (!triggerBucket && buckets?.trigger[0]) setTriggerBucket(buckets.trigger[0]);
  }, [buckets]);

  const fieldError = (field: string) =>
    error instanceof ApiError &&
    error.field !== undefined &&
    (error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`))
      ? error.message
      : undefined;
  const bucketField = (
    label: string,
    field: string,
    value: string,
    set: (v: string) => void,
    list: string[] | undefined,
    hint: string,
  ) =>
    list && list.length > 0 ? (
      <Field
        label={label}
        name={field}
        value={value}
        onInput={set}
        options={list}
        error={fieldError(field)}
        hint={hint}
      />
    ) : (
      <Field label={label} name={field} value={value} onInput={set} error={fieldError(field)} hint={hint} />
    );
  const effectiveOutputBucket = outputBucket || triggerBucket;
  const effectiveOutputDir = outputDir === '' ? triggerDir : outputDir;
  const body = () => ({
    name,
    trigger: {
      bucket: triggerBucket,
      directory: triggerDir,
      ...(extensions.trim()
        ? {
            extensions: extensions
              .split(',')
              .map((e) => e.trim())
              .filter(Boolean),
          }
        : {}),
    },
    output: { bucket: effectiveOutputBucket, directory: effectiveOutputDir },
    items: itemsBody(items),
    ...(notifyType ? { notification: { type: notifyType, target: notifyTarget, mode: notifyMode } } : {}),
  });
  const submit = async () => {
    setBusy(true);
    try {
      const saved = id
        ? await api<Schema>('PUT', `/schemas/${id}${reset ? '?reset=true' : ''}`, body())
        : await api<Schema>('POST', '/schemas', body());
      setError(undefined);
      navigate(`/schemas?saved=${saved.id}`);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setStep(stepOf(err.field));
    } finally {
      setBusy(false);
    }
  };
  const known = new Set(['name', 'trigger', 'output', 'items', 'notification'].flatMap((f) => [f]));
  const unplaced =
    error instanceof ApiError && error.field && known.has(error.field.split(/[.[]/)[0]!) ? undefined : error;
  const enabledLock = existing?.status === 'enabled';

  return (
    <Page title={id ? `Edit schema ${existing?.name ?? ''}` : 'Create schema'}>
      <ol class="steps" aria-label="Steps">
        {STEPS.map((label, i) => (
          <li
            key={label}
            class={i === step ? 'current' : i < step ? 'done' : ''}
            aria-current={i === step ? 'step' : undefined}
          >
            {i + 1}. {label}
          </li>
        ))}
      </ol>
      <form
        class="card"
        noValidate
        aria-label={STEPS[step]}
        onSubmit={(e) => {
          e.preventDefault();
          if (step < STEPS.length - 1) setStep(step + 1);
          else void submit();
        }}
      >
        <FormError error={unplaced} />
        {enabledLock && (
          <div class="notice">
            This schema is enabled. An enabled schema is replaced only with a reset: it is disabled first and
            stays disabled until you enable it again.
            <Check label="Reset (disable and replace)" name="reset" checked={reset} onChange={setReset} />
          </div>
        )}
        {step === 0 && (
          <Field
            label="Schema name"
            name="name"
            value={name}
            onInput={setName}
            error={fieldError('name')}
            hint="1–128 characters: letters (CJK included), digits, _ and -; unique"
            required
          />
        )}
        {step === 1 && (
          <div class="row">
            {bucketField(
              'Trigger bucket',
              'trigger.bucket',
              triggerBucket,
              setTriggerBucket,
              buckets?.trigger,
              'uploads to this bucket start tasks',
            )}
            <Field
              label="Trigger directory"
              name="trigger.directory"
              value={triggerDir}
              onInput={setTriggerDir}
              error={fieldError('trigger.directory')}
              hint="a key prefix ending in /, e.g. input/ — empty = the whole bucket"
            />
            <Field
              label="File extensions"
              name="trigger.extensions"
              value={extensions}
              onInput={setExtensions}
              error={fieldError('trigger.extensions')}
              hint="optional, comma-separated (mp4, mov); empty = common video and audio formats"
            />
          </div>
        )}
        {step === 2 && (
          <div class="row">
            {bucketField(
              'Output bucket',
              'output.bucket',
              effectiveOutputBucket,
              setOutputBucket,
              buckets ? [...new Set([...buckets.output, ...buckets.trigger])] : undefined,
              'defaults to the trigger bucket',
            )}
            <Field
              label="Output directory"
              name="output.directory"
              value={effectiveOutputDir}
              onInput={setOutputDir}
              error={fieldError('output.directory')}
              hint="defaults to the trigger directory; ends with /"
            />
          </div>
        )}
        {step === 3 && (
          <ItemChain
            items={items}
            setItems={setItems}
            templates={templates?.items ?? []}
            trigger={`s3://${triggerBucket}/${triggerDir}`}
            output={`s3://${effectiveOutputBucket}/${effectiveOutputDir}`}
            error={error instanceof ApiError && error.field?.startsWith('items') ? error : undefined}
          />
        )}
        {step === 4 && (
          <div class="row">
            <Field
              label="Notification"
              name="notification.type"
              value={notifyType}
              onInput={setNotifyType}
              options={[['', 'none'], 'queue', 'topic', 'url', 'function']}
              error={fieldError('notification.type')}
            />
            {notifyType && (
              <>
                <Field
                  label="Target"
                  name="notification.target"
                  value={notifyTarget}
                  onInput={setNotifyTarget}
                  error={fieldError('notification.target')}
                  hint="queue URL/ARN, topic ARN, https URL or function name"
                />
                <Field
                  label="When"
                  name="notification.mode"
                  value={notifyMode}
                  onInput={setNotifyMode}
                  options={[
                    ['finish', 'when the task finishes'],
                    ['change', 'on every change'],
                  ]}
                />
              </>
            )}
          </div>
        )}
        <div class="actions">
          {step > 0 && (
            <button type="button" onClick={() => setStep(step - 1)}>
              Back
            </button>
          )}
          {step < STEPS.length - 1 ? (
            <button class="primary" type="submit">
              Next
            </button>
          ) : (
            <button class="primary" type="submit" disabled={busy || (enabledLock && !reset)}>
              {id ? 'Save schema' : 'Create schema'}
            </button>
          )}
          <button type="button" onClick={() => navigate('/schemas')}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}

function ItemChain(p: {
  items: Item[];
  setItems: (items: Item[]) => void;
  templates: Template[];
  trigger: string;
  output: string;
  error: ApiError | undefined;
}) {
  const [kind, setKind] = useState('transcode');
  const update = (i: number, patch: Partial<Item>) =>
    p.setItems(p.items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  const optionsFor = (k: string) => {
    const spec = KINDS.find((x) => x.kind === k)!;
    return p.templates
      .filter((t) => t.type === spec.templateType && (!spec.hls || t.container === 'hls'))
      .map((t) => [String(t.id), `${t.id} ${t.name}`] as const);
  };
  const watermarks = p.templates
    .filter((t) => t.type === 'watermark')
    .map((t) => [String(t.id), `${t.id} ${t.name}`] as const);
  /** "items.transcode[1].templateId" → the chain index of transcode #1. */
  const errorIndex = (() => {
    const m = p.error?.field?.match(/^items\.(\w+)\[(\d+)\]/);
    if (!m) return -1;
    let seen = -1;
    return p.items.findIndex((it) => it.kind === m[1] && ++seen === Number(m[2]));
  })();
  return (
    <>
      <p class="hint">
        The processing items run on every upload; each writes its outputs to the output directory.
      </p>
      <div class="chain" role="list" aria-label="Processing chain">
        <div class="node endpoint" role="listitem">
          <strong>Upload</strong>
          <div class="mono">{p.trigger}</div>
        </div>
        {p.items.map((it, i) => {
          const spec = KINDS.find((k) => k.kind === it.kind)!;
          const opts = optionsFor(it.kind);
          return (
            <Fragment key={i}>
              <span class="arrow" aria-hidden="true">
                →
              </span>
              <div class={spec.ai ? 'node ai' : 'node'} role="listitem" data-item-kind={it.kind}>
                <strong>
                  {i + 1}. {spec.label}
                </strong>
                {it.kind === 'adaptiveStreaming' ? (
                  <Field
                    label="HLS templates (ids)"
                    name={`items.${it.kind}.templateIds`}
                    value={it.templates}
                    onInput={(v) => update(i, { templates: v })}
                    hint={opts.map(([v]) => v).join(', ')}
                  />
                ) : (
                  <Field
                    label="Template"
                    name={`items.${it.kind}.templateId`}
                    value={it.templates}
                    onInput={(v) => update(i, { templates: v })}
                    options={[['', 'choose…'], ...opts]}
                  />
                )}
                {['transcode', 'adaptiveStreaming', 'snapshotByTimeOffset', 'sampleSnapshot'].includes(
                  it.kind,
                ) &&
                  watermarks.length > 0 && (
                    <Field
                      label="Watermark"
                      name={`items.${it.kind}.watermarks`}
                      value={it.watermark}
                      onInput={(v) => update(i, { watermark: v })}
                      options={[['', 'none'], ...watermarks]}
                    />
                  )}
                {it.kind === 'snapshotByTimeOffset' && (
                  <Field
                    label="Time offsets"
                    name={`items.${it.kind}.offsets`}
                    value={it.offsets}
                    onInput={(v) => update(i, { offsets: v })}
                    hint='e.g. "1s, 50%"'
                  />
                )}
                {(it.kind === 'animatedGraphics' || it.kind === 'transcode') && (
                  <div class="row">
                    <Field
                      label="Start (s)"
                      name={`items.${it.kind}.startTime`}
                      value={it.startTime}
                      onInput={(v) => update(i, { startTime: v })}
                      width={80}
                    />
                    <Field
                      label="End (s)"
                      name={`items.${it.kind}.endTime`}
                      value={it.endTime}
                      onInput={(v) => update(i, { endTime: v })}
                      width={80}
                    />
                  </div>
                )}
                {i === errorIndex && (
                  <div class="error" role="alert">
                    {p.error!.message}
                  </div>
                )}
                <button
                  type="button"
                  class="danger"
                  onClick={() => p.setItems(p.items.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </div>
            </Fragment>
          );
        })}
        <span class="arrow" aria-hidden="true">
          →
        </span>
        <div class="node endpoint" role="listitem">
          <strong>Output</strong>
          <div class="mono">{p.output}</div>
        </div>
      </div>
      {p.error && errorIndex < 0 && (
        <div class="form-error" role="alert">
          {p.error.code}: {p.error.message}
        </div>
      )}
      <div class="row">
        <Field
          label="Add a processing item"
          name="addItemKind"
          value={kind}
          onInput={setKind}
          options={KINDS.map((k) => [k.kind, k.label] as const)}
        />
        <div class="field">
          <button
            type="button"
            onClick={() =>
              p.setItems([
                ...p.items,
                {
                  kind,
                  templates: '',
                  watermark: '',
                  offsets: kind === 'snapshotByTimeOffset' ? '1s, 50%' : '',
                  startTime: kind === 'animatedGraphics' ? '0' : '',
                  endTime: kind === 'animatedGraphics' ? '2' : '',
                },
              ])
            }
          >
            Add item
          </button>
        </div>
      </div>
    </>
  );
}
