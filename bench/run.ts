/**
 * `npm run bench [-- <name>... ] [--quick]` — runs the benchmarks (all by default), prints a table
 * (bench, metric, value, unit, note) and the machine, and writes the results as JSON to
 * bench/results/<timestamp>.json and bench/results/latest.json. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineInfo } from './lib/machine';
import { renderMachine, renderTable } from './lib/table';
import { type Row, SkipError, type Suite } from './lib/types';
import { bundles } from './suites/bundles';
import { burst } from './suites/burst';
import { engineVsFfmpeg } from './suites/engine-vs-ffmpeg';
import { ingestCost } from './suites/ingest-cost';
import { localLatency } from './suites/local-latency';
import { matching } from './suites/matching';
import { singleDecode } from './suites/single-decode';
import { throughput } from './suites/throughput';

const SUITES: readonly Suite[] = [
  matching,
  bundles,
  ingestCost,
  engineVsFfmpeg,
  singleDecode,
  localLatency,
  throughput,
  burst,
];

const RESULTS_DIR = path.join(__dirname, 'results');

function usage(): string {
  return [
    'usage: npm run bench -- [name...] [--quick]',
    '',
    '  --quick   short runs (fewer iterations/clips): checks the harness, figures are rough',
    '',
    'benchmarks (default: all, in this order):',
    ...SUITES.map((s) => `  ${s.name.padEnd(18)} ${s.description}`),
  ].join('\n');
}

function parseArgs(argv: string[]): { names: string[]; quick: boolean } {
  const names: string[] = [];
  let quick = false;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    } else if (arg.startsWith('-')) {
      console.error(`unknown option ${arg}\n\n${usage()}`);
      process.exit(2);
    } else names.push(arg);
  }
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}\n\n${usage()}`);
    process.exit(2);
  }
  return { names, quick };
}

async function main(): Promise<number> {
  const { names, quick } = parseArgs(process.argv.slice(2));
  const selected = names.length > 0 ? SUITES.filter((s) => names.includes(s.name)) : SUITES;
  const machine = machineInfo();
  const startedAt = new Date();
  const rows: Row[] = [];
  const outcomes: Record<string, { status: 'ok' | 'skipped' | 'failed'; seconds: number; reason?: string }> =
    {};
  let failed = false;

  console.error(renderMachine(machine));
  for (const suite of selected) {
    const tmpDir = mkdtempSync(path.join(os.tmpdir(), `mps-bench-${suite.name}-`));
    const t0 = Date.now();
    const log = (message: string) => console.error(`[${suite.name}] ${message}`);
    log(`running${quick ? ' (quick)' : ''}…`);
    try {
      rows.push(...(await suite.run({ quick, tmpDir, log })));
      outcomes[suite.name] = { status: 'ok', seconds: (Date.now() - t0) / 1000 };
    } catch (err) {
      const skipped = err instanceof SkipError;
      const reason = err instanceof Error ? err.message : String(err);
      if (!skipped) {
        failed = true;
        console.error(err);
      }
      log(`${skipped ? 'skipped' : 'failed'}: ${reason}`);
      rows.push({ bench: suite.name, metric: skipped ? 'skipped' : 'failed', unit: '', note: reason });
      outcomes[suite.name] = {
        status: skipped ? 'skipped' : 'failed',
        seconds: (Date.now() - t0) / 1000,
        reason,
      };
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const finishedAt = new Date();
  console.log('');
  console.log(renderTable(rows));
  console.log('');
  console.log(renderMachine(machine) + (quick ? ' — QUICK RUN' : ''));

  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    quick,
    argv: process.argv.slice(2),
    machine,
    suites: outcomes,
    rows,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${stamp}.json`);
  const json = JSON.stringify(result, null, 2) + '\n';
  writeFileSync(file, json);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
  console.log(`results: ${path.relative(process.cwd(), file)} (also bench/results/latest.json)`);
  return failed ? 1 : 0;
}

// A suite awaiting something that never happens leaves an empty event loop: Node would exit 0 silently.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  console.error('a benchmark waited for something that never happened (the event loop emptied); no results');
  process.exit(1);
});

main().then(
  // Suites stop what they start; exit anyway so a forgotten handle cannot hang the run.
  (code) => {
    finished = true;
    process.exit(code);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
