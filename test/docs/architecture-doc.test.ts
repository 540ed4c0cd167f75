/**
 * docs/architecture.md walks real files: every repository path it names exists, so the walk cannot
 * drift from the code unnoticed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');

/** Top-level folders, and lambdas/ folders the doc may name without the `lambdas/` prefix. */
const FROM_ROOT = ['lambdas', 'local', 'lib', 'test', 'bin', 'cli', 'bench', 'docs'];
const IN_LAMBDAS = ['adapters', 'services', 'entries', 'api', 'core', 'platform', 'handlers'];

function namedPaths(): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(
    `(?<![\\w/.-])((?:${[...FROM_ROOT, ...IN_LAMBDAS].join('|')})/[\\w./*-]*[\\w*])`,
    'g',
  );
  for (const [, p] of doc.matchAll(pattern)) {
    found.add(IN_LAMBDAS.includes(p!.split('/')[0]!) ? `lambdas/${p}` : p!);
  }
  return [...found].sort();
}

/** True when `p` exists; a `*` in the last segment names a family of files (dynamo-*-store.ts). */
function exists(p: string): boolean {
  if (!path.basename(p).includes('*')) return existsSync(path.join(ROOT, p));
  const re = new RegExp(`^${path.basename(p).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
  return readdirSync(path.join(ROOT, path.dirname(p))).some((f) => re.test(f));
}

describe('docs/architecture.md', () => {
  const named = namedPaths();

  it('names the files of its walks', () => {
    expect(named).toEqual(
      expect.arrayContaining([
        'lambdas/composition.ts',
        'lambdas/entries/ingest.ts',
        'lambdas/services/delivery-service.ts',
      ]),
    );
  });

  it.each(named)('%s exists', (p) => {
    expect(exists(p)).toBe(true);
  });
});
