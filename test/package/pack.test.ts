/**
 * The package as a CDK user gets it: `npm pack` (which builds dist/), installed into a fresh CDK app in a
 * temporary folder, which places MpsService next to its own bucket and synthesizes, in JavaScript and
 * type-checked TypeScript. The handlers deploy from the prebuilt bundles (an installed package has no
 * lock file to bundle its sources with); the tarball carries no tests or benchmarks.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let tmp: string;
let tarball: string;
let files: string[];

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_fund: 'false' },
  });

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mps-pack-'));
  run('npm', ['pack', '--silent', '--pack-destination', tmp], ROOT);
  tarball = path.join(tmp, `mps-aws-${manifest.version}.tgz`);
  files = run('tar', ['tzf', tarball], tmp)
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the compiled library, prebuilt handlers and the event schema; no tests or benchmarks', () => {
  for (const f of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/task-event.schema.json', 'bin/mps.js']) {
    expect(files).toContain(f);
  }
  for (const h of ['ingest', 'job-events', 'notify-delivery', 'api', 'seed', 'watchdog']) {
    expect(files).toContain(`dist/handlers/${h}/index.js`);
  }
  expect(files.filter((f) => /^(test|bench|scripts)\/|\.test\.ts$/.test(f))).toEqual([]);
});

test('a fresh CDK app installs it and synthesizes MpsService next to its own bucket', () => {
  const app = path.join(tmp, 'app');
  mkdirSync(app);
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({
      name: 'user-media-app',
      private: true,
      dependencies: {
        'aws-cdk-lib': manifest.devDependencies['aws-cdk-lib'],
        constructs: manifest.peerDependencies.constructs,
        'mps-aws': `file:${tarball}`,
        typescript: manifest.devDependencies.typescript,
        '@types/node': manifest.devDependencies['@types/node'],
      },
    }),
  );
  run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    app,
  );

  // TypeScript, type-checked against the package's .d.ts.
  writeFileSync(
    path.join(app, 'app.ts'),
    `import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MpsService, type TaskEvent, verifySignature } from 'mps-aws';

const app = new App({ outdir: process.argv[2] });
const stack = new Stack(app, 'UserStack', { env: { account: '111111111111', region: 'eu-west-1' } });
const uploads = new s3.Bucket(stack, 'Uploads', { enforceSSL: true });
const media = new MpsService(stack, 'Media', {
  triggerBuckets: [uploads],
  schemas: [{ name: 'videos', trigger: { directory: 'in/' }, items: { transcode: [{ templateId: 100030 }] } }],
});
const onEvent = (e: TaskEvent): string => e.task.status;
void onEvent;
void verifySignature;
app.synth();
console.log(JSON.stringify({ serviceId: media.serviceId, bucket: stack.getLogicalId(uploads.node.defaultChild as s3.CfnBucket) }));
`,
  );
  writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        types: ['node'],
      },
      files: ['app.ts'],
    }),
  );
  run(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
  const out = path.join(app, 'cdk.out');
  const printed = JSON.parse(run(process.execPath, ['app.js', out], app)) as {
    serviceId: string;
    bucket: string;
  };
  expect(printed.serviceId).toBe('UserStack');

  const template = JSON.parse(readFileSync(path.join(out, 'UserStack.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const resources = Object.entries(template.Resources);
  const functions = resources.filter(
    ([, r]) =>
      r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
  );
  expect(functions.map(([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort()).toEqual(
    ['mps-api', 'mps-ingest', 'mps-job-events', 'mps-notify-delivery', 'mps-seed', 'mps-watchdog'],
  );
  for (const [, fn] of functions) {
    expect(fn.Properties.Handler).toBe('index.handler');
    expect(fn.Properties.Code.S3Key).toMatch(/\.zip$/);
  }
  // The user's bucket is the trigger bucket: EventBridge delivery on, the upload rule on its name.
  const notifications = resources.filter(([, r]) => r.Type === 'Custom::S3BucketNotifications');
  expect(notifications.map(([, r]) => r.Properties.BucketName)).toEqual([{ Ref: printed.bucket }]);
  const rules = resources.filter(
    ([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern?.source?.[0] === 'aws.s3',
  );
  expect(rules.map(([, r]) => r.Properties.EventPattern.detail.bucket.name)).toEqual([
    [{ Ref: printed.bucket }],
  ]);
  // The seeded schema triggers on it too.
  const seed = resources.find(([, r]) => r.Type === 'Custom::MpsSeed')![1];
  expect(JSON.stringify(seed.Properties.Schemas)).toContain(JSON.stringify({ Ref: printed.bucket }));
  // And the event contract is importable.
  const schema = JSON.parse(
    run(
      process.execPath,
      ['-e', 'process.stdout.write(JSON.stringify(require("mps-aws/task-event.schema.json")))'],
      app,
    ),
  ) as { title: string };
  expect(schema.title).toBe('mps-aws task event');
});
