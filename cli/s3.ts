/**
 * The S3 the CLI reads and writes (upload, download, presign): the local runtime's S3 (s3rver, its
 * credentials from endpoints.json) when the API in use is the local runtime's, else AWS S3 with the
 * region and `--profile` of the command line (the SDK's default chain otherwise).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { CliContext } from './context';
import { localRecordFiles, readEndpointsRecordFile, type LocalEndpoints } from './endpoint';
import { CliError } from './errors';

/** AWS credentials as the SDK resolves them. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where objects live for this command line. */
export interface S3Target {
  /** The local runtime's S3, when the API in use is the local runtime's. */
  local?: LocalEndpoints;
  region?: string;
  profile?: string;
}

/** The local runtime's S3 if the API in use is the local runtime's (resolved or given explicitly). */
export async function s3Target(c: CliContext): Promise<S3Target> {
  // No control API is needed to reach AWS S3, but a stopped local runtime is an error (never AWS).
  const endpoint = await c.endpoint().catch((e: unknown) => {
    if (e instanceof CliError && e.code === 'LocalRuntimeNotRunning') throw e;
    return undefined;
  });
  let local = endpoint?.local;
  if (!local && endpoint?.kind === 'explicit') {
    const files = localRecordFiles(c.options.localDir ? { localDir: c.options.localDir } : {}, c.io).files;
    local = files.map(readEndpointsRecordFile).find((f) => f?.api.replace(/\/+$/, '') === endpoint.url);
  }
  const region = local?.region ?? c.options.region ?? endpoint?.region ?? c.io.env.AWS_REGION;
  return {
    ...(local ? { local } : {}),
    ...(region ? { region } : {}),
    ...(c.profile && !local ? { profile: c.profile } : {}),
  };
}

/** An S3 client for `target` (destroy it when done). */
export async function s3Client(target: S3Target): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const local = target.local;
  if (local) {
    return new S3Client({
      endpoint: local.s3,
      region: local.region,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(localCredentials(local) ? { credentials: localCredentials(local)! } : {}),
    });
  }
  return new S3Client({
    ...(target.region ? { region: target.region } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
  });
}

function localCredentials(local: LocalEndpoints): AwsCredentialIdentity | undefined {
  return local.accessKeyId && local.secretAccessKey
    ? { accessKeyId: local.accessKeyId, secretAccessKey: local.secretAccessKey }
    : undefined;
}

/** The region and credentials `target`'s client signs with (resolved as the SDK does: profile, env, …). */
export async function s3Signing(
  target: S3Target,
): Promise<{ region: string; credentials: AwsCredentialIdentity }> {
  const client = await s3Client(target);
  try {
    const region = await client.config.region();
    const credentials = await client.config.credentials();
    return { region, credentials };
  } finally {
    client.destroy();
  }
}
