/**
 * Shell completion scripts for bash and zsh, generated from the command tree itself so that they
 * always list the commands, subcommands and flags this version has, and the fixed values of flags
 * such as `--output json|table|text`.
 *   bash: source <(mps completion bash)      zsh: source <(mps completion zsh)
 */
import type { Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/** Words completed after each command path ("mps", "mps task", …): subcommands, then flags. */
export interface CompletionTree {
  words: Map<string, string[]>;
  /** Fixed values of a flag (e.g. --output → json table text), by flag. */
  values: Map<string, string[]>;
}

function flagsOf(cmd: Command): string[] {
  const flags = cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
  return [...flags, '--help'];
}

/**
 * Walks the program: every command path with its subcommands and flags (global flags at the root);
 * `extra` are root options parsed outside commander (--output).
 */
export function completionTree(program: Command, extra: readonly Option[] = []): CompletionTree {
  const words = new Map<string, string[]>();
  const values = new Map<string, string[]>();
  const visit = (cmd: Command, path: string): void => {
    const subs = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    if (subs.length > 0) subs.push('help');
    words.set(path, [...new Set([...subs, ...flagsOf(cmd)])]);
    for (const o of cmd.options) {
      if (o.argChoices?.length && o.long) values.set(o.long, [...o.argChoices]);
    }
    for (const c of cmd.commands) visit(c, `${path} ${c.name()}`);
  };
  visit(program, program.name());
  const root = words.get(program.name()) ?? [];
  for (const o of extra) {
    root.push(...[o.long, o.short].filter((f): f is string => !!f));
    if (o.argChoices?.length && o.long) values.set(o.long, [...o.argChoices]);
    if (o.argChoices?.length && o.short) values.set(o.short, [...o.argChoices]);
  }
  return { words, values };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function entries(map: Map<string, string[]>): string {
  return [...map].map(([key, list]) => `  [${quote(key)}]=${quote(list.join(' '))}`).join('\n');
}

function pairs(map: Map<string, string[]>): string {
  return [...map].map(([key, list]) => `  ${quote(key)} ${quote(list.join(' '))}`).join('\n');
}

function bashScript(name: string, tree: CompletionTree): string {
  return `# bash completion for ${name}; load with: source <(${name} completion bash)
declare -gA _${name}_words=(
${entries(tree.words)}
)
declare -gA _${name}_values=(
${entries(tree.values)}
)
_${name}_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmdpath=${name} i w
  if [[ -n "\${_${name}_values[$prev]+x}" ]]; then
    COMPREPLY=( $(compgen -W "\${_${name}_values[$prev]}" -- "$cur") )
    return 0
  fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    [[ -n "\${_${name}_words[$cmdpath $w]+x}" ]] && cmdpath="$cmdpath $w"
  done
  COMPREPLY=( $(compgen -W "\${_${name}_words[$cmdpath]}" -- "$cur") )
}
complete -o default -F _${name}_complete ${name}
`;
}

function zshScript(name: string, tree: CompletionTree): string {
  return `#compdef ${name}
# zsh completion for ${name}; load with: source <(${name} completion zsh)
typeset -gA _${name}_words _${name}_values
_${name}_words=(
${pairs(tree.words)}
)
_${name}_values=(
${pairs(tree.values)}
)
_${name}_complete() {
  local cmdpath=${name} prev="\${words[CURRENT-1]}" i w
  if (( \${+_${name}_values[$prev]} )); then
    compadd -- \${=_${name}_values[$prev]}
    return
  fi
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    [[ "$w" == -* ]] && continue
    (( \${+_${name}_words[$cmdpath $w]} )) && cmdpath="$cmdpath $w"
  done
  compadd -- \${=_${name}_words[$cmdpath]}
}
compdef _${name}_complete ${name}
`;
}

/** The completion script of `shell` for `program`. */
export function completionScript(program: Command, shell: Shell, extra: readonly Option[] = []): string {
  const tree = completionTree(program, extra);
  return shell === 'bash' ? bashScript(program.name(), tree) : zshScript(program.name(), tree);
}
