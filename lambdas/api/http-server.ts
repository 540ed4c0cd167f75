/**
 * Serves an API Gateway HTTP API (payload v2) handler over plain HTTP with node:http, for the local
 * runtime and tests: each request becomes an APIGatewayProxyEventV2, the result becomes the response.
 * No authentication: bind it to localhost only.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MAX_BODY_BYTES } from './http';

export type EventHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiHttpServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Converts a node request (with its body already read) into a payload v2 event. */
export function toEvent(req: http.IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const method = (req.method ?? 'GET').toUpperCase();
  const now = new Date();
  const rawQueryString = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname, // percent-encoded, as API Gateway passes it
    rawQueryString,
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}

function send(res: http.ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  const body = result.body
    ? result.isBase64Encoded
      ? Buffer.from(result.body, 'base64')
      : Buffer.from(result.body, 'utf8')
    : undefined;
  if (body) headers['content-length'] = String(body.length);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(body);
}

/** Request handler for node:http serving `handler`. */
export function nodeListener(handler: EventHandler, log: (message: string, error: unknown) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', (err) => log('request stream error', err));
    req.on('end', () => {
      if (tooLarge) {
        sendError(
          res,
          400,
          'InvalidParameter.RequestTooLarge',
          `request body is more than ${MAX_BODY_BYTES} bytes; at most 256 KiB are accepted`,
        );
        return;
      }
      handler(toEvent(req, Buffer.concat(chunks)))
        .then((result) => send(res, result))
        .catch((err: unknown) => {
          log('api handler failed', err);
          sendError(res, 500, 'InternalError', 'internal error; see the service logs');
        });
    });
  };
}

/** Starts serving on 127.0.0.1:`port` (0 = any free port). */
export async function startApiHttpServer(
  handler: EventHandler,
  opts: { port?: number; host?: string; log?: (message: string, error: unknown) => void } = {},
): Promise<ApiHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((message, error) => console.error(message, error));
  const server = http.createServer(nodeListener(handler, log));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
