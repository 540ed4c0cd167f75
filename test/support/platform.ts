import { Logger } from '@aws-lambda-powertools/logger';
import type { Platform } from '../../lambdas/composition';
import type { Env } from '../../lambdas/config';

/**
 * A Platform for tests: the given environment, SDK clients with a fixed region and dummy credentials
 * (tests mock them with aws-sdk-client-mock, or never call them), silent loggers.
 */
export function testPlatform(env: Env, overrides: Partial<Platform> = {}): Platform {
  return {
    env,
    clientSettings: () => ({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    }),
    logger: () => new Logger({ logLevel: 'SILENT' }),
    ...overrides,
  };
}
