import type { Command, Option } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

/** `mps completion bash|zsh`: prints the shell's completion script. */
export function registerCompletionCommand(
  program: Command,
  ctx: () => CliContext,
  extra: readonly Option[] = [],
): void {
  program
    .command('completion <shell>')
    .description(`print a shell completion script (${SHELLS.join(', ')}), e.g. source <(mps completion bash)`)
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new UsageError(`completion supports ${SHELLS.join(', ')}; got ${JSON.stringify(shell)}`);
      }
      ctx().io.stdout(completionScript(program, shell as Shell, extra));
    });
}
