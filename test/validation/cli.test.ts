import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { RULES } from '../../local/engine/validation';
import { runCli, type CliIo } from '../../local/engine/validation/cli-run';
import { edit, mp4Job } from './fixtures';

const good = mp4Job();
const bad = edit(mp4Job(), { '$.Priority': 99, '$.Role': undefined });

function run(args: string[], files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readFile: (file) => {
      if (!(file in files)) throw new Error(`ENOENT: no such file ${file}`);
      return files[file]!;
    },
    readStdin: () => stdin,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  return { status: runCli(args, io), out, err };
}

describe('validator command line', () => {
  it('exits 0 with a summary when every request is valid', () => {
    expect(run(['job.json'], { 'job.json': JSON.stringify(good) })).toEqual({
      status: 0,
      out: ['1 job checked, 0 violations'],
      err: [],
    });
  });

  it('reads arrays and JSON Lines, names each request and exits 1 on violations', () => {
    const result = run(['jobs.json', 'more.jsonl'], {
      'jobs.json': JSON.stringify([good, bad]),
      'more.jsonl': `${JSON.stringify(good)}\n\n${JSON.stringify(bad)}\n`,
    });
    expect(result.status).toBe(1);
    expect(result.out).toEqual([
      'jobs.json[1]: $.Priority: 99 is out of range; allowed: -50 to 50',
      'jobs.json[1]: $.Role: missing required member "Role" of CreateJobRequest',
      'more.jsonl[1]: $.Priority: 99 is out of range; allowed: -50 to 50',
      'more.jsonl[1]: $.Role: missing required member "Role" of CreateJobRequest',
      '4 jobs checked, 4 violations',
    ]);
  });

  it('reads stdin for "-" or no file, and applies --model-only', () => {
    const thumbsOnly = edit(mp4Job(), {
      '$.Settings.OutputGroups[0].Outputs[0].VideoDescription.CodecSettings': {
        Codec: 'FRAME_CAPTURE',
        FrameCaptureSettings: {},
      },
      '$.Settings.OutputGroups[0].Outputs[0].ContainerSettings': { Container: 'RAW' },
      '$.Settings.OutputGroups[0].Outputs[0].AudioDescriptions': undefined,
    });
    const withRules = run([], {}, JSON.stringify(thumbsOnly));
    expect(withRules.status).toBe(1);
    expect(withRules.out[0]).toMatch(
      /^stdin\[0\]: \$\.Settings\.OutputGroups: .*frame-capture-needs-regular-output/,
    );
    expect(run(['--model-only', '-'], {}, JSON.stringify(thumbsOnly)).out).toEqual([
      '1 job checked, 0 violations',
    ]);
  });

  it('lists the rules with --list-rules', () => {
    const { status, out } = run(['--list-rules']);
    expect(status).toBe(0);
    expect(out.map((block) => block.split('\t')[0])).toEqual(RULES.map((r) => r.id));
  });

  it('exits 2 on an unknown option, an unreadable file or input that is not JSON', () => {
    expect(run(['--strict']).status).toBe(2);
    const missing = run(['missing.json']);
    expect(missing).toMatchObject({
      status: 2,
      out: [],
      err: ['missing.json: ENOENT: no such file missing.json'],
    });
    const garbage = run(['-'], {}, '{"Role": ');
    expect(garbage.status).toBe(2);
    expect(garbage.err[0]).toMatch(/^stdin: not JSON/);
    expect(run(['bad.jsonl'], { 'bad.jsonl': '{}\n{oops}\n' }).err).toEqual([
      expect.stringMatching(/^bad\.jsonl: line 2 is not JSON/),
    ]);
    expect(run(['-'], {}, '  \n').err).toEqual(['stdin: no JSON found (empty input)']);
  });

  it('runs as a script through tsx', () => {
    const cli = path.resolve(__dirname, '../../local/engine/validation/cli.ts');
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), cli, '-'], {
      input: JSON.stringify([good, bad]),
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('2 jobs checked, 2 violations');
  });
});
