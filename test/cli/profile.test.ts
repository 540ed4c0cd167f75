/**
 * `--profile`: an AWS named profile (from the shared config files) signs the CloudFormation lookup of
 * the stack, the control API requests and presigned URLs, and skips the local runtime. CloudFormation
 * is a local fake reached through AWS_ENDPOINT_URL_CLOUDFORMATION.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApiClient } from '../../cli/client';
import { startCliEnv, type CliEnv } from './support';

const VARS = [
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL_CLOUDFORMATION',
];
const saved = new Map(VARS.map((v) => [v, process.env[v]]));

let env: CliEnv;
let cfn: http.Server;
const cfnCalls: Array<{ authorization: string; body: string }> = [];

beforeAll(async () => {
  env = await startCliEnv();
  for (const v of VARS) delete process.env[v];
  const credentials = path.join(env.cwd, 'credentials');
  const config = path.join(env.cwd, 'config');
  writeFileSync(
    credentials,
    '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n' +
      '[mpstest]\naws_access_key_id = AKIDMPSTEST\naws_secret_access_key = mpstest-secret\n',
  );
  writeFileSync(config, '[default]\nregion = us-west-2\n[profile mpstest]\nregion = eu-west-3\n');
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
  process.env.AWS_CONFIG_FILE = config;

  cfn = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      cfnCalls.push({ authorization: String(req.headers.authorization), body });
      const json = String(req.headers['content-type']).includes('json');
      const outputs = [{ OutputKey: 'ApiUrl', OutputValue: `${env.server.url}/` }];
      if (json) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            Stacks: [
              { StackName: 'MpsStack', StackStatus: 'CREATE_COMPLETE', CreationTime: 0, Outputs: outputs },
            ],
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>' +
          '<StackName>MpsStack</StackName><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2025-01-01T00:00:00Z</CreationTime>' +
          `<Outputs><member><OutputKey>ApiUrl</OutputKey><OutputValue>${env.server.url}/</OutputValue></member></Outputs>` +
          '</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => cfn.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = `http://127.0.0.1:${(cfn.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const [v, value] of saved) {
    if (value === undefined) delete process.env[v];
    else process.env[v] = value;
  }
  await new Promise((resolve) => cfn.close(resolve));
  await env.close();
});

it('signs API requests with the profile credentials', async () => {
  const seen: Headers[] = [];
  const fetchImpl = (async (_url: URL, init: RequestInit) => {
    seen.push(new Headers(init.headers));
    return new Response('{"items":[]}', { status: 200 });
  }) as unknown as typeof fetch;
  const endpoint = { url: 'https://abc123.execute-api.eu-west-1.amazonaws.com', kind: 'explicit' as const };
  const signed = { ...endpoint, sign: { region: 'eu-west-1' } };
  await new ApiClient(signed, { profile: 'mpstest', fetchImpl }).request('GET', '/tasks');
  await new ApiClient(signed, { fetchImpl }).request('GET', '/tasks');
  expect(seen[0]!.get('authorization')).toMatch(/Credential=AKIDMPSTEST\/\d{8}\/eu-west-1\/execute-api\//);
  expect(seen[1]!.get('authorization')).toMatch(/Credential=AKIDDEFAULT\//);
});

it('finds the stack with the profile, skipping a running local runtime', async () => {
  // A local runtime answers here; --profile still goes to the deployed stack.
  mkdirSync(path.join(env.cwd, '.mps-local'), { recursive: true });
  writeFileSync(
    path.join(env.cwd, '.mps-local', 'endpoints.json'),
    JSON.stringify({ api: 'http://127.0.0.1:1', s3: 'http://127.0.0.1:1' }),
  );
  cfnCalls.length = 0;
  const res = await env.mpsWith({}, '--profile', 'mpstest', 'task', 'list');
  expect(res).toMatchObject({ code: 0, stdout: 'no tasks\n' });
  expect(cfnCalls).toHaveLength(1);
  expect(cfnCalls[0]!.authorization).toMatch(/Credential=AKIDMPSTEST\/\d{8}\/eu-west-3\/cloudformation\//);
  expect(cfnCalls[0]!.body).toContain('MpsStack');
});

it('presigns AWS S3 URLs with the profile credentials and region', async () => {
  const res = await env.mpsWith(
    {},
    '--profile',
    'mpstest',
    '--json',
    'presign',
    's3://my-bucket/out/a b.mp4',
  );
  expect(res.code).toBe(0);
  const url = new URL(JSON.parse(res.stdout).url);
  expect(url.origin).toBe('https://my-bucket.s3.eu-west-3.amazonaws.com');
  expect(url.pathname).toBe('/out/a%20b.mp4');
  expect(url.searchParams.get('X-Amz-Credential')).toMatch(
    /^AKIDMPSTEST\/\d{8}\/eu-west-3\/s3\/aws4_request$/,
  );
  expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  const dotted = await env.mpsWith(
    {},
    '--profile',
    'mpstest',
    'presign',
    's3://my.bucket/k',
    '--expires',
    '60',
  );
  expect(dotted.stdout).toMatch(
    /^https:\/\/s3\.eu-west-3\.amazonaws\.com\/my\.bucket\/k\?.*X-Amz-Expires=60/,
  );
  const tooLong = await env.mpsWith({}, '--profile', 'mpstest', 'presign', 's3://b/k', '--expires', '604801');
  expect(tooLong.code).toBe(2);
});
