/**
 * The control API: routes → operations, errors → JSON `{ error: { code, message, field? } }`.
 * `createApiHandler(deps)` returns an API Gateway HTTP API (payload v2) handler; the Lambda entry
 * (lambdas/handlers/api.ts) and the local runtime (lambdas/api/http-server.ts) both serve it.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { deliveryOperations } from './deliveries';
import type { ApiDeps } from './deps';
import { explainOperation } from './explain';
import { errorResponse, requestFromEvent, toResult, type ApiRequest, type ApiResponse } from './http';
import { Router } from './router';
import { schemaOperations } from './schemas';
import { taskOperations } from './tasks';
import { templateOperations } from './templates';
import { transferOperations } from './transfers';

export type { ApiDeps, TaskOperations } from './deps';
export { validateProcessMedia } from './tasks';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function createRouter(deps: ApiDeps): Router {
  const now = deps.now ?? (() => new Date().toISOString());
  const templates = templateOperations(deps);
  const schemas = schemaOperations(deps);
  const tasks = taskOperations(deps);
  const deliveries = deliveryOperations(deps);
  const transfers = transferOperations(deps);
  return new Router()
    .add('POST', '/templates/{type}', templates.create)
    .add('GET', '/templates', templates.list)
    .add('GET', '/templates/{id}', templates.get)
    .add('PUT', '/templates/{id}', templates.replace)
    .add('DELETE', '/templates/{id}', templates.remove)
    .add('POST', '/schemas', schemas.create)
    .add('GET', '/schemas', schemas.list)
    .add('GET', '/schemas/{id}', schemas.get)
    .add('PUT', '/schemas/{id}', schemas.replace)
    .add('DELETE', '/schemas/{id}', schemas.remove)
    .add('POST', '/schemas/{id}/enable', schemas.enable)
    .add('POST', '/schemas/{id}/disable', schemas.disable)
    .add('POST', '/tasks', tasks.processMedia)
    .add('GET', '/tasks', tasks.list)
    .add('GET', '/tasks/{id}', tasks.get)
    .add('POST', '/tasks/{id}/restart', tasks.restart)
    .add('POST', '/tasks/{id}/abort', tasks.abort)
    .add('GET', '/explain', explainOperation(deps, now))
    .add('GET', '/deliveries/failed', deliveries.listFailed)
    .add('POST', '/deliveries/replay', deliveries.replay)
    .add('GET', '/buckets', transfers.buckets)
    .add('GET', '/objects/url', transfers.objectUrl)
    .add('POST', '/uploads', transfers.startUpload)
    .add('POST', '/uploads/parts', transfers.partUrls)
    .add('POST', '/uploads/complete', transfers.completeUpload)
    .add('POST', '/uploads/abort', transfers.abortUpload);
}

export function createApiHandler(deps: ApiDeps): ApiHandler {
  const router = createRouter(deps);
  const log =
    deps.logError ??
    ((message: string, error: unknown) =>
      console.error(JSON.stringify({ level: 'ERROR', message, error: describe(error) })));
  return async (event) => {
    let res: ApiResponse;
    let method = 'GET';
    try {
      const req: ApiRequest = requestFromEvent(event);
      method = req.method;
      // A CORS preflight (the stack routes OPTIONS here without authorization when the web console is
      // on): API Gateway adds the configured CORS headers; it only needs a 2xx with nothing in it.
      if (method === 'OPTIONS') return toResult({ status: 204 });
      res = await router.dispatch(req);
    } catch (err) {
      res = errorResponse(err, log);
    }
    if (method === 'HEAD') return toResult({ status: res.status });
    return toResult(res);
  };
}

function describe(error: unknown): unknown {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return String(error);
}
