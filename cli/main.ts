/**
 * `mps`: the command-line tool of mps-aws. `run(argv, io)` runs one command in-process and resolves to
 * the exit code: 0 ok, 1 API/runtime error, 2 usage error. Errors are printed on stderr as
 * `error <code>: <message>`, or as `{"error":{"code","message"}}` with `--output json`.
 */
import { Command, CommanderError, Help, Option } from 'commander';
import { colorEnabled, paint } from './color';
import { registerCompletionCommand } from './commands/completion';
import { registerDeliveryCommands } from './commands/deliveries';
import { registerDownloadCommands } from './commands/download';
import { registerExplainCommand } from './commands/explain';
import { registerSchemaCommands } from './commands/schemas';
import { registerTaskCommands } from './commands/tasks';
import { registerTemplateCommands } from './commands/templates';
import { registerUploadCommand } from './commands/upload';
import { CliContext, type GlobalOptions } from './context';
import { DEFAULT_STACK } from './endpoint';
import { ApiError, CliError, UsageError } from './errors';
import { rewriteHelp } from './help';
import { type CliIo, processIo } from './io';
import { extractOutputFormat, OUTPUT_FORMATS, wantsJson } from './output';
import { cliVersion } from './version';

export type { CliIo } from './io';

const EXAMPLES = `
Examples:
  mps schema create --name demo --trigger s3://media/input/ --output s3://media/output/ \\
      --transcode 100030 --snapshot 10 --offsets 1s,50% --gif 20000 --start 0 --end 2
  mps schema enable sch-0123456789abcdef
  mps upload clip.mp4 s3://media/input/ --watch
  mps task list --status FINISH --result FAIL
  mps task show t-20250101T000000Z-0123456789abcdef --wide
  mps process s3://media/input/clip.mp4 --transcode 100030 --watch
  mps download t-20250101T000000Z-0123456789abcdef ./out/
  mps presign s3://media/output/clip_transcode_100030.mp4 --expires 3600
  mps deliveries list && mps deliveries replay
  source <(mps completion bash)

Output: -o/--output table (default), text (tab-separated, no header) or json (--json); errors are
JSON too with --output json; --wide shows cut cells in full. Colour only on a terminal; NO_COLOR or --no-color turns it off.
Endpoint: --endpoint URL or MPS_ENDPOINT; else the local runtime (--local-dir DIR or MPS_DATA_DIR, else
./.mps-local, then the record npm start keeps in ~/.local/state/mps-aws/local-endpoints.json);
else the deployed stack (--stack, default ${DEFAULT_STACK}) via CloudFormation, signed with SigV4,
with the credentials of --profile (an AWS named profile; it also skips the local runtime).
`;

/** The global --output option, as help and completion show it. */
export const OUTPUT_OPTION = new Option(
  '-o, --output <format>',
  'output format: table (default), text (tab-separated rows) or json',
).choices(OUTPUT_FORMATS);

function buildProgram(io: CliIo, ctx: () => CliContext, json: boolean): Command {
  const program = new Command('mps');
  program
    .description('mps-aws: media processing templates, schemas and tasks')
    .version(cliVersion(), '-V, --version', 'print the version')
    .option('--endpoint <url>', 'control API base URL (or MPS_ENDPOINT)')
    .option('--stack <name>', `deployed stack whose ApiUrl output to use (default ${DEFAULT_STACK})`)
    .option('--region <region>', 'AWS region (default from the environment or the profile)')
    .option('--profile <name>', 'AWS named profile for a deployed stack (default AWS_PROFILE)')
    .option('--local-dir <dir>', 'data directory of the local runtime (or MPS_DATA_DIR; default: found)')
    .option('--json', 'print raw JSON (same as --output json)')
    .option('--wide', 'show table cells in full (long errors, keys) instead of cutting them')
    .option('--no-color', 'no colour even on a terminal (NO_COLOR does the same)')
    .configureHelp({
      // --output is taken out of argv before parsing (see extractOutputFormat); help still lists it.
      visibleOptions: (cmd) => {
        const options = new Help().visibleOptions(cmd);
        if (cmd === program) options.splice(options.length - 4, 0, OUTPUT_OPTION);
        return options;
      },
    })
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => {
        const message = s.replace(/^error: /, '').trimEnd();
        write(json ? jsonError('Usage', message) : `error Usage: ${message}\n`);
      },
    });
  registerTemplateCommands(program, ctx);
  registerSchemaCommands(program, ctx);
  registerTaskCommands(program, ctx);
  registerUploadCommand(program, ctx);
  registerDownloadCommands(program, ctx);
  registerExplainCommand(program, ctx);
  registerDeliveryCommands(program, ctx);
  registerCompletionCommand(program, ctx, [OUTPUT_OPTION]);
  return program;
}

/** Runs `mps <argv…>`; never throws; resolves to the exit code. */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = wantsJson(argv);
  let context: CliContext | undefined;
  // eslint-disable-next-line prefer-const
  let program: Command;
  const { argv: rest, output } = extractOutputFormat(argv);
  const ctx = (): CliContext =>
    (context ??= new CliContext(io, { ...program.opts<GlobalOptions>(), ...(output ? { output } : {}) }));
  program = buildProgram(io, ctx, json);
  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return 0;
    }
    if (rest.length === 0) throw new UsageError('give a command; see: mps --help');
    await program.parseAsync(rewriteHelp(program, rest), { from: 'user' });
    return 0;
  } catch (e) {
    const color = colorEnabled(io.stderrIsTTY, io.env, argv.includes('--no-color') ? false : undefined);
    return report(e, io, json, color);
  }
}

function jsonError(code: string, message: string, field?: string): string {
  return JSON.stringify({ error: { code, message, ...(field ? { field } : {}) } }) + '\n';
}

function report(e: unknown, io: CliIo, json: boolean, color: boolean): number {
  if (e instanceof CommanderError) {
    // commander has already printed its message (help, version, usage errors)
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    return e.exitCode === 0 && e.code === 'commander.help' ? 0 : 2;
  }
  let code: string;
  let message: string;
  let exit: number;
  let field: string | undefined;
  if (e instanceof UsageError) {
    [code, message, exit] = ['Usage', e.message, 2];
  } else if (e instanceof ApiError || e instanceof CliError) {
    [code, message, exit] = [e.code, e.message, e.exitCode];
    if (e instanceof ApiError) field = e.field;
  } else {
    const err = e as Error;
    [code, message, exit] = [err?.name ?? 'Error', err?.message ?? String(e), 1];
  }
  io.stderr(json ? jsonError(code, message, field) : `${paint('red', 'error', color)} ${code}: ${message}\n`);
  return exit;
}
