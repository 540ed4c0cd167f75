/** Templates: presets and custom ones per type; create/edit forms whose errors come from the API. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, get, type Buckets, type Template } from '../api';
import { navigate } from '../router';
import { uploadFile } from '../upload';
import { Check, Field, FormError, Page, useData } from '../ui';

export const TEMPLATE_TYPES: Array<[string, string]> = [
  ['transcode', 'Transcode'],
  ['watermark', 'Watermark'],
  ['snapshot', 'Snapshot (time offsets)'],
  ['sampleSnapshot', 'Sampled snapshot'],
  ['sprite', 'Image sprite'],
  ['animatedGraphics', 'Animated image (GIF)'],
  ['contentReview', 'AI content review'],
  ['aiRecognition', 'AI recognition'],
  ['aiAnalysis', 'AI analysis'],
];

/** A type's label inside a sentence: "Image sprite" → "image sprite", "AI analysis" stays. */
function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** The booleans of the AI templates, with the words the list and the form use. */
const AI_PARTS: Record<string, Array<[string, string]>> = {
  aiRecognition: [
    ['ocr', 'text in frames (OCR)'],
    ['speech', 'speech to text'],
  ],
  aiAnalysis: [
    ['shots', 'shots'],
    ['blackFrames', 'black segments'],
    ['cover', 'cover image'],
    ['labels', 'labels'],
  ],
};

function summary(t: Template): string {
  const v = t.video as { codec?: string; width?: number; height?: number; bitrateKbps?: number } | undefined;
  switch (t.type) {
    case 'transcode':
      return [
        String(t.container),
        v
          ? `${v.codec} ${v.width || 'auto'}×${v.height || 'auto'} ${v.bitrateKbps ? `${v.bitrateKbps} kbps` : 'auto bitrate'}`
          : 'no video',
        t.audio ? `audio ${(t.audio as { codec: string }).codec}` : 'no audio',
      ].join(' · ');
    case 'watermark': {
      const img = t.image as { bucket: string; key: string };
      return `s3://${img.bucket}/${img.key} · ${String(t.anchor)}`;
    }
    case 'animatedGraphics':
      return `gif ${String(t.fps)} fps ${String(t.width) || 'auto'}×${String(t.height)}`;
    case 'contentReview':
      return `a frame every ${String(t.sampleIntervalSeconds)} s · review from ${String(t.reviewThreshold)} % · block from ${String(t.blockThreshold)} %`;
    case 'aiRecognition':
    case 'aiAnalysis':
      return [
        AI_PARTS[t.type]!.filter(([k]) => t[k] === true)
          .map(([, words]) => words)
          .join(' + ') || 'nothing',
        t.type === 'aiRecognition' ? String(t.language) : '',
        t.type === 'aiRecognition' && t.ocr ? `a frame every ${String(t.sampleIntervalSeconds)} s` : '',
      ]
        .filter(Boolean)
        .join(' · ');
    default:
      return [
        `${String(t.width) || 0}×${String(t.height) || 0}`,
        t.sampleType ? `every ${String(t.interval)}${t.sampleType === 'percent' ? ' %' : ' s'}` : '',
        t.rows ? `${String(t.rows)}×${String(t.columns)} grid` : '',
      ]
        .filter(Boolean)
        .join(' · ');
  }
}

