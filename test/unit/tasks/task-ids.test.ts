import { ValidationError } from '../../../lambdas/core/errors';
import { idempotencyKeyForSession, idempotencyKeyForUpload, taskIdFor } from '../../../lambdas/core/tasks';

const upload = { bucket: 'b', key: 'in/a b+c%.mp4', schemaId: 'sch-1' };

describe('idempotencyKeyForUpload', () => {
  it('is stable for the same upload and schema', () => {
    const a = idempotencyKeyForUpload({ ...upload, etag: 'e1', sequencer: 's1' });
    expect(idempotencyKeyForUpload({ ...upload, etag: 'e1', sequencer: 's1' })).toBe(a);
  });

  it('differs per schema, bucket, key and object version', () => {
    const base = idempotencyKeyForUpload({ ...upload, sequencer: 's1' });
    const variants = [
      { ...upload, sequencer: 's1', schemaId: 'sch-2' },
      { ...upload, sequencer: 's1', bucket: 'b2' },
      { ...upload, sequencer: 's1', key: 'in/other.mp4' },
      { ...upload, sequencer: 's2' },
    ];
    const keys = variants.map((v) => idempotencyKeyForUpload(v));
    expect(new Set([base, ...keys]).size).toBe(5);
  });

  it('prefers versionId over sequencer over etag', () => {
    const byVersion = idempotencyKeyForUpload({ ...upload, versionId: 'v1', sequencer: 's1', etag: 'e1' });
    expect(idempotencyKeyForUpload({ ...upload, versionId: 'v1', sequencer: 'other', etag: 'other' })).toBe(
      byVersion,
    );
    const bySequencer = idempotencyKeyForUpload({ ...upload, sequencer: 's1', etag: 'e1' });
    expect(idempotencyKeyForUpload({ ...upload, sequencer: 's1', etag: 'other' })).toBe(bySequencer);
    expect(idempotencyKeyForUpload({ ...upload, sequencer: 's2', etag: 'e1' })).not.toBe(bySequencer);
  });

  it('treats the unversioned version id "null" as absent', () => {
    const a = idempotencyKeyForUpload({ ...upload, versionId: 'null', sequencer: 's1' });
    const b = idempotencyKeyForUpload({ ...upload, versionId: 'null', sequencer: 's2' });
    expect(a).not.toBe(b);
    expect(a).toBe(idempotencyKeyForUpload({ ...upload, sequencer: 's1' }));
  });

  it('ignores ETag quotes', () => {
    expect(idempotencyKeyForUpload({ ...upload, etag: '"abc"' })).toBe(
      idempotencyKeyForUpload({ ...upload, etag: 'abc' }),
    );
  });

  it('does not confuse keys that contain separators', () => {
    const a = idempotencyKeyForUpload({ bucket: 'b', key: 'x:y', schemaId: 's', etag: 'e' });
    const b = idempotencyKeyForUpload({ bucket: 'b', key: 'x', schemaId: 's', etag: 'y:e' });
    expect(a).not.toBe(b);
  });

  it('rejects an upload with no version, sequencer or etag', () => {
    expect(() => idempotencyKeyForUpload(upload)).toThrow(ValidationError);
    expect(() => idempotencyKeyForUpload({ ...upload, versionId: 'null', etag: '""' })).toThrow(
      /versionId, sequencer or etag/,
    );
  });
});

describe('idempotencyKeyForSession', () => {
  it('is stable per session id and differs between sessions', () => {
    expect(idempotencyKeyForSession('s-1')).toBe(idempotencyKeyForSession('s-1'));
    expect(idempotencyKeyForSession('s-1')).not.toBe(idempotencyKeyForSession('s-2'));
    expect(idempotencyKeyForSession('s-1')).not.toBe(idempotencyKeyForUpload({ ...upload, etag: 's-1' }));
  });
});

describe('taskIdFor', () => {
  it('formats the UTC second and 16 hex digits of the key hash', () => {
    expect(taskIdFor('k', '2026-11-24T10:53:11.789Z')).toMatch(/^t-20261124T105311Z-[0-9a-f]{16}$/);
  });

  it('is deterministic and depends on the key', () => {
    expect(taskIdFor('k', '2026-11-24T10:53:11Z')).toBe(taskIdFor('k', '2026-11-24T10:53:11.000Z'));
    expect(taskIdFor('k', '2026-11-24T10:53:11Z')).not.toBe(taskIdFor('k2', '2026-11-24T10:53:11Z'));
  });

  it('sorts by creation time', () => {
    const ids = ['2026-11-24T10:53:12Z', '2025-01-01T00:00:00Z', '2026-11-24T10:53:11Z'].map((t, i) =>
      taskIdFor(`k${i}`, t),
    );
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('normalises time zones to UTC', () => {
    expect(taskIdFor('k', '2026-11-24T11:53:11+01:00')).toBe(taskIdFor('k', '2026-11-24T10:53:11Z'));
  });

  it('rejects an invalid time, naming the field', () => {
    expect(() => taskIdFor('k', 'yesterday')).toThrow(/createdAt must be an ISO-8601 time; got "yesterday"/);
  });
});
