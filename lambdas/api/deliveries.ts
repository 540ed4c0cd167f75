/**
 * Undelivered notifications: list the notify DLQ and replay its messages to the NotifyQueue.
 * `GET /deliveries/failed?max=` and `POST /deliveries/replay` with `{ "ids"?: string[] }`.
 */
import { z } from 'zod';
import { ConflictError } from '../core/errors';
import { parseOrThrow, strictObject } from '../core/schemas/zod-issues';
import type { ApiDeps } from './deps';
import { parseJsonBody, type ApiRequest, type ApiResponse } from './http';
import { intParam, onlyParams } from './params';

const MAX_LIST = 1000;

const replayBody = strictObject({ ids: z.array(z.string().min(1).max(128)).min(1).max(1000).optional() });

export function deliveryOperations(deps: ApiDeps) {
  const port = () => {
    if (!deps.deliveries) {
      throw new ConflictError(
        'dead-letter access is not configured for this API (NOTIFY_DLQ_URL is not set)',
        'FailedOperation.DeliveriesNotConfigured',
      );
    }
    return deps.deliveries;
  };
  return {
    async listFailed(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, ['max']);
      const max = intParam(req.query, 'max', 1, MAX_LIST) ?? 100;
      const items = await port().list({ max });
      return { status: 200, body: { items } };
    },
    async replay(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const body = parseOrThrow(replayBody, parseJsonBody(req) ?? {}, 'body');
      const result = await port().replay(body.ids ? { ids: body.ids } : {});
      return { status: 200, body: result };
    },
  };
}
