/**
 * The CLI's conventions against the control API served over HTTP: output formats, --wide, colour,
 * JSON errors, --version, help, task progress and --result, schema update --set, and hints that
 * speak in CLI flags.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyJobEvent, failSubtask } from '../../lambdas/core/tasks';
import { startCliEnv, type CliEnv } from './support';

const ESC = '\u001b[';

let env: CliEnv;
beforeEach(async () => {
  env = await startCliEnv();
});
afterEach(() => env.close());

async function processTask(...extra: string[]): Promise<string> {
  const res = await env.mps(
    '--json',
    'process',
    's3://media-in/manual/clip.mp4',
    '--transcode',
    '100030',
    ...extra,
  );
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout).taskId as string;
}

async function completeSubtask(taskId: string, no = 1): Promise<void> {
  const t = (await env.api.tasks.get(taskId))!;
  const s = t.subtasks.find((x) => x.no === no)!;
  await env.api.updater.update(
    taskId,
    (task) =>
      applyJobEvent(task, {
        jobId: s.jobId!,
        status: 'COMPLETE',
        time: '2025-03-01T10:02:00.000Z',
        taskId,
        members: [{ no, attempt: s.attempt }],
        progress: 100,
        outputs: [{ bucket: 'media-in', key: 'manual/clip_transcode_100030.mp4', kind: 'video' }],
      }).task,
  );
}

async function failTask(taskId: string, message = 'unreadable source'): Promise<void> {
  await env.api.updater.update(taskId, (t) =>
    failSubtask(t, 1, 1, 'SourceFileError', message, env.api.clock.now),
  );
}

describe('output formats', () => {
  it('prints tables by default, tab-separated rows with --output text, JSON with --output json or --json', async () => {
    const id = await processTask();
    const table = await env.mps('task', 'list');
    expect(table.stdout.split('\n')[0]).toMatch(
      /^TASK ID\s+STATUS\s+PROGRESS\s+CREATED\s+FINISHED\s+INPUT\s+SCHEMA$/,
    );

    const text = await env.mps('task', 'list', '--output', 'text');
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toBe(
      [id, 'PROCESSING', '0%', '2025-03-01T10:00:00Z', '-', 'media-in/manual/clip.mp4', '(api)'].join('\t') +
        '\n',
    );
    const short = await env.mps('-o', 'text', 'task', 'list');
    expect(short.stdout).toBe(text.stdout);
    const inline = await env.mps('task', 'list', '--output=text');
    expect(inline.stdout).toBe(text.stdout);

    const json = await env.mps('task', 'list', '--output', 'json');
    expect(JSON.parse(json.stdout).items.map((t: { taskId: string }) => t.taskId)).toEqual([id]);
    expect((await env.mps('--json', 'task', 'list')).stdout).toBe(json.stdout);

    // Nothing to list: a message in a table, nothing at all as text.
    expect((await env.mps('template', 'list', '--no-presets')).stdout).toBe('no templates\n');
    expect((await env.mps('-o', 'text', 'template', 'list', '--no-presets')).stdout).toBe('');
  });

  it('keeps --output s3://… as the output location of process and schema create', async () => {
    const res = await env.mps(
      '-o',
      'json',
      'process',
      's3://media-in/manual/clip.mp4',
      '--transcode',
      '100030',
      '--output',
      's3://media-out/done/',
    );
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).output).toEqual({ bucket: 'media-out', directory: 'done/' });
  });

  it('rejects an unknown format and a conflict with --json, as usage errors', async () => {
    const yaml = await env.mps('task', 'list', '--output', 'yaml');
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toBe(
      'error Usage: --output takes json, table, text (or, for schema create|update and process, ' +
        'an s3://bucket/dir/ location); got "yaml"\n',
    );
    const conflict = await env.mps('--json', '--output', 'table', 'task', 'list');
    expect(conflict.code).toBe(2);
    expect(JSON.parse(conflict.stderr)).toEqual({
      error: { code: 'Usage', message: '--json is --output json; it conflicts with --output table' },
    });
  });

  it('cuts long cells in tables with a note, and shows them in full with --wide or as text', async () => {
    const id = await processTask();
    const long = `decoder said: ${'x'.repeat(200)} END`;
    await failTask(id, long);
    const cut = await env.mps('task', 'show', id);
    expect(cut.stdout).not.toContain('x END');
    expect(cut.stdout).toMatch(/SourceFileError: decoder said: x+…\n/);
    expect(cut.stdout).toContain('(cells ending in … were cut; --wide shows them in full)');
    const wide = await env.mps('task', 'show', id, '--wide');
    expect(wide.stdout).toContain(`SourceFileError: ${long}\n`);
    expect(wide.stdout).not.toContain('were cut');
    const text = await env.mps('task', 'show', id, '-o', 'text');
    expect(text.stdout).toContain(`\tSourceFileError: ${long}\n`);
  });
});

describe('errors', () => {
  it('are JSON on stderr under --output json, with the exit codes of the text form', async () => {
    const missing = await env.mps('--output', 'json', 'task', 'show', 't-nope');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(missing.stderr)).toEqual({
      error: { code: 'ResourceNotFound.Task', message: 'task t-nope does not exist' },
    });
    const invalid = await env.mps('--json', 'task', 'list', '--limit', '1000');
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stderr).error).toMatchObject({ field: 'limit' });
    const usage = await env.mps('--json', 'task', 'list', '--bogus');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({
      error: { code: 'Usage', message: "unknown option '--bogus'" },
    });
    const cliUsage = await env.mps('task', 'watch', 't-1', '--interval', '0', '--json');
    expect(cliUsage.code).toBe(2);
    expect(JSON.parse(cliUsage.stderr).error.code).toBe('Usage');
  });
});

describe('colour', () => {
  it('colours statuses only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR forces it', async () => {
    const id = await processTask();
    await completeSubtask(id);
    const base = { MPS_ENDPOINT: env.server.url };
    const tty = await env.mpsIo({ stdoutIsTTY: true, env: base }, 'task', 'list');
    expect(tty.stdout).toContain(`${ESC}32mFINISH (SUCCESS)${ESC}39m`);
    // Colour codes do not break the alignment: the next column starts where the header's does.
    const [header, row] = tty.stdout.split('\n');
    const plainRow = row!.replace(/\u001b\[\d+m/g, '');
    expect(plainRow.indexOf('100%')).toBe(header!.indexOf('PROGRESS'));

    expect((await env.mps('task', 'list')).stdout).not.toContain(ESC);
    const noColor = await env.mpsIo({ stdoutIsTTY: true, env: { ...base, NO_COLOR: '1' } }, 'task', 'list');
    expect(noColor.stdout).not.toContain(ESC);
    const flag = await env.mpsIo({ stdoutIsTTY: true, env: base }, 'task', 'list', '--no-color');
    expect(flag.stdout).not.toContain(ESC);
    const forced = await env.mpsIo({ env: { ...base, FORCE_COLOR: '1' } }, 'task', 'list');
    expect(forced.stdout).toContain(`${ESC}32m`);
    const text = await env.mpsIo({ stdoutIsTTY: true, env: base }, '-o', 'text', 'task', 'list');
    expect(text.stdout).not.toContain(ESC);

    const err = await env.mpsIo({ stderrIsTTY: true, env: base }, 'task', 'show', 't-nope');
    expect(err.stderr).toBe(`${ESC}31merror${ESC}39m ResourceNotFound.Task: task t-nope does not exist\n`);
    const errNoColor = await env.mpsIo(
      { stderrIsTTY: true, env: { ...base, NO_COLOR: 'x' } },
      'task',
      'show',
      't-nope',
    );
    expect(errNoColor.stderr).toBe('error ResourceNotFound.Task: task t-nope does not exist\n');
  });
});

describe('version and help', () => {
  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
    expect(await env.mps('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await env.mps('-V')).stdout).toBe(`${version}\n`);
  });

  it('prints the help of any command and exits 0', async () => {
    for (const [argv, usage] of [
      [['help'], 'Usage: mps [options] [command]'],
      [['help', 'template'], 'Usage: mps template [options] [command]'],
      [['help', 'task', 'list'], 'Usage: mps task list [options]'],
      [['task', 'help', 'list'], 'Usage: mps task list [options]'],
      [['--json', 'help', 'schema', 'update'], 'Usage: mps schema update [options] <id>'],
      [['download', '--help'], 'Usage: mps download [options] <source> [dir]'],
    ] as const) {
      const res = await env.mps(...argv);
      expect({ argv, code: res.code, first: res.stdout.split('\n')[0] }).toEqual({
        argv,
        code: 0,
        first: usage,
      });
    }
    const task = await env.mps('help', 'task');
    expect(task.stdout).toMatch(/^\s+list \[options\]\s+list tasks/m);
    const unknown = await env.mps('help', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error Usage: mps has no command "frobnicate"; see: mps --help\n');
  });
});

describe('tasks', () => {
  it('lists by result and shows overall progress from the subtasks', async () => {
    const ok = await processTask('--gif', '20000', '--end', '2');
    const bad = await processTask('--session-id', 'second');
    await failTask(bad);
    // One of two subtasks done: 50%.
    await completeSubtask(ok, 1);
    const shown = await env.mps('task', 'show', ok);
    expect(shown.stdout.split('\n')[1]).toMatch(new RegExp(`^${ok}\\s+PROCESSING\\s+50%\\s`));

    const failed = await env.mps('-o', 'text', 'task', 'list', '--result', 'fail');
    expect(
      failed.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t').slice(0, 3)),
    ).toEqual([[bad, 'FINISH (FAIL)', '100%']]);
    const succeeded = await env.mps('task', 'list', '--result', 'SUCCESS');
    expect(succeeded.stdout).toBe('no tasks\n');
    const wrong = await env.mps('task', 'list', '--result', 'BROKEN');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /result must be one of SUCCESS, PARTIAL_FAILURE, FAIL, ABORTED; got "BROKEN"/,
    );
  });

  it('restart of a task with nothing failed points to --all, which restarts it', async () => {
    const id = await processTask();
    await completeSubtask(id);
    const res = await env.mps('task', 'restart', id);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `error FailedOperation.InvalidTaskStatus: task ${id} has no FAIL or ABORTED subtask to restart (result SUCCESS); ` +
        `to re-run every subtask: mps task restart ${id} --all\n`,
    );
    expect(res.stderr).not.toContain('all: true');
    const all = await env.mps('task', 'restart', id, '--all');
    expect(all.code).toBe(0);
    expect((await env.api.tasks.get(id))!.subtasks[0]!.attempt).toBe(2);
    // Still running: the API's own message stays.
    const running = await env.mps('task', 'restart', id);
    expect(running.stderr).toMatch(/is PROCESSING; only a FINISH task can be restarted/);
  });
});

describe('schema update', () => {
  async function createSchema(): Promise<string> {
    const res = await env.mps(
      '--json',
      'schema',
      'create',
      '--name',
      'demo',
      '--trigger',
      's3://media-in/input/',
      '--output',
      's3://media-out/output/',
      '--transcode',
      '100030',
    );
    expect(res.code).toBe(0);
    return JSON.parse(res.stdout).id as string;
  }

  it('changes fields of the current schema with --set and with flags', async () => {
    const id = await createSchema();
    const renamed = await env.mps('schema', 'update', id, '--name', 'renamed');
    expect(renamed.code).toBe(0);
    expect(renamed.stdout).toContain(
      `updated schema ${id} (disabled; enable it with: mps schema enable ${id})`,
    );
    expect(await env.api.schemas.get(id)).toMatchObject({
      name: 'renamed',
      trigger: { bucket: 'media-in', directory: 'input/' },
      items: { transcode: [{ templateId: 100030 }] },
    });
    const set = await env.mps(
      '--json',
      'schema',
      'update',
      id,
      '--set',
      'output.directory=elsewhere/',
      '--set',
      'trigger.extensions=["mp4"]',
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      name: 'renamed',
      output: { bucket: 'media-out', directory: 'elsewhere/' },
      trigger: { bucket: 'media-in', directory: 'input/', extensions: ['mp4'] },
    });
    const items = await env.mps('--json', 'schema', 'update', id, '--gif', '20000', '--end', '2');
    expect(JSON.parse(items.stdout).items).toEqual({
      animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 2 }],
    });
    const nothing = await env.mps('schema', 'update', id);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(
      /^error Usage: schema update needs --file f\.json, --set key=value, or flags/,
    );
    expect(nothing.stderr).not.toContain('schema create');
  });

  it('of an enabled schema points to --reset, which disables and changes it', async () => {
    const id = await createSchema();
    expect((await env.mps('schema', 'enable', id)).code).toBe(0);
    const res = await env.mps('schema', 'update', id, '--name', 'x');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /^error [\w.]+: schema .* is enabled, and only a disabled schema can be changed\. Add --reset/,
    );
    expect(res.stderr).toContain(`mps schema enable ${id}`);
    expect((await env.api.schemas.get(id))?.name).toBe('demo');
    const reset = await env.mps('schema', 'update', id, '--name', 'x', '--reset');
    expect(reset.code).toBe(0);
    expect(await env.api.schemas.get(id)).toMatchObject({ name: 'x', status: 'disabled' });
  });
});
