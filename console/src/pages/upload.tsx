/** Drag-and-drop upload into a schema's trigger directory, with a progress bar and Cancel per file. */
import { useRef, useState } from 'preact/hooks';
import { get, type Buckets, type Page as ApiPage, type Schema } from '../api';
import { uploadFile } from '../upload';
import { Field, FormError, Page, bytes, useData } from '../ui';

let uploadIds = 0;

interface Upload {
  id: number;
  name: string;
  key: string;
  size: number;
  loaded: number;
  state: 'uploading' | 'done' | 'failed' | 'cancelled';
  error?: string;
}

export function UploadPage({ schemaId }: { schemaId?: string | undefined }) {
  const { data: schemas, error } = useData(() => get<ApiPage<Schema>>('/schemas?limit=100'), []);
  const { data: buckets } = useData(() => get<Buckets>('/buckets'), []);
  const [chosen, setChosen] = useState(schemaId ?? '');
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  // The abort controller of each upload in flight, by upload id.
  const controllers = useRef(new Map<number, AbortController>());
  const schema = schemas?.items.find((s) => s.id === (chosen || schemas.items[0]?.id));
  const start = (files: FileList | null | undefined) => {
    if (!files || !schema) return;
    for (const file of Array.from(files)) {
      const key = `${schema.trigger.directory}${file.name}`;
      const entry: Upload = {
        id: ++uploadIds,
        name: file.name,
        key,
        size: file.size,
        loaded: 0,
        state: 'uploading',
      };
      const patch = (p: Partial<Upload>) =>
        setUploads((all) => all.map((u) => (u.id === entry.id ? { ...u, ...p } : u)));
      setUploads((all) => [entry, ...all]);
      const controller = new AbortController();
      controllers.current.set(entry.id, controller);
      uploadFile(schema.trigger.bucket, key, file, (loaded) => patch({ loaded }), controller.signal)
        .then(
          () => patch({ state: 'done', loaded: file.size }),
          (err: unknown) =>
            patch(
              controller.signal.aborted
                ? { state: 'cancelled' }
                : { state: 'failed', error: err instanceof Error ? err.message : String(err) },
            ),
        )
        .finally(() => controllers.current.delete(entry.id));
    }
  };
  return (
    <Page title="Upload">
      <FormError error={error} />
      <div class="card">
        <div class="row">
          <Field
            label="Schema"
            name="schema"
            value={schema?.id ?? ''}
            onInput={setChosen}
            options={(schemas?.items ?? []).map((s) => [s.id, `${s.name} (${s.status})`] as const)}
            hint={
              schema
                ? `uploads go to s3://${schema.trigger.bucket}/${schema.trigger.directory}`
                : 'create a schema first'
            }
          />
        </div>
        {schema && schema.status !== 'enabled' && (
          <div class="notice">
            This schema is disabled: uploads are stored but start no task until it is enabled.
          </div>
        )}
        {buckets &&
          buckets.trigger.length > 0 &&
          schema &&
          !buckets.trigger.includes(schema.trigger.bucket) && (
            <div class="form-error">
              s3://{schema.trigger.bucket} is not a trigger bucket of this deployment.
            </div>
          )}
        <div
          class={`drop${over ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            start(e.dataTransfer?.files);
          }}
        >
          <p>Drop video files here, or</p>
          <label for="upload-files">Choose files to upload</label>{' '}
          <input
            id="upload-files"
            type="file"
            multiple
            disabled={!schema}
            onChange={(e) => start((e.target as HTMLInputElement).files)}
          />
        </div>
      </div>
      {uploads.length > 0 && (
        <table aria-label="Uploads">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Key</th>
              <th scope="col">Size</th>
              <th scope="col">Progress</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {uploads.map((u) => (
              <tr key={u.id} data-upload={u.name} data-state={u.state}>
                <td>{u.name}</td>
                <td class="mono">{u.key}</td>
                <td>{bytes(u.size)}</td>
                <td>
                  <progress value={u.loaded} max={Math.max(1, u.size)} aria-label={`Upload of ${u.name}`} />{' '}
                  {Math.floor((100 * u.loaded) / Math.max(1, u.size))} %
                </td>
                <td>
                  {u.state === 'done' ? (
                    <a href={`#/tasks?schemaId=${schema?.id ?? ''}`}>uploaded — see the tasks</a>
                  ) : u.state === 'failed' ? (
                    <span class="error">{u.error}</span>
                  ) : u.state === 'cancelled' ? (
                    'cancelled'
                  ) : (
                    <>
                      uploading{' '}
                      <button
                        type="button"
                        aria-label={`Cancel upload of ${u.name}`}
                        onClick={() => controllers.current.get(u.id)?.abort()}
                      >
                        Cancel
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
