import type { Schema } from '../../../lambdas/core/model';
import { SchemaIndex } from '../../../lambdas/core/schemas/schema-index';
import { isServiceOutputKey } from '../../../lambdas/core/naming/output-paths';

const ENABLED_AT = '2026-11-24T10:00:00Z';
const AFTER = '2026-11-24T10:00:01Z';

function schema(id: string, fields: Partial<Schema> & { trigger: Schema['trigger'] }): Schema {
  return {
    id,
    name: id,
    output: { bucket: 'out', directory: 'output/' },
    items: { transcode: [{ templateId: 100010 }] },
    status: 'enabled',
    enabledAt: ENABLED_AT,
    createdAt: ENABLED_AT,
    updatedAt: ENABLED_AT,
    ...fields,
  };
}

const ids = (schemas: Schema[]) => schemas.map((s) => s.id);

describe('SchemaIndex.match', () => {
  const whole = schema('whole', { trigger: { bucket: 'in', directory: '' } });
  const input = schema('input', { trigger: { bucket: 'in', directory: 'input/' } });
  const deep = schema('deep', { trigger: { bucket: 'in', directory: 'input/hd/' } });
  const images = schema('images', { trigger: { bucket: 'in', directory: 'input/', extensions: ['png'] } });
  const disabled = schema('disabled', { trigger: { bucket: 'in', directory: '' }, status: 'disabled' });
  const later = schema('later', {
    trigger: { bucket: 'in', directory: '' },
    enabledAt: '2026-11-24T12:00:00Z',
  });
  const other = schema('other', { trigger: { bucket: 'other', directory: '' } });
  const index = new SchemaIndex([whole, input, deep, images, disabled, later, other]);

  it('matches every enabled schema whose directory is a prefix of the key, shallow first', () => {
    expect(ids(index.match('in', 'input/hd/a.mp4', AFTER))).toEqual(['whole', 'input', 'deep']);
    expect(ids(index.match('in', 'input/a.mp4', AFTER))).toEqual(['whole', 'input']);
    expect(ids(index.match('in', 'a.mp4', AFTER))).toEqual(['whole']);
    expect(ids(index.match('other', 'input/a.mp4', AFTER))).toEqual(['other']);
    expect(index.match('unknown-bucket', 'a.mp4', AFTER)).toEqual([]);
  });

  it('needs a whole-segment prefix: "input/" does not match "inputs/a.mp4"', () => {
    expect(ids(index.match('in', 'inputs/a.mp4', AFTER))).toEqual(['whole']);
  });

  it('applies the extension filter case-insensitively, with the default list when none is set', () => {
    expect(ids(index.match('in', 'input/logo.PNG', AFTER))).toEqual(['images']);
    expect(ids(index.match('in', 'input/clip.MOV', AFTER))).toEqual(['whole', 'input']);
    expect(index.match('in', 'input/notes.txt', AFTER)).toEqual([]);
    expect(index.match('in', 'input/no-extension', AFTER)).toEqual([]);
    expect(index.match('in', 'input/', AFTER)).toEqual([]);
  });

  it('matches only uploads at or after enabledAt, comparing instants not strings', () => {
    expect(index.match('in', 'a.mp4', '2026-11-24T09:59:59.999Z')).toEqual([]);
    expect(ids(index.match('in', 'a.mp4', '2026-11-24T10:00:00.000Z'))).toEqual(['whole']);
    expect(ids(index.match('in', 'a.mp4', '2026-11-24T13:00:00+01:00'))).toEqual(['whole', 'later']);
  });

  it('matches an upload in the same second as enabling (S3 event times have whole seconds)', () => {
    const enabled = schema('s', {
      enabledAt: '2026-11-24T10:00:00.750Z',
      trigger: { bucket: 'in', directory: '' },
    });
    const idx = new SchemaIndex([enabled]);
    expect(ids(idx.match('in', 'a.mp4', '2026-11-24T10:00:00Z'))).toEqual(['s']);
    expect(idx.match('in', 'a.mp4', '2026-11-24T09:59:59Z')).toEqual([]);
  });

  it('handles keys with spaces, plus signs, percent signs and unicode (decoded keys)', () => {
    const uni = new SchemaIndex([schema('uni', { trigger: { bucket: 'in', directory: '视频 in/' } })]);
    expect(ids(uni.match('in', '视频 in/my clip+1 100%.mp4', AFTER))).toEqual(['uni']);
  });

  it('never matches a key the service wrote itself', () => {
    const outKey = 'output/a_transcode_100010.mp4';
    expect(isServiceOutputKey(outKey)).toBe(true);
    expect(index.match('in', outKey, AFTER)).toEqual([]);
  });

  it('rejects an unparseable event time', () => {
    expect(() => index.match('in', 'a.mp4', 'not a time')).toThrow(/eventTime must be an ISO-8601 time/);
  });

  it('indexes only enabled schemas', () => {
    expect(index.size).toBe(6);
  });
});

describe('SchemaIndex with 10,000 schemas', () => {
  // 100 buckets × 100 directories, each directory nested one level under "team-<d % 10>/".
  const schemas: Schema[] = [];
  for (let b = 0; b < 100; b++) {
    for (let d = 0; d < 100; d++) {
      const directory = d % 10 === 0 ? `team-${d / 10}/` : `team-${Math.floor(d / 10)}/dir-${d}/`;
      schemas.push(
        schema(`s-${b}-${d}`, {
          trigger: { bucket: `bucket-${b}`, directory, ...(d % 7 === 0 ? { extensions: ['mxf'] } : {}) },
          status: d % 13 === 0 ? 'disabled' : 'enabled',
        }),
      );
    }
  }
  const index = new SchemaIndex(schemas);

  /** The obviously-correct answer: a scan over all schemas. */
  function scan(bucket: string, key: string): string[] {
    const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
    return schemas
      .filter(
        (s) =>
          s.status === 'enabled' &&
          s.trigger.bucket === bucket &&
          key.startsWith(s.trigger.directory) &&
          (s.trigger.extensions ? s.trigger.extensions.includes(ext) : ['mp4', 'mxf'].includes(ext)),
      )
      .map((s) => s.id)
      .sort();
  }

  it('agrees with a full scan for keys across buckets, directories and extensions', () => {
    let matched = 0;
    for (let b = 0; b < 100; b += 7) {
      for (let d = 0; d < 100; d += 3) {
        for (const ext of ['mp4', 'MXF']) {
          const key = `team-${Math.floor(d / 10)}/dir-${d}/clip.${ext}`;
          const expected = scan(`bucket-${b}`, key);
          expect(ids(index.match(`bucket-${b}`, key, AFTER)).sort()).toEqual(expected);
          matched += expected.length;
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});
