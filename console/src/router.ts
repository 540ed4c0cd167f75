/** Hash routes: "#/tasks/ID?x=y" → { path: ['tasks', 'ID'], query }. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [p = '', q = ''] = raw.split('?');
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

export function navigate(path: string): void {
  location.hash = `#${path}`;
}