export function TemplatesPage({ type }: { type: string }) {
  const { data, error, reload } = useData(
    () => get<{ items: Template[] }>(`/templates?type=${encodeURIComponent(type)}`),
    [type],
  );
  const [actionError, setActionError] = useState<unknown>();
  const remove = async (t: Template) => {
    if (!confirm(`Delete template ${t.id} "${t.name}"?`)) return;
    try {
      await api('DELETE', `/templates/${t.id}`);
      setActionError(undefined);
      await reload();
    } catch (err) {
      setActionError(err);
    }
  };
  return (
    <Page
      title="Templates"
      actions={
        <button class="primary" onClick={() => navigate(`/templates/new/${type}`)}>
          Create {inSentence(TEMPLATE_TYPES.find(([id]) => id === type)?.[1] ?? type)} template
        </button>
      }
    >
      <nav class="tabs" aria-label="Template types">
        {TEMPLATE_TYPES.map(([id, label]) => (
          <a key={id} href={`#/templates?type=${id}`} aria-current={id === type ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <FormError error={error ?? actionError} />
      <table>
        <caption class="sr-only">{type} templates</caption>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Settings</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(data?.items ?? []).map((t) => (
            <tr key={t.id} data-template-id={t.id}>
              <td class="num">{t.id}</td>
              <td>{t.name}</td>
              <td>{t.preset ? 'preset' : 'custom'}</td>
              <td>{summary(t)}</td>
              <td class="actions">
                {!t.preset && (
                  <>
                    <button onClick={() => navigate(`/templates/${t.id}/edit`)}>Edit</button>
                    <button class="danger" onClick={() => void remove(t)}>
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
          {data && data.items.length === 0 && (
            <tr>
              <td colSpan={5}>No templates of this type yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </Page>
  );
}

interface Spec {
  name: string;
  label: string;
  kind?: 'number' | 'text' | 'check';
  options?: string[];
  hint?: string;
  /** Shown only when this returns true for the current values. */
  when?: (v: Values) => boolean;
}
type Values = Record<string, string | boolean>;

const NAME: Spec[] = [
  { name: 'name', label: 'Name', hint: '1–64 characters' },
  { name: 'comment', label: 'Comment', hint: 'optional, at most 256 characters' },
];
const SIZE: Spec[] = [
  { name: 'width', label: 'Width (px)', kind: 'number', hint: '0 = source / keep aspect, or 128–4096' },
  { name: 'height', label: 'Height (px)', kind: 'number', hint: '0 = source / keep aspect, or 128–4096' },
];
const SAMPLING: Spec[] = [
  { name: 'sampleType', label: 'Sample by', options: ['percent', 'time'] },
  { name: 'interval', label: 'Interval', kind: 'number', hint: 'percent: 1–100; time: seconds ≥ 1' },
];
const QUALITY: Spec = { name: 'quality', label: 'JPEG quality', kind: 'number', hint: '1–100' };
const withVideo = (v: Values) => !v.removeVideo;
const withAudio = (v: Values) => !v.removeAudio;

const SPECS: Record<string, Spec[]> = {
  transcode: [
    ...NAME,
    { name: 'container', label: 'Container', options: ['mp4', 'hls', 'mov', 'webm'] },
    { name: 'removeVideo', label: 'Remove video (audio only)', kind: 'check' },
    { name: 'video.codec', label: 'Video codec', options: ['h264', 'h265', 'av1', 'vp9'], when: withVideo },
    {
      name: 'video.width',
      label: 'Width (px)',
      kind: 'number',
      hint: '0 or 128–4096, even',
      when: withVideo,
    },
    {
      name: 'video.height',
      label: 'Height (px)',
      kind: 'number',
      hint: '0 or 128–4096, even',
      when: withVideo,
    },
    {
      name: 'video.fps',
      label: 'Frame rate',
      kind: 'number',
      hint: '0 = source, or up to 120',
      when: withVideo,
    },
    {
      name: 'video.bitrateKbps',
      label: 'Video bitrate (kbps)',
      kind: 'number',
      hint: '0 = automatic (QVBR), or 128–100000',
      when: withVideo,
    },
    {
      name: 'video.rateControl',
      label: 'Rate control',
      options: ['', 'VBR', 'CBR', 'QVBR'],
      hint: 'empty = chosen from codec and bitrate',
      when: withVideo,
    },
    { name: 'video.gopSeconds', label: 'GOP (s)', kind: 'number', hint: 'optional, 0.1–10', when: withVideo },
    { name: 'removeAudio', label: 'Remove audio', kind: 'check' },
    { name: 'audio.codec', label: 'Audio codec', options: ['aac', 'opus'], when: withAudio },
    {
      name: 'audio.bitrateKbps',
      label: 'Audio bitrate (kbps)',
      kind: 'number',
      hint: '0 = automatic, or 26–256',
      when: withAudio,
    },
    {
      name: 'audio.sampleRate',
      label: 'Sample rate (Hz)',
      options: ['0', '8000', '16000', '22050', '32000', '44100', '48000'],
      when: withAudio,
    },
    { name: 'audio.channels', label: 'Channels', options: ['2', '1'], when: withAudio },
    {
      name: 'segmentSeconds',
      label: 'HLS segment (s)',
      kind: 'number',
      hint: 'HLS only, 1–60',
      when: (v) => v.container === 'hls',
    },
  ],
  watermark: [
    ...NAME,
    { name: 'image', label: 'Image', hint: 's3://bucket/key.png — or upload one below' },
    { name: 'anchor', label: 'Anchor', options: ['TopLeft', 'TopRight', 'BottomLeft', 'BottomRight'] },
    { name: 'xOffset', label: 'X offset', hint: 'e.g. 16px or 5%' },
    { name: 'yOffset', label: 'Y offset', hint: 'e.g. 16px or 5%' },
    { name: 'width', label: 'Width', hint: 'optional, e.g. 10% or 120px' },
    { name: 'height', label: 'Height', hint: 'optional; omitted = keeps the aspect ratio' },
    { name: 'opacity', label: 'Opacity', kind: 'number', hint: '0–100' },
    { name: 'startTime', label: 'Start (s)', kind: 'number', hint: 'optional' },
    { name: 'endTime', label: 'End (s)', kind: 'number', hint: 'optional' },
  ],
  snapshot: [...NAME, ...SIZE, QUALITY],
  sampleSnapshot: [...NAME, ...SIZE, QUALITY, ...SAMPLING],
  sprite: [
    ...NAME,
    ...SIZE,
    QUALITY,
    ...SAMPLING,
    { name: 'rows', label: 'Rows', kind: 'number', hint: '1–10' },
    { name: 'columns', label: 'Columns', kind: 'number', hint: '1–10' },
  ],
  animatedGraphics: [...NAME, { name: 'fps', label: 'Frame rate', kind: 'number', hint: '1–30' }, ...SIZE],
  contentReview: [
    ...NAME,
    {
      name: 'sampleIntervalSeconds',
      label: 'Sample interval (s)',
      kind: 'number',
      hint: 'seconds between two classified frames, 0.5–60',
    },
    {
      name: 'reviewThreshold',
      label: 'Review threshold (%)',
      kind: 'number',
      hint: '1–100: an unsafe label this confident asks for a review',
    },
    {
      name: 'blockThreshold',
      label: 'Block threshold (%)',
      kind: 'number',
      hint: '1–100, above the review threshold: blocks',
    },
  ],
  aiRecognition: [
    ...NAME,
    { name: 'ocr', label: 'Text in frames (OCR)', kind: 'check' },
    { name: 'speech', label: 'Speech to text (transcript and subtitles)', kind: 'check' },
    { name: 'language', label: 'Language', options: ['en-US'] },
    {
      name: 'sampleIntervalSeconds',
      label: 'OCR sample interval (s)',
      kind: 'number',
      hint: 'seconds between two read frames, 0.5–60',
      when: (v) => Boolean(v.ocr),
    },
  ],
  aiAnalysis: [
    ...NAME,
    { name: 'shots', label: 'Shots (hard cuts)', kind: 'check' },
    { name: 'blackFrames', label: 'Black segments', kind: 'check' },
    { name: 'cover', label: 'Cover image (JPEG)', kind: 'check' },
    { name: 'labels', label: 'Labels', kind: 'check' },
  ],
};

const DEFAULTS: Record<string, Values> = {
  transcode: {
    container: 'mp4',
    'video.codec': 'h264',
    'video.width': '1280',
    'video.height': '720',
    'video.fps': '0',
    'video.bitrateKbps': '1800',
    'video.rateControl': '',
    'audio.codec': 'aac',
    'audio.bitrateKbps': '128',
    'audio.sampleRate': '48000',
    'audio.channels': '2',
    removeVideo: false,
    removeAudio: false,
  },
  watermark: { anchor: 'TopRight', xOffset: '16px', yOffset: '16px', width: '10%', opacity: '100' },
  snapshot: { width: '0', height: '0', quality: '80' },
  sampleSnapshot: { width: '0', height: '0', quality: '80', sampleType: 'percent', interval: '25' },
  sprite: {
    width: '160',
    height: '90',
    quality: '80',
    sampleType: 'percent',
    interval: '10',
    rows: '3',
    columns: '3',
  },
  animatedGraphics: { fps: '10', width: '320', height: '0' },
  contentReview: { sampleIntervalSeconds: '1', reviewThreshold: '50', blockThreshold: '85' },
  aiRecognition: { ocr: true, speech: false, language: 'en-US', sampleIntervalSeconds: '1' },
  aiAnalysis: { shots: true, blackFrames: true, cover: true, labels: false },
};

/** Flattens a template into form values ("video.width" → "1280", lengths → "16px", image → s3://). */
function toValues(t: Template): Values {
  const out: Values = {};
  const put = (prefix: string, obj: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(obj)) {
      const name = prefix ? `${prefix}.${k}` : k;
      if (['id', 'type', 'preset', 'createdAt', 'updatedAt', 'imageWidth', 'imageHeight'].includes(name))
        continue;
      if (typeof v === 'boolean') out[name] = v;
      else if (v && typeof v === 'object' && 'unit' in v) {
        const len = v as { value: number; unit: string };
        out[name] = `${len.value}${len.unit}`;
      } else if (name === 'image' && v && typeof v === 'object') {
        const img = v as { bucket: string; key: string };
        out[name] = `s3://${img.bucket}/${img.key}`;
      } else if (v && typeof v === 'object') put(name, v as Record<string, unknown>);
      else if (v !== undefined) out[name] = String(v);
    }
  };
  put('', t);
  out.removeVideo = Boolean(t.removeVideo);
  out.removeAudio = Boolean(t.removeAudio);
  return out;
}

/** Builds the API body from the visible fields: numbers as numbers, empty optional fields left out. */
function toBody(type: string, values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const spec of SPECS[type]!) {
    if (spec.when && !spec.when(values)) continue;
    const raw = values[spec.name];
    let value: unknown;
    if (spec.kind === 'check') value = Boolean(raw);
    else {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text === '') continue;
      const numeric =
        spec.kind === 'number' || (spec.options && spec.options.every((o) => o === '' || /^\d+$/.test(o)));
      value = numeric && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    }
    const parts = spec.name.split('.');
    let at = body;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts.at(-1)!] = value;
  }
  return body;
}

export function TemplateFormPage({ type: newType, id }: { type?: string; id?: number }) {
  const [template, setTemplate] = useState<Template | undefined>();
  const [values, setValues] = useState<Values>(() => ({ ...(newType ? DEFAULTS[newType] : {}) }));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const type = template?.type ?? newType ?? '';
  useEffect(() => {
    if (id === undefined) return;
    get<Template>(`/templates/${id}`).then(
      (t) => {
        setTemplate(t);
        setValues(toValues(t));
      },
      (err: unknown) => setError(err),
    );
  }, [id]);
  const specs = SPECS[type];
  if (!specs) return <Page title="Template">{error ? <FormError error={error} /> : <p>Loading…</p>}</Page>;
  const set = (name: string, v: string | boolean) => setValues((old) => ({ ...old, [name]: v }));
  const fieldError = (name: string) =>
    error instanceof ApiError && error.field === name ? error.message : undefined;
  const shown = specs.filter((s) => !s.when || s.when(values));
  const unplaced =
    error instanceof ApiError && error.field && shown.some((s) => s.name === error.field) ? undefined : error;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const body = toBody(type, values);
      const saved =
        id === undefined
          ? await api<Template>('POST', `/templates/${type}`, body)
          : await api<Template>('PUT', `/templates/${id}`, body);
      setError(undefined);
      navigate(`/templates?type=${saved.type}&saved=${saved.id}`);
    } catch (err) {
      setError(err);
      // Move focus to the field in error, so keyboard and screen-reader users land on it.
      const field = err instanceof ApiError ? err.field : undefined;
      setTimeout(() => (document.querySelector(`[data-field="${field}"]`) as HTMLElement | null)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };
  const label = TEMPLATE_TYPES.find(([t]) => t === type)?.[1] ?? type;
  return (
    <Page title={id === undefined ? `New ${inSentence(label)} template` : `Edit template ${id}`}>
      <form class="card" onSubmit={submit} noValidate aria-label={`${label} template`}>
        <FormError error={unplaced} />
        {notice && <div class="notice">{notice}</div>}
        <div class="row">
          {shown.map((s) =>
            s.kind === 'check' ? (
              <Check
                key={s.name}
                label={s.label}
                name={s.name}
                checked={Boolean(values[s.name])}
                onChange={(v) => set(s.name, v)}
                error={fieldError(s.name)}
                hint={s.hint}
              />
            ) : (
              <Field
                key={s.name}
                label={s.label}
                name={s.name}
                value={String(values[s.name] ?? '')}
                onInput={(v) => set(s.name, v)}
                error={fieldError(s.name)}
                {...(s.hint ? { hint: s.hint } : {})}
                {...(s.options
                  ? { options: s.options.map((o) => (o === '' ? (['', 'automatic'] as const) : o)) }
                  : {})}
                {...(s.kind === 'number' ? { type: 'number' as const, width: 140 } : {})}
              />
            ),
          )}
        </div>
        {type === 'watermark' && (
          <WatermarkImageUpload
            onUploaded={(bucket, key) => {
              set('image', `s3://${bucket}/${key}`);
              setNotice(`Uploaded to s3://${bucket}/${key}`);
            }}
            onError={setError}
          />
        )}
        <div class="actions">
          <button class="primary" type="submit" disabled={busy}>
            {id === undefined ? 'Create template' : 'Save template'}
          </button>
          <button type="button" onClick={() => navigate(`/templates?type=${type}`)}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}

/** Uploads a PNG/TGA (what the API accepts) into a trigger bucket under watermarks/, for the image field. */
function WatermarkImageUpload(p: {
  onUploaded: (bucket: string, key: string) => void;
  onError: (e: unknown) => void;
}) {
  const { data: buckets } = useData(() => get<Buckets>('/buckets'), []);
  const [bucket, setBucket] = useState('');
  const [progress, setProgress] = useState<number | undefined>();
  const target = bucket || buckets?.trigger[0] || '';
  return (
    <fieldset class="card">
      <legend>Upload a watermark image</legend>
      <div class="row">
        {buckets && buckets.trigger.length > 0 ? (
          <Field
            label="Bucket"
            name="watermarkBucket"
            value={target}
            onInput={setBucket}
            options={buckets.trigger}
          />
        ) : (
          <Field label="Bucket" name="watermarkBucket" value={bucket} onInput={setBucket} />
        )}
        <div class="field">
          <label for="watermark-file">PNG or TGA file</label>
          <input
            id="watermark-file"
            type="file"
            accept="image/png,.png,.tga"
            onChange={async (e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (!file || !target) return;
              const key = `watermarks/${file.name}`;
              try {
                await uploadFile(target, key, file, (loaded) => setProgress(loaded / Math.max(1, file.size)));
                p.onUploaded(target, key);
              } catch (err) {
                p.onError(err);
              }
            }}
          />
        </div>
        {progress !== undefined && <progress aria-label="Watermark upload" value={progress} max={1} />}
      </div>
    </fieldset>
  );
}
