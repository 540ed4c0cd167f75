/**
 * Plain-text tables: columns padded to the widest cell with wide cells cut ('table'), or
 * tab-separated rows without header ('text'). Times are ISO-8601 UTC with a 'Z'.
 */
import { paint, type Style } from './color';
import { PLAIN, type RenderOptions } from './output';

/** A cell with a colour (shown only when colour is on). */
export interface Styled {
  text: string;
  style?: Style;
}

export interface TableOptions extends Partial<RenderOptions> {
  /** Maximum width of one cell in 'table' format without `wide`; longer values end with '…'. Default 80. */
  maxCellWidth?: number;
  /** Printed instead of an empty table ('table' format only; 'text' prints nothing). */
  empty?: string;
}

/** Visible width: code points, with East Asian wide characters counted as 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return out + '…';
}

function isStyled(value: unknown): value is Styled {
  return typeof value === 'object' && value !== null && typeof (value as Styled).text === 'string';
}

function cellText(value: unknown, absent: string): string {
  const raw = isStyled(value) ? value.text : value;
  if (raw === undefined || raw === null || raw === '') return absent;
  return String(raw).replace(/[\r\n\t]+/g, ' ');
}

/** The note printed under a table in which some cells were cut. */
export const CUT_NOTE = '(cells ending in … were cut; --wide shows them in full)\n';

/** Renders rows under a header line ('table') or as tab-separated lines ('text'); lines end with '\n'. */
export function formatTable(headers: string[], rows: unknown[][], opts: TableOptions = {}): string {
  const render = { ...PLAIN, ...opts };
  if (render.format === 'text') {
    return rows.map((row) => headers.map((_, i) => cellText(row[i], '')).join('\t') + '\n').join('');
  }
  if (rows.length === 0 && opts.empty !== undefined)
    return opts.empty.endsWith('\n') ? opts.empty : `${opts.empty}\n`;
  const max = render.wide ? Infinity : (opts.maxCellWidth ?? 80);
  let cut = false;
  const cells = rows.map((row) =>
    headers.map((_, i) => {
      const full = cellText(row[i], '-');
      const shown = truncate(full, max);
      if (shown !== full) cut = true;
      return shown;
    }),
  );
  const styles = rows.map((row) =>
    headers.map((_, i) => (isStyled(row[i]) ? (row[i] as Styled).style : undefined)),
  );
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i]!))));
  const line = (values: string[], rowStyles: (Style | undefined)[] = []) =>
    values
      .map((v, i) => {
        const pad = i === values.length - 1 ? '' : ' '.repeat(widths[i]! - displayWidth(v));
        const style = rowStyles[i];
        return (style ? paint(style, v, render.color) : v) + pad;
      })
      .join('  ')
      .trimEnd() + '\n';
  return line(headers) + cells.map((r, n) => line(r, styles[n])).join('') + (cut ? CUT_NOTE : '');
}

/** Any ISO-8601 time → "2022-08-08T16:50:04Z" (UTC, whole seconds); '-' when absent. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '-';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
