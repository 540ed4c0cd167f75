/**
 * Explain: for an object key, the enabled schemas it would trigger and the exact requests: CreateJob for
 * MediaConvert, the AI engine's request for AI subtasks (and on AWS the Rekognition/Transcribe requests).
 */
import { useState } from 'preact/hooks';
import { get, query, type Buckets } from '../api';
import { Field, FormError, Page, useData } from '../ui';

interface Explanation {
  bucket: string;
  key: string;
  time: string;
  source?: Record<string, unknown>;
  schemas: Array<{
    schemaId: string;
    name: string;
    output: { bucket: string; directory: string };
    subtasks: Array<{
      no: number;
      type: string;
      job?: number;
      aiJob?: number;
      error?: { code: string; message: string };
    }>;
    jobs: Array<{ subtasks: number[]; createJob: unknown }>;
    aiJobs?: Array<{
      subtasks: number[];
      request: unknown;
      backendRequests?: Array<{ api: string; input: unknown }>;
    }>;
  }>;
}

export function ExplainPage() {
  const { data: buckets } = useData(() => get<Buckets>('/buckets'), []);
  const [bucket, setBucket] = useState('');
  const [key, setKey] = useState('input/my-video.mp4');
  const [result, setResult] = useState<Explanation | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const target = bucket || buckets?.trigger[0] || '';
  const explain = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      setResult(await get<Explanation>(`/explain${query({ bucket: target, key })}`));
      setError(undefined);
    } catch (err) {
      setError(err);
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Explain">
      <form class="card" onSubmit={explain} aria-label="Explain an upload">
        <p class="hint">
          Which enabled schemas would an upload of this object trigger, and which jobs would they submit?
          Nothing is created.
        </p>
        <div class="row">
          {buckets && buckets.trigger.length > 0 ? (
            <Field
              label="Bucket"
              name="bucket"
              value={target}
              onInput={setBucket}
              options={buckets.trigger}
            />
          ) : (
            <Field label="Bucket" name="bucket" value={bucket} onInput={setBucket} />
          )}
          <Field
            label="Key"
            name="key"
            value={key}
            onInput={setKey}
            width={360}
            hint="paste an object key, e.g. input/clip.mp4"
          />
          <div class="field">
            <button class="primary" type="submit" disabled={busy}>
              Explain
            </button>
          </div>
        </div>
      </form>
      <FormError error={error} />
      {result && (
        <section aria-label="Explanation">
          <p>
            {result.schemas.length === 0
              ? `No enabled schema matches s3://${result.bucket}/${result.key}.`
              : `${result.schemas.length} schema(s) match s3://${result.bucket}/${result.key}.`}
          </p>
          {result.schemas.map((s) => (
            <div class="card" key={s.schemaId} data-explained-schema={s.name}>
              <h2>
                {s.name} <span class="mono">{s.schemaId}</span>
              </h2>
              <p class="mono">
                output s3://{s.output.bucket}/{s.output.directory}
              </p>
              <ul>
                {s.subtasks.map((st) => (
                  <li key={st.no}>
                    #{st.no} {st.type}:{' '}
                    {st.error
                      ? `fails with ${st.error.code}: ${st.error.message}`
                      : st.aiJob !== undefined
                        ? `AI job ${String(st.aiJob + 1)}`
                        : `job ${String((st.job ?? 0) + 1)}`}
                  </li>
                ))}
              </ul>
              {s.jobs.map((j, i) => (
                <details key={i} open={i === 0}>
                  <summary>
                    Job {i + 1} (subtasks {j.subtasks.join(', ')}): CreateJob request
                  </summary>
                  <pre>{JSON.stringify(j.createJob, null, 2)}</pre>
                </details>
              ))}
              {(s.aiJobs ?? []).map((j, i) => (
                <details key={`ai-${String(i)}`} data-explained-ai-job={i + 1}>
                  <summary>
                    AI job {i + 1} (subtask {j.subtasks.join(', ')}): request to the AI engine
                    {j.backendRequests && j.backendRequests.length > 0
                      ? `, sent as ${j.backendRequests.map((b) => b.api).join(' + ')}`
                      : ''}
                  </summary>
                  <pre>{JSON.stringify(j.request, null, 2)}</pre>
                  {(j.backendRequests ?? []).map((b) => (
                    <div key={b.api}>
                      <h3 class="mono">{b.api}</h3>
                      <pre>{JSON.stringify(b.input, null, 2)}</pre>
                    </div>
                  ))}
                </details>
              ))}
            </div>
          ))}
        </section>
      )}
    </Page>
  );
}
