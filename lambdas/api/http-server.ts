/**
 * Serves an API Gateway HTTP API (payload v2) handler over plain HTTP with node:http, for the local
 * runtime and tests: each request becomes an APIGatewayProxyEventV2, the result becomes the response.
 * Optionally serves a static site (the web console) under a path prefix beside the API, and redirects
 * `/` to it. No authentication: bind it to localhost only.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
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

/** A folder of static files served under `prefix` (e.g. "/console/"); `/` redirects there. */
export interface StaticSite {
  prefix: string;
  dir: string;
  /** Extra response headers of every file (e.g. a Content-Security-Policy). */
  headers?: Record<string, string>;
  /** Files served from memory, by path below the prefix (e.g. a generated config.json); they win over `dir`. */
  files?: Record<string, string>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves GET/HEAD of `site` files: `prefix` itself is index.html, unknown extensions are
 * application/octet-stream, paths outside the folder and missing files are 404. Returns false when the
 * request is not the site's (the API handles it).
 */
export async function serveStatic(
  site: StaticSite,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const base = site.prefix.replace(/\/+$/, '');
  if (url.pathname === '/' || url.pathname === base) {
    if (method !== 'GET' && method !== 'HEAD') return false;
    res.writeHead(302, { location: `${base}/` });
    res.end();
    return true;
  }
  if (!url.pathname.startsWith(`${base}/`)) return false;
  const notFound = () => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return true;
  };
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('method not allowed');
    return true;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname.slice(base.length + 1)) || 'index.html';
  } catch {
    return notFound();
  }
  const root = path.resolve(site.dir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return notFound();
  let body: Buffer;
  const inMemory = site.files?.[relative];
  if (inMemory !== undefined) body = Buffer.from(inMemory, 'utf8');
  else {
    try {
      body = await fs.readFile(file);
    } catch {
      return notFound();
    }
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': String(body.length),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...site.headers,
  });
  res.end(method === 'HEAD' ? undefined : body);
  return true;
}

/** Request handler for node:http serving `handler` (and `site`, when given). */
export function nodeListener(
  handler: EventHandler,
  log: (message: string, error: unknown) => void,
  site?: StaticSite,
) {
  const api = apiListener(handler, log);
  if (!site) return api;
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    serveStatic(site, req, res)
      .then((served) => {
        if (!served) api(req, res);
      })
      .catch((err: unknown) => {
        log('static file failed', err);
        sendError(res, 500, 'InternalError', 'internal error; see the service logs');
      });
  };
}

function apiListener(handler: EventHandler, log: (message: string, error: unknown) => void) {
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
  opts: {
    port?: number;
    host?: string;
    log?: (message: string, error: unknown) => void;
    /** A static site served beside the API (the web console). */
    site?: StaticSite;
  } = {},
): Promise<ApiHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((message, error) => console.error(message, error));
  const server = http.createServer(nodeListener(handler, log, opts.site));
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
