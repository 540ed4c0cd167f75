/**
 * `npx tsx local/engine/validation/cli.ts [--model-only] [files...|-]` and `--list-rules`: validates
 * MediaConvert CreateJob requests from files or stdin. See cli-run.ts for the options and exit codes.
 */
import { readFileSync } from 'node:fs';
import { EXIT, runCli } from './cli-run';

// A closed pipe (`... | head`) ends the output early; it is not an error of the validator.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.valid);
});

try {
  process.exitCode = runCli(process.argv.slice(2), {
    readFile: (path) => readFileSync(path, 'utf8'),
    readStdin: () => readFileSync(0, 'utf8'),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
} catch (error) {
  process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = EXIT.usage;
}
