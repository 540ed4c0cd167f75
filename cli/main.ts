/**
 * `mps`: the command-line tool of mps-aws. `run(argv, io)` runs one command in-process and resolves to
 * the exit code: 0 ok, 1 API/runtime error, 2 usage error. Errors are printed as
 * `error <code>: <message>` on stderr; `--json` prints raw API JSON on stdout.
 */
import { Command, CommanderError } from 'commander';
import { registerDeliveryCommands } from './commands/deliveries';
import { registerExplainCommand } from './commands/explain';
import { registerSchemaCommands } from './commands/schemas';
import { registerTaskCommands } from './commands/tasks';
import { registerTemplateCommands } from './commands/templates';
import { registerUploadCommand } from './commands/upload';
import { CliContext, type GlobalOptions } from './context';
import { DEFAULT_STACK } from './endpoint';
import { ApiError, CliError, UsageError } from './errors';
import { type CliIo, processIo } from './io';

export type { CliIo } from './io';

const EXAMPLES = `
Examples:
  mps schema create --name demo --trigger s3://media/input/ --output s3://media/output/ \\
      --transcode 100030 --snapshot 10 --offsets 1s,50% --gif 20000 --start 0 --end 2
  mps schema enable sch-0123456789abcdef
  mps upload clip.mp4 s3://media/input/
  mps task list --status FINISH
  mps task show t-20250101T000000Z-0123456789abcdef
  mps process s3://media/input/clip.mp4 --transcode 100030 --watch
  mps deliveries list && mps deliveries replay

Endpoint: --endpoint URL or MPS_ENDPOINT; else the local runtime (--local-dir DIR or MPS_DATA_DIR, else
./.mps-local, then the record npm start keeps in ~/.local/state/mps-aws/local-endpoints.json);
else the deployed stack (--stack, default ${DEFAULT_STACK}) via CloudFormation, signed with SigV4.
`;

function buildProgram(io: CliIo, ctx: () => CliContext): Command {
  const program = new Command('mps');
  program
    .description('mps-aws: media processing templates, schemas and tasks')
    .option('--endpoint <url>', 'control API base URL (or MPS_ENDPOINT)')
    .option('--stack <name>', `deployed stack whose ApiUrl output to use (default ${DEFAULT_STACK})`)
    .option('--region <region>', 'AWS region (default from the environment)')
    .option('--local-dir <dir>', 'data directory of the local runtime (or MPS_DATA_DIR; default: found)')
    .option('--json', 'print raw JSON')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'error Usage: ')),
    });
  registerTemplateCommands(program, ctx);
  registerSchemaCommands(program, ctx);
  registerTaskCommands(program, ctx);
  registerUploadCommand(program, ctx);
  registerExplainCommand(program, ctx);
  registerDeliveryCommands(program, ctx);
  return program;
}

/** Runs `mps <argv…>`; never throws; resolves to the exit code. */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  let context: CliContext | undefined;
  // eslint-disable-next-line prefer-const
  let program: Command;
  const ctx = (): CliContext => (context ??= new CliContext(io, program.opts<GlobalOptions>()));
  program = buildProgram(io, ctx);
  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return report(e, io);
  }
}

function report(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // commander has already printed its message (help, version, usage errors)
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    if (e.code === 'commander.help') return 2;
    return 2;
  }
  if (e instanceof UsageError) {
    io.stderr(`error Usage: ${e.message}\n`);
    return 2;
  }
  if (e instanceof ApiError || e instanceof CliError) {
    io.stderr(`error ${e.code}: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  io.stderr(`error ${err?.name ?? 'Error'}: ${err?.message ?? String(e)}\n`);
  return 1;
}
