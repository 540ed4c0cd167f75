/** The validator's command line, independent of process globals so that it can be tested in-process. */
import { parseRequests } from './cli-input';
import { RULES, validateCreateJob } from './index';

export interface CliIo {
  readFile(path: string): string;
  readStdin(): string;
  out(line: string): void;
  err(line: string): void;
}

export const EXIT = { valid: 0, violations: 1, usage: 2 } as const;

export const USAGE = [
  'usage: npx tsx local/engine/validation/cli.ts [--model-only] [files...|-]',
  '       npx tsx local/engine/validation/cli.ts --list-rules',
  'Checks MediaConvert CreateJob requests (AWS SDK v3 input form) against the service model and the',
  'documented rules. Each input holds a request, a JSON array of requests, or JSON Lines; no file or "-"',
  'reads stdin. Exit status: 0 valid, 1 violations found, 2 bad usage or unreadable input.',
].join('\n');

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listRules(io: CliIo): number {
  for (const rule of RULES) io.out(`${rule.id}\t${rule.url}\n\t${rule.constraint}`);
  return EXIT.valid;
}

/** Runs the CLI with `args` (without node and script) and returns the exit status. */
export function runCli(args: readonly string[], io: CliIo): number {
  const options = args.filter((a) => a.startsWith('--'));
  const inputs = args.filter((a) => !a.startsWith('--'));
  const unknown = options.filter((o) => !['--model-only', '--list-rules', '--help'].includes(o));
  if (unknown.length > 0) {
    io.err(`unknown option ${unknown.join(', ')}\n${USAGE}`);
    return EXIT.usage;
  }
  if (options.includes('--help')) {
    io.out(USAGE);
    return EXIT.valid;
  }
  if (options.includes('--list-rules')) return listRules(io);
  const sources = inputs.length > 0 ? inputs : ['-'];
  const batches: { name: string; requests: unknown[] }[] = [];
  for (const source of sources) {
    const name = source === '-' ? 'stdin' : source;
    try {
      batches.push({ name, requests: parseRequests(source === '-' ? io.readStdin() : io.readFile(source)) });
    } catch (error) {
      io.err(`${name}: ${(error as Error).message}`);
      return EXIT.usage;
    }
  }
  const modelOnly = options.includes('--model-only');
  let jobs = 0;
  let violations = 0;
  for (const { name, requests } of batches) {
    requests.forEach((request, i) => {
      jobs++;
      for (const v of validateCreateJob(request, { modelOnly })) {
        violations++;
        io.out(`${name}[${i}]: ${v.path}: ${v.message}`);
      }
    });
  }
  io.out(`${plural(jobs, 'job')} checked, ${plural(violations, 'violation')}`);
  return violations > 0 ? EXIT.violations : EXIT.valid;
}
