/** `mps completion bash|zsh`: the bash script is loaded into a real bash and asked to complete. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCliEnv, type CliEnv } from './support';

let env: CliEnv;
let script: string;

beforeAll(async () => {
  env = await startCliEnv();
  const res = await env.mps('completion', 'bash');
  expect(res).toMatchObject({ code: 0, stderr: '' });
  script = path.join(env.cwd, 'mps.bash');
  writeFileSync(script, res.stdout);
});
afterAll(() => env.close());

/** What bash offers after `line` (words split on spaces; a trailing space starts a new word). */
function complete(line: string): string[] {
  const words = line.split(' ');
  const program = [
    `source ${JSON.stringify(script)}`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_mps_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  return execFileSync('bash', ['-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

describe('bash completion', () => {
  it('completes commands, subcommands, flags and flag values', () => {
    expect(complete('mps t')).toEqual(['task', 'template']);
    expect(complete('mps h')).toEqual(['help']);
    expect(complete('mps d')).toEqual(['deliveries', 'download']);
    expect(complete('mps task ')).toEqual(
      expect.arrayContaining(['abort', 'help', 'list', 'restart', 'show', 'watch', '--help']),
    );
    expect(complete('mps --json task list --re')).toEqual(['--result']);
    expect(complete('mps upload clip.mp4 s3://b/in/ --w')).toEqual(['--wait', '--watch']);
    expect(complete('mps --')).toEqual(
      expect.arrayContaining(['--output', '--profile', '--version', '--wide']),
    );
    expect(complete('mps task list --output ')).toEqual(['json', 'table', 'text']);
    expect(complete('mps -o t')).toEqual(['table', 'text']);
    expect(complete('mps completion ')).toEqual(['--help']);
  });
});

describe('completion command', () => {
  it('prints a zsh script over the same command tree', async () => {
    const res = await env.mps('completion', 'zsh');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^#compdef mps\n/);
    expect(res.stdout).toContain("  'mps task' 'list show restart abort watch help --help'\n");
    expect(res.stdout).toContain("  '--output' 'json table text'\n");
    expect(res.stdout).toContain('compdef _mps_complete mps\n');
  });

  it('rejects other shells', async () => {
    const res = await env.mps('completion', 'fish');
    expect(res).toMatchObject({
      code: 2,
      stderr: 'error Usage: completion supports bash, zsh; got "fish"\n',
    });
  });
});
