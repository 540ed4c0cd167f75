/** Lambda entry point of the control API (API Gateway HTTP API, payload v2, IAM auth). */
import { createApiHandler } from '../api';
import { apiFunction } from '../composition';
import { awsPlatform } from '../platform/aws';

export const handler = createApiHandler(apiFunction(awsPlatform));
