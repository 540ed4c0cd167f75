/**
 * matching: SchemaIndex.match over 10,000 schemas vs a naive linear scan of the same schemas, for
 * keys that match some schema and keys that match none. Events/second and the index/scan ratio.
 */
import type { Schema } from '../../lambdas/core/model';
import { type BenchContext, type Row, rowsFor, SkipError, type Suite } from '../lib/types';

type Core = typeof import('../../lambdas/core/schemas') &
  typeof import('../../lambdas/core/naming/output-paths');

const SCHEMA_COUNT = 10_000;
const EVENT_TIME = '2026-03-01T10:00:00.000Z';

/** Deterministic PRNG (mulberry32) so every run matches the same schema set and keys. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTENSION_CHOICES: (string[] | undefined)[] = [
  undefined, // the default video/audio list
  ['mp4'],
  ['mov', 'mp4'],
  ['mkv', 'webm'],
  ['mxf'],
  ['wav', 'flac', 'mp3'],
];

/**
 * 10,000 schemas over 50 buckets, directories of depth 0–3 (`''`, `team-3/`, `team-3/raw/`,
 * `team-3/raw/2026-02/`), varied extension filters; ~10 % disabled, ~5 % enabled after the event.
 */
export function generateSchemas(count: number, seed = 1): Schema[] {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const schemas: Schema[] = [];
  for (let i = 0; i < count; i++) {
    const depth = Math.floor(rnd() * 4);
    const parts = [
      `team-${Math.floor(rnd() * 40)}`,
      pick(['raw', 'upload', 'in', 'camera']),
      `2026-0${1 + Math.floor(rnd() * 9)}`,
    ];
    const directory = depth === 0 ? '' : parts.slice(0, depth).join('/') + '/';
    const disabled = rnd() < 0.1;
    const late = rnd() < 0.05;
    const extensions = pick(EXTENSION_CHOICES);
    schemas.push({
      id: `sch-${String(i).padStart(6, '0')}`,
      name: `schema_${i}`,
      trigger: {
        bucket: `bucket-${Math.floor(rnd() * 50)}`,
        directory,
        ...(extensions ? { extensions } : {}),
      },
      output: { bucket: 'out', directory: `out-${i}/` },
      items: { transcode: [{ templateId: 100030 }] },
      status: disabled ? 'disabled' : 'enabled',
      ...(disabled ? {} : { enabledAt: late ? '2026-06-01T00:00:00.000Z' : '2026-01-01T00:00:00.000Z' }),
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  return schemas;
}

interface Upload {
  bucket: string;
  key: string;
}

/** Keys under enabled schemas' directories with an accepted extension (each matches ≥ 1 schema). */
function matchingUploads(schemas: Schema[], n: number, seed: number): Upload[] {
  const rnd = prng(seed);
  const live = schemas.filter((s) => s.status === 'enabled' && s.enabledAt! <= EVENT_TIME);
  return Array.from({ length: n }, (_, i) => {
    const s = live[Math.floor(rnd() * live.length)]!;
    const ext = s.trigger.extensions?.[0] ?? 'mp4';
    const sub = rnd() < 0.5 ? '' : 'clips/day-2/';
    return { bucket: s.trigger.bucket, key: `${s.trigger.directory}${sub}video ${i}.${ext}` };
  });
}

/** Keys that match nothing: unknown bucket, unused directory/extension, service outputs, no extension. */
function nonMatchingUploads(n: number, seed: number): Upload[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const bucket = `bucket-${Math.floor(rnd() * 50)}`;
    switch (i % 4) {
      case 0:
        return { bucket: `unknown-${i % 7}`, key: `team-1/raw/video ${i}.mp4` };
      case 1:
        return { bucket, key: `team-${i % 40}/raw/notes-${i}.txt` };
      case 2:
        return { bucket, key: `team-${i % 40}/raw/video-${i}_transcode_100030.mp4` };
      default:
        return { bucket, key: `team-${i % 40}/upload/README` };
    }
  });
}

/** The obvious implementation: test every schema against every event. */
class LinearScan {
  private readonly entries: { schema: Schema; enabledAtMs: number; extensions: ReadonlySet<string> }[];

  constructor(
    private readonly core: Core,
    schemas: readonly Schema[],
  ) {
    const { acceptedExtensions } = core;
    this.entries = schemas
      .filter((s) => s.status === 'enabled' && s.enabledAt !== undefined)
      .map((schema) => ({
        schema,
        enabledAtMs: Date.parse(schema.enabledAt!),
        extensions: acceptedExtensions(schema.trigger.extensions),
      }));
  }

  match(bucket: string, key: string, eventTime: string): Schema[] {
    if (this.core.isServiceOutputKey(key)) return [];
    const eventMs = Date.parse(eventTime);
    const extension = this.core.keyExtension(key);
    const out: Schema[] = [];
    for (const e of this.entries) {
      if (
        e.schema.trigger.bucket === bucket &&
        key.startsWith(e.schema.trigger.directory) &&
        e.enabledAtMs <= eventMs &&
        e.extensions.has(extension)
      ) {
        out.push(e.schema);
      }
    }
    return out;
  }
}

interface Matcher {
  match(bucket: string, key: string, eventTime: string): Schema[];
}

/** Events per second over `uploads` (cycled) for about `budgetMs` after a warm-up. */
function eventsPerSecond(matcher: Matcher, uploads: Upload[], budgetMs: number): number {
  let sink = 0;
  const pass = () => {
    for (const u of uploads) sink += matcher.match(u.bucket, u.key, EVENT_TIME).length;
  };
  const warmEnd = performance.now() + Math.min(200, budgetMs / 4);
  while (performance.now() < warmEnd) pass();
  let events = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    pass();
    events += uploads.length;
    now = performance.now();
  }
  if (sink < 0) console.error(sink); // keep `sink` alive
  return events / ((now - start) / 1000);
}

