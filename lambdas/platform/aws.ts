import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Platform } from '../composition';

/**
 * The service in AWS Lambda: configuration from process.env, SDK clients with the runtime's region and
 * credentials, Powertools logger and metrics (service name and namespace from the function's env).
 */
export const awsPlatform: Platform = {
  env: process.env,
  clientSettings: () => ({}),
  logger: () => new Logger(),
  metrics: () => new Metrics(),
};
