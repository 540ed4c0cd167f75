import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Returns the callback HMAC key. Never log its result. */
export type SecretProvider = () => Promise<string>;

/**
 * The HMAC key from Secrets Manager (`secretArn`), fetched once per container and cached; or a fixed
 * value (`secretValue`, local runtime). A failed fetch is not cached, so the next call retries.
 */
export function createSecretProvider(opts: {
  secretArn?: string;
  secretValue?: string;
  client?: SecretsManagerClient;
}): SecretProvider {
  if (opts.secretValue !== undefined) {
    const value = opts.secretValue;
    return async () => value;
  }
  const { secretArn, client } = opts;
  if (!secretArn || !client)
    throw new Error('createSecretProvider needs secretArn and client, or secretValue');
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= client
      .send(new GetSecretValueCommand({ SecretId: secretArn }))
      .then((res) => {
        if (!res.SecretString) throw new Error(`secret ${secretArn} has no string value`);
        return res.SecretString;
      })
      .catch((err: unknown) => {
        cached = undefined;
        throw err;
      });
    return cached;
  };
}
