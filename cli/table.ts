/** Plain-text tables for terminal output: columns padded to the widest cell, wide cells truncated. */

export interface TableOptions {
  /** Maximum width of one cell; longer values end with '…'. Default 80. */
  maxCellWidth?: number;
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

function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/** Renders rows under a header line; every line ends with '\n'. */
export function formatTable(headers: string[], rows: unknown[][], opts: TableOptions = {}): string {
  const max = opts.maxCellWidth ?? 80;
  const cells = rows.map((row) => headers.map((_, i) => truncate(cellText(row[i]), max)));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v + ' '.repeat(widths[i]! - displayWidth(v))))
      .join('  ')
      .trimEnd() + '\n';
  return line(headers) + cells.map(line).join('');
}

/** "2022-08-08T16:50:04.123Z" → "2022-08-08 16:50:04" (UTC), '-' when absent. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '-';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
}
