/**
 * `mps help [command…]` and `mps <command> help [subcommand…]`: rewritten to `<command…> --help`,
 * so that help for any command (or alias) prints that command's help and exits 0.
 */
import type { Command } from 'commander';
import { UsageError } from './errors';

function findCommand(cmd: Command, word: string): Command | undefined {
  return cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

/** True when `arg` is an option of `cmd` or one of its parents that takes a value in the next word. */
function takesValue(cmd: Command, arg: string): boolean {
  if (arg.includes('=')) return false;
  for (let c: Command | null = cmd; c; c = c.parent) {
    const option = c.options.find((o) => o.long === arg || o.short === arg);
    if (option) return option.required || option.optional;
  }
  return false;
}

/** `argv` with a help word turned into a trailing `--help`; unchanged when there is none. */
export function rewriteHelp(program: Command, argv: readonly string[]): string[] {
  let cmd = program;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (takesValue(cmd, arg)) i++;
      continue;
    }
    if (arg === 'help' && cmd.commands.length > 0 && !findCommand(cmd, 'help')?.commands.length) {
      const rest = argv.slice(i + 1).filter((a) => !a.startsWith('-'));
      let target = cmd;
      for (const word of rest) {
        const next = findCommand(target, word);
        if (!next) {
          const at = [target.name(), ...ancestors(target)].reverse().join(' ');
          throw new UsageError(`${at} has no command ${JSON.stringify(word)}; see: ${at} --help`);
        }
        target = next;
      }
      return [...argv.slice(0, i), ...rest, '--help'];
    }
    const sub = findCommand(cmd, arg);
    if (!sub) break;
    cmd = sub;
  }
  return [...argv];
}

function ancestors(cmd: Command): string[] {
  const names: string[] = [];
  for (let c = cmd.parent; c; c = c.parent) names.push(c.name());
  return names;
}
