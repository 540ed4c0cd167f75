/**
 * The CDK app (bin/app.ts, what `cdk deploy` runs) deploys the stack the `mps` CLI looks for by default.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_STACK } from '../../cli/endpoint';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..', '..');

test('bin/app.ts synthesizes one stack, named as the CLI expects (MpsStack)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'mps-app-'));
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/app.ts'],
      {
        cwd: ROOT,
        // As the CDK CLI runs the app: CDK_OUTDIR makes it synthesize on exit.
        env: { ...process.env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify({ nag: 'false' }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string }>;
    };
    const stacks = Object.entries(manifest.artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([name]) => name);
    expect(stacks).toEqual(['MpsStack']);
    expect(DEFAULT_STACK).toBe('MpsStack');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
