import type { MachineInfo } from './machine';
import { formatValue } from './stats';
import type { Row } from './types';

/** A plain-text table: bench, metric, value, unit, note. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['bench', 'metric', 'value', 'unit', 'note'];
  const cells = rows.map((r) => [r.bench, r.metric, formatValue(r.value), r.unit, r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 4 ? 0 : c[i]!.length))));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 4 ? v : i === 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(
      widths
        .slice(0, 4)
        .map((w) => '-'.repeat(w))
        .concat('----'),
    ),
    ...cells.map(line),
  ].join('\n');
}

export function renderMachine(m: MachineInfo): string {
  return (
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}, ` +
    `load ${m.loadAverage.join(' ')}`
  );
}
