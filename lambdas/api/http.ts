/**
 * The API's view of an HTTP exchange, independent of API Gateway: a parsed request and a JSON response,
 * plus the conversion from/to API Gateway HTTP API payload v2 and the error → status mapping.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConflictError, MpsError, NotFoundError, ValidationError } from '../core/errors';

/** Request bodies above this size are rejected with 400 before parsing. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface ApiRequest {
  method: string;
  /** Decoded path without the query string, e.g. "/templates/1000000". */
  path: string;
  /** Single-valued query parameters (a repeated parameter is joined with ',' by API Gateway). */
  query: Record<string, string>;
  /** Raw body text ('' when absent). */
  body: string;
}

export interface ApiResponse {
  status: number;
  /** JSON-serialisable body; undefined = no body (204). */
  body?: unknown;
}

/** 400 for a request the router cannot accept (malformed JSON, body too large, bad query parameter). */
export class BadRequestError extends ValidationError {}

/** Where the README documents the routes (the anchor of its "Control API and CLI" section). */
export const ROUTES_DOC = 'README.md#control-api-and-cli';

/** Unknown route: 404 ResourceNotFound.Route, listing the routes there are. */
export class RouteNotFoundError extends NotFoundError {
  constructor(method: string, path: string, routes: readonly string[]) {
    super(
      `no route for ${method} ${path}; the routes are ${routes.join(', ')} (see ${ROUTES_DOC})`,
      'ResourceNotFound.Route',
    );
  }
}

/**
 * The error-code scheme: "Category.Detail", and the category decides the HTTP status (README "Error
 * codes"). Subtasks use the task codes of the product model (InvalidInput…, SourceFileError…,
 * InternalError…, MediaConvert…), which are not HTTP answers.
 */
export const ERROR_CATEGORY_STATUS: Readonly<Record<string, number>> = {
  InvalidParameter: 400,
  ResourceNotFound: 404,
  UnsupportedOperation: 405,
  ResourceInUse: 409,
  FailedOperation: 409,
  InternalError: 500,
};

/** Known path, unsupported method: 405. */
export class MethodNotAllowedError extends MpsError {
  constructor(
    method: string,
    path: string,
    readonly allowed: string[],
  ) {
    super(
      'UnsupportedOperation.Method',
      `${method} is not supported on ${path}; allowed: ${allowed.join(', ')}`,
    );
  }
}

/** Converts an API Gateway HTTP API (payload v2) event. Throws BadRequestError for an oversized body. */
export function requestFromEvent(event: APIGatewayProxyEventV2): ApiRequest {
  const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
  const path = event.rawPath || event.requestContext?.http?.path || '/';
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) {
    if (v !== undefined) query[k] = v;
  }
  let body = '';
  if (event.body !== undefined && event.body !== null) {
    const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
    if (raw.length > MAX_BODY_BYTES) throw bodyTooLarge(raw.length);
    body = raw.toString('utf8');
  }
  return { method, path, query, body };
}

export function bodyTooLarge(size: number): BadRequestError {
  return new BadRequestError(
    `request body is ${size} bytes; at most ${MAX_BODY_BYTES} bytes (256 KiB) are accepted`,
    'body',
    'InvalidParameter.RequestTooLarge',
  );
}

/** Parses the JSON body; '' is `undefined`. Throws BadRequestError (code 'InvalidParameter.MalformedJson'). */
export function parseJsonBody(req: ApiRequest): unknown {
  if (req.body.trim() === '') return undefined;
  try {
    return JSON.parse(req.body) as unknown;
  } catch (e) {
    throw new BadRequestError(
      `request body is not valid JSON (${(e as Error).message})`,
      'body',
      'InvalidParameter.MalformedJson',
    );
  }
}

/** Like parseJsonBody but requires a JSON object. */
export function requireJsonObject(req: ApiRequest): Record<string, unknown> {
  const body = parseJsonBody(req);
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError(
      `request body must be a JSON object; got ${body === undefined ? 'no body' : Array.isArray(body) ? 'an array' : JSON.stringify(body)}`,
      'body',
    );
  }
  return body as Record<string, unknown>;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * Maps an error to a response: the status of its code's category ({@link ERROR_CATEGORY_STATUS}), else
 * of its class (ValidationError 400, NotFoundError 404, ConflictError 409); anything else is 500
 * InternalError with a generic message (the details go to `log`).
 */
export function errorResponse(err: unknown, log: (message: string, error: unknown) => void): ApiResponse {
  const body = (code: string, message: string, field?: string): ErrorBody => ({
    error: { code, message, ...(field ? { field } : {}) },
  });
  const known =
    err instanceof ValidationError
      ? 400
      : err instanceof NotFoundError
        ? 404
        : err instanceof ConflictError
          ? 409
          : err instanceof MethodNotAllowedError
            ? 405
            : undefined;
  if (known !== undefined) {
    const mpsError = err as MpsError;
    const status = ERROR_CATEGORY_STATUS[mpsError.code.split('.')[0]!] ?? known;
    const field = err instanceof ValidationError ? err.field : undefined;
    return { status, body: body(mpsError.code, mpsError.message, field) };
  }
  log('unexpected error in the control API', err);
  return { status: 500, body: body('InternalError', 'internal error; see the service logs') };
}

/** API Gateway result with JSON body and safe headers. */
export function toResult(
  res: ApiResponse,
  extraHeaders: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  };
  if (res.body === undefined) return { statusCode: res.status, headers };
  return {
    statusCode: res.status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(res.body),
  };
}
