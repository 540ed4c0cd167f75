/**
 * Where the CLI sends requests:
 *   1. `--endpoint URL` or MPS_ENDPOINT (signed with SigV4 when the host is an AWS execute-api host);
 *   2. unless `--stack` or `--profile` is given, the local runtime, from the first endpoints record whose API answers:
 *      `--local-dir DIR` or MPS_DATA_DIR (`DIR/endpoints.json`, and nothing else), else
 *      `./.mps-local/endpoints.json`, then the per-user record `npm start` writes
 *      (`${XDG_STATE_HOME:-~/.local/state}/mps-aws/local-endpoints.json`, or MPS_LOCAL_ENDPOINTS).
 *      A record whose API does not answer (a runtime that was killed) is an error naming it, never a
 *      silent fall-through to AWS;
 *   3. a deployed stack: `--stack NAME` (default MpsStack) → CloudFormation output `ApiUrl`, SigV4;
 *      `--profile NAME` (an AWS named profile) also skips step 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STACK_NAME } from '../lambdas/contract';
import { userEndpointsFile } from '../local/endpoints-record';
import { CliError } from './errors';
import type { CliIo } from './io';

export const DEFAULT_STACK = DEFAULT_STACK_NAME;
export const LOCAL_DIR = '.mps-local';
/** Names the local runtime's data directory (like `--local-dir`). */
export const DATA_DIR_ENV = 'MPS_DATA_DIR';

/** The part of the local runtime's endpoints.json the CLI uses. */
export interface LocalEndpoints {
  api: string;
  s3: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface ResolvedEndpoint {
  /** Base URL without a trailing '/'. */
  url: string;
  kind: 'explicit' | 'local' | 'stack';
  /** Sign requests with SigV4 (service execute-api) in this region. */
  sign?: { region: string };
  /** Present for the local runtime: its S3 endpoint and credentials (for uploads). */
  local?: LocalEndpoints;
  region?: string;
}

export interface EndpointOptions {
  endpoint?: string;
  stack?: string;
  region?: string;
  /** AWS named profile for the CloudFormation lookup (the SDK's default chain otherwise). */
  profile?: string;
  /** Directory holding endpoints.json (the runtime's data directory); default: see the module comment. */
  localDir?: string;
}

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function regionFrom(opts: EndpointOptions, io: CliIo): string | undefined {
  return opts.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
}

export function readLocalEndpoints(dir: string): LocalEndpoints | undefined {
  return readEndpointsRecordFile(path.join(dir, 'endpoints.json'));
}

/** The CLI's part of an endpoints record file; undefined when missing or not a record. */
export function readEndpointsRecordFile(file: string): LocalEndpoints | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalEndpoints>;
    if (typeof parsed.api !== 'string' || typeof parsed.s3 !== 'string') return undefined;
    return {
      api: parsed.api,
      s3: parsed.s3,
      region: typeof parsed.region === 'string' ? parsed.region : 'us-east-1',
      ...(typeof parsed.accessKeyId === 'string' ? { accessKeyId: parsed.accessKeyId } : {}),
      ...(typeof parsed.secretAccessKey === 'string' ? { secretAccessKey: parsed.secretAccessKey } : {}),
    };
  } catch {
    return undefined;
  }
}

/** True when something answers HTTP at `url` within `timeoutMs` (any status). */
export async function ping(url: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`${trimSlash(url)}/templates?type=watermark&includePresets=false`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function explicit(url: string, opts: EndpointOptions, io: CliIo): ResolvedEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError('InvalidEndpoint', `endpoint must be an http(s) URL; got ${JSON.stringify(url)}`, 2);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError('InvalidEndpoint', `endpoint must be an http(s) URL; got ${JSON.stringify(url)}`, 2);
  }
  const aws = EXECUTE_API_HOST.exec(parsed.hostname);
  const region = aws?.[1] ?? regionFrom(opts, io);
  return {
    url: trimSlash(url),
    kind: 'explicit',
    ...(aws ? { sign: { region: aws[1]! } } : {}),
    ...(region ? { region } : {}),
  };
}

async function fromStack(stackName: string, opts: EndpointOptions, io: CliIo): Promise<ResolvedEndpoint> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const region = regionFrom(opts, io);
  const cfn = new CloudFormationClient({
    ...(region ? { region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  let url: string | undefined;
  // The region the stack was found in (--region, the environment or the profile's config).
  let stackRegion: string | undefined;
  try {
    const res = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    stackRegion = await cfn.config.region();
    url = res.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue;
  } catch (e) {
    throw new CliError(
      'EndpointNotFound',
      `no endpoint: --endpoint/MPS_ENDPOINT not set, no local runtime recorded (start one with npm start), ` +
        `and stack ${stackName} could not be described: ${(e as Error).message}`,
    );
  } finally {
    cfn.destroy();
  }
  if (!url) {
    throw new CliError('EndpointNotFound', `stack ${stackName} has no ApiUrl output; is it an mps stack?`);
  }
  const resolvedRegion =
    EXECUTE_API_HOST.exec(new URL(url).hostname)?.[1] ?? region ?? stackRegion ?? 'us-east-1';
  return { url: trimSlash(url), kind: 'stack', sign: { region: resolvedRegion }, region: resolvedRegion };
}

/** The endpoints record files to try, in order, and whether the user named them. */
export function localRecordFiles(opts: EndpointOptions, io: CliIo): { files: string[]; named: boolean } {
  const dir = opts.localDir ?? io.env[DATA_DIR_ENV];
  if (dir) return { files: [path.join(path.resolve(io.cwd, dir), 'endpoints.json')], named: true };
  const user = userEndpointsFile(io.env);
  return { files: [path.join(io.cwd, LOCAL_DIR, 'endpoints.json'), ...(user ? [user] : [])], named: false };
}

/** The local runtime whose API answers; throws when the only records found are of stopped runtimes. */
async function fromLocalRecords(opts: EndpointOptions, io: CliIo): Promise<ResolvedEndpoint | undefined> {
  const { files, named } = localRecordFiles(opts, io);
  const dead: string[] = [];
  for (const file of files) {
    const local = readEndpointsRecordFile(file);
    if (!local) continue;
    if (await ping(local.api))
      return { url: trimSlash(local.api), kind: 'local', local, region: local.region };
    dead.push(`${local.api} (recorded in ${file})`);
  }
  if (dead.length > 0) {
    throw new CliError(
      'LocalRuntimeNotRunning',
      `local runtime not running at ${dead.join(', ')}; start it with npm start ` +
        `(or pass --stack NAME or --endpoint URL for a deployed stack)`,
    );
  }
  if (named) {
    throw new CliError(
      'LocalRuntimeNotRunning',
      `no local runtime recorded in ${files[0]}; start it with npm start -- --data-dir ${path.dirname(files[0]!)}`,
    );
  }
  return undefined;
}

export async function resolveEndpoint(opts: EndpointOptions, io: CliIo): Promise<ResolvedEndpoint> {
  const given = opts.endpoint ?? io.env.MPS_ENDPOINT;
  if (given) return explicit(given, opts, io);
  // --stack or --profile asks for a deployed stack: the local runtime is not looked for.
  if (!opts.stack && !opts.profile) {
    const local = await fromLocalRecords(opts, io);
    if (local) return local;
  }
  return fromStack(opts.stack ?? DEFAULT_STACK, opts, io);
}