export const matching: Suite = {
  name: 'matching',
  description: 'SchemaIndex vs linear scan over 10,000 schemas: events/s for matching and non-matching keys',
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('matching');
    let core: Core;
    try {
      core = {
        ...(await import('../../lambdas/core/schemas')),
        ...(await import('../../lambdas/core/naming/output-paths')),
      };
    } catch (err) {
      throw new SkipError(`lambdas/core/schemas cannot be loaded: ${(err as Error).message.split('\n')[0]}`);
    }
    const { SchemaIndex } = core;
    const schemas = generateSchemas(SCHEMA_COUNT);
    const buildStart = performance.now();
    const index = new SchemaIndex(schemas);
    const buildMs = performance.now() - buildStart;
    const scan = new LinearScan(core, schemas);
    const hits = matchingUploads(schemas, 2000, 2);
    const misses = nonMatchingUploads(2000, 3);

    // Same answers, or the comparison is meaningless.
    for (const u of [...hits, ...misses]) {
      const a = index
        .match(u.bucket, u.key, EVENT_TIME)
        .map((s) => s.id)
        .sort()
        .join();
      const b = scan
        .match(u.bucket, u.key, EVENT_TIME)
        .map((s) => s.id)
        .sort()
        .join();
      if (a !== b) throw new Error(`index and scan disagree on s3://${u.bucket}/${u.key}: [${a}] vs [${b}]`);
    }
    const avgMatches =
      hits.reduce((n, u) => n + index.match(u.bucket, u.key, EVENT_TIME).length, 0) / hits.length;
    ctx.log(`index of ${index.size} enabled schemas built in ${buildMs.toFixed(1)} ms`);

    const budget = ctx.quick ? 250 : 1500;
    const rounds = ctx.quick ? 1 : 3;
    const best = (m: Matcher, u: Upload[]) =>
      Math.max(...Array.from({ length: rounds }, () => eventsPerSecond(m, u, budget)));
    // Alternate index and scan so both see the same machine load.
    const indexHit = best(index, hits);
    const scanHit = best(scan, hits);
    const indexMiss = best(index, misses);
    const scanMiss = best(scan, misses);

    const setNote = `${SCHEMA_COUNT} schemas (${index.size} enabled), 50 buckets, ${avgMatches.toFixed(2)} matches/key`;
    return [
      row('index build', buildMs, 'ms', setNote),
      row('index, matching keys', indexHit, 'events/s'),
      row('linear scan, matching keys', scanHit, 'events/s'),
      row('index/scan ratio, matching', indexHit / scanHit, 'x', 'higher = index faster'),
      row('index, non-matching keys', indexMiss, 'events/s', 'unknown bucket/dir/ext, service outputs'),
      row('linear scan, non-matching keys', scanMiss, 'events/s'),
      row('index/scan ratio, non-matching', indexMiss / scanMiss, 'x'),
    ];
  },
};
