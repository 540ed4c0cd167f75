/**
 * Terminal colour: on only for a terminal, never when NO_COLOR is set (https://no-color.org), forced
 * by FORCE_COLOR (any value but "0"), and off with `--no-color`.
 */

/** The styles the CLI uses. */
export type Style = 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'bold';

const CODES: Record<Style, [number, number]> = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/**
 * Whether output to a stream should be coloured: `flag` is `--no-color` (false) or unset; NO_COLOR
 * (non-empty) wins over FORCE_COLOR, which wins over the terminal check (TERM=dumb is no terminal).
 */
export function colorEnabled(
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>>,
  flag?: boolean,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** `text` wrapped in the ANSI codes of `style` (unchanged when `enabled` is false). */
export function paint(style: Style, text: string, enabled: boolean): string {
  if (!enabled) return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** The style of a task or subtask status / result, if it has one. */
export function statusStyle(status: string): Style | undefined {
  if (/SUCCESS/.test(status)) return 'green';
  if (/FAIL|ERROR/.test(status)) return 'red';
  if (/ABORTED|PARTIAL/.test(status)) return 'yellow';
  if (/PROCESSING/.test(status)) return 'cyan';
  return undefined;
}
