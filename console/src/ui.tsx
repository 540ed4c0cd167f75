/** Shared pieces: labelled fields with their API error, status text, time, a tiny data hook. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

let fieldIds = 0;
function useId(prefix: string): string {
  const ref = useRef<string>();
  if (!ref.current) ref.current = `${prefix}-${++fieldIds}`;
  return ref.current;
}

/** The ids of a control's hint and error, for aria-describedby (undefined when it has neither). */
function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** A control's hint and its API error (an alert), with the ids describedBy names. */
function FieldNotes(p: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {p.hint && (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span class="error" id={`${p.id}-error`} role="alert">
          {p.error}
        </span>
      )}
    </>
  );
}

export interface FieldProps {
  label: string;
  /** The API field this input sets (dotted path): its error is shown here. */
  name: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'number' | 'datetime-local';
  options?: ReadonlyArray<string | readonly [string, string]>;
  required?: boolean;
  placeholder?: string;
  width?: number;
}

/** A labelled input or select; the hint and the error are linked with aria-describedby. */
export function Field(p: FieldProps) {
  const id = useId('f');
  const described = describedBy(id, p.hint, p.error);
  const common = {
    id,
    name: p.name,
    'data-field': p.name,
    'aria-invalid': p.error ? ('true' as const) : undefined,
    'aria-describedby': described,
    required: p.required,
    style: p.width ? { width: `${p.width}px` } : undefined,
  };
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      {p.options ? (
        <select
          {...common}
          value={p.value}
          onChange={(e) => p.onInput((e.target as HTMLSelectElement).value)}
        >
          {p.options.map((o) => {
            const [value, text] = typeof o === 'string' ? [o, o] : o;
            return (
              <option key={value} value={value}>
                {text}
              </option>
            );
          })}
        </select>
      ) : (
        <input
          {...common}
          type={p.type === 'number' ? 'text' : (p.type ?? 'text')}
          inputMode={p.type === 'number' ? 'decimal' : undefined}
          placeholder={p.placeholder}
          value={p.value}
          onInput={(e) => p.onInput((e.target as HTMLInputElement).value)}
        />
      )}
      <FieldNotes id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** A labelled checkbox; like Field, its hint and its API error are linked with aria-describedby. */
export function Check(p: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const id = useId('c');
  const described = describedBy(id, p.hint, p.error);
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        name={p.name}
        data-field={p.name}
        checked={p.checked}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described}
        onChange={(e) => p.onChange((e.target as HTMLInputElement).checked)}
      />
      <label for={id}>{p.label}</label>
      <FieldNotes id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** An error that belongs to no field on screen (or any other failure), in an alert region. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? `${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div class="form-error" role="alert">
      {text}
    </div>
  );
}

export function Status({ value }: { value: string | undefined }) {
  if (!value) return <span class="status">—</span>;
  return <span class={`status status-${value}`}>{value}</span>;
}

/** ISO-8601 → "2025-03-01 10:00:00Z" (UTC, like the CLI). */
export function time(iso: string | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function Page(p: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${p.title} · MPS console`;
  }, [p.title]);
  return (
    <>
      <div class="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>{p.title}</h1>
        {p.actions && <div class="actions">{p.actions}</div>}
      </div>
      {p.children}
    </>
  );
}

/** Loads `load()` on mount and whenever `deps` change; `reload()` loads again. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const value = await load();
      if (mine === seq.current) {
        setData(value);
        setError(undefined);
      }
    } catch (err) {
      if (mine === seq.current) setError(err);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** Calls `fn` every `ms` while `active`. */
export function useInterval(fn: () => void, ms: number, active: boolean) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (!active) return undefined;
    const t = setInterval(() => saved.current(), ms);
    return () => clearInterval(t);
  }, [ms, active]);
}

/** Field errors by API field name, from an ApiError. */
export function fieldErrorOf(error: unknown, name: string): string | undefined {
  return error instanceof ApiError && error.field === name ? error.message : undefined;
}
