/**
 * A tiny path router: patterns like "/templates/{id}" with named segments, one handler per method.
 * Unknown paths are 404 (ResourceNotFound.Route), known paths with another method 405.
 */
import { type ApiRequest, type ApiResponse, MethodNotAllowedError, RouteNotFoundError } from './http';

export type RouteHandler = (req: ApiRequest, params: Record<string, string>) => Promise<ApiResponse>;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  private static match(route: Route, segments: string[]): Record<string, string> | undefined {
    if (route.segments.length !== segments.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const pattern = route.segments[i]!;
      const actual = segments[i]!;
      if (pattern.startsWith('{') && pattern.endsWith('}')) {
        let value: string;
        try {
          value = decodeURIComponent(actual);
        } catch {
          return undefined;
        }
        params[pattern.slice(1, -1)] = value;
      } else if (pattern !== actual) {
        return undefined;
      }
    }
    return params;
  }

  /** Every route as "METHOD /pattern", in the order they were added. */
  describe(): string[] {
    return this.routes.map((r) => `${r.method} /${r.segments.join('/')}`);
  }

  /** Routes the request. Literal segments win over parameters when both match. */
  async dispatch(req: ApiRequest): Promise<ApiResponse> {
    const segments = split(req.path);
    const matches = this.routes
      .map((route) => ({ route, params: Router.match(route, segments) }))
      .filter((m): m is { route: Route; params: Record<string, string> } => m.params !== undefined)
      // more literal segments first: "/schemas/{id}/enable" before nothing else; "/templates/{type}" POST only
      .sort((a, b) => literalCount(b.route) - literalCount(a.route));
    if (matches.length === 0) throw new RouteNotFoundError(req.method, req.path, this.describe());
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const hit = matches.find((m) => m.route.method === method);
    if (!hit) {
      const allowed = [...new Set(matches.map((m) => m.route.method))];
      throw new MethodNotAllowedError(req.method, req.path, allowed);
    }
    return hit.route.handler(req, hit.params);
  }
}

function literalCount(route: Route): number {
  return route.segments.filter((s) => !s.startsWith('{')).length;
}
