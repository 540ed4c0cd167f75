import { parseUploadEvents, decodeS3EventKey } from '../../lambdas/adapters/s3-event';
import { encodeS3EventKey } from '../../local/s3-key-encoding';

/** An EventBridge "Object Created" event as S3 sends it (key URL-encoded). */
function objectCreated(key: string, extra: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2026-03-01T10:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:s3:::in'],
    detail: {
      version: '0',
      bucket: { name: 'in' },
      object: {
        key,
        size: 5242880,
        etag: 'b1946ac92492d2347c6235b4d2611184',
        sequencer: '00617F08299329D189',
        ...extra,
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  };
}

describe('parseUploadEvents', () => {
  it.each([
    ['videos/my+holiday+video.mp4', 'videos/my holiday video.mp4'],
    ['videos/c%2B%2B+talk.mp4', 'videos/c++ talk.mp4'],
    ['videos/%EC%98%81%EC%83%81+%C3%BC.mp4', 'videos/영상 ü.mp4'],
    ['videos/100%25+done.mp4', 'videos/100% done.mp4'],
  ])('decodes the EventBridge key %s, keeping the key as sent', (encoded, decoded) => {
    const [upload] = parseUploadEvents(objectCreated(encoded), { keysEncoded: true });
    expect(upload).toEqual({
      bucket: 'in',
      key: decoded,
      keyAsSent: encoded,
      size: 5242880,
      etag: 'b1946ac92492d2347c6235b4d2611184',
      sequencer: '00617F08299329D189',
      eventTime: '2026-03-01T10:00:00.000Z',
    });
  });

  it('round-trips keys encoded like the local runtime (and S3) encode them', () => {
    for (const key of ['a b/c+d ü%.mp4', "x/(1) copy!'~*.mov", 'plain.mp4']) {
      expect(decodeS3EventKey(encodeS3EventKey(key))).toBe(key);
    }
  });

  it('keeps keys as they are when they are not encoded', () => {
    expect(parseUploadEvents(objectCreated('a+b%25.mp4'), { keysEncoded: false })[0]?.key).toBe('a+b%25.mp4');
  });

  it('reads version ids and strips ETag quotes', () => {
    const [u] = parseUploadEvents(objectCreated('a.mp4', { 'version-id': 'v1', etag: '"abc"' }), {
      keysEncoded: true,
    });
    expect(u).toMatchObject({ versionId: 'v1', etag: 'abc' });
  });

  it('accepts S3 notification records, skipping non-create records and test events', () => {
    const records = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          eventTime: '2026-03-01T10:00:00.123Z',
          s3: { bucket: { name: 'in' }, object: { key: 'a+b.mp4', size: 3, eTag: 'e', sequencer: '01' } },
        },
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectRemoved:Delete',
          eventTime: '2026-03-01T10:00:00Z',
          s3: {},
        },
      ],
    };
    expect(parseUploadEvents(records, { keysEncoded: true })).toEqual([
      {
        bucket: 'in',
        key: 'a b.mp4',
        keyAsSent: 'a+b.mp4',
        size: 3,
        etag: 'e',
        sequencer: '01',
        eventTime: '2026-03-01T10:00:00.123Z',
      },
    ]);
    expect(parseUploadEvents({ Event: 's3:TestEvent' }, { keysEncoded: true })).toEqual([]);
  });

  it('takes a key that cannot be URL-encoded (a bare %) as written; a plain key has no second form', () => {
    expect(parseUploadEvents(objectCreated('100%.mp4'), { keysEncoded: true })[0]).toMatchObject({
      key: '100%.mp4',
    });
    expect(parseUploadEvents(objectCreated('100%.mp4'), { keysEncoded: true })[0]).not.toHaveProperty(
      'keyAsSent',
    );
    expect(parseUploadEvents(objectCreated('plain/a.mp4'), { keysEncoded: true })[0]).not.toHaveProperty(
      'keyAsSent',
    );
  });

  it('rejects other events with specific messages', () => {
    expect(() =>
      parseUploadEvents(
        { ...objectCreated('a.mp4'), 'detail-type': 'Object Deleted' },
        { keysEncoded: true },
      ),
    ).toThrow(/Object Created/);
    expect(() => decodeS3EventKey('bad%zz.mp4')).toThrow(/bad % escape/);
    expect(() => parseUploadEvents('nope', { keysEncoded: true })).toThrow(/JSON object/);
    expect(() => parseUploadEvents({ hello: 1 }, { keysEncoded: true })).toThrow(/neither/);
  });
});
