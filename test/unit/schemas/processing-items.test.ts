import { validateProcessingItems } from '../../../lambdas/core/schemas/processing-items';
import { catchValidation } from './catch-validation';

const wm = (n: number) => Array.from({ length: n }, (_, i) => ({ templateId: 1_000_000 + i }));

function rejects(items: unknown) {
  return catchValidation(() => validateProcessingItems(items, 'items'));
}

describe('validateProcessingItems', () => {
  it('accepts every kind and converts time offsets to the model form', () => {
    const items = validateProcessingItems(
      {
        transcode: [{ templateId: 100010, watermarks: wm(10), startTime: 1.5, endTime: 10 }],
        adaptiveStreaming: [{ templateIds: [100210, 100220], watermarks: wm(1) }],
        animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 60 }],
        snapshotByTimeOffset: [
          { templateId: 10, offsets: ['3.5s', '10%', 2, '0', { value: 100, unit: '%' }] },
        ],
        sampleSnapshot: [{ templateId: 10 }],
        imageSprite: [{ templateId: 10 }],
      },
      'items',
    );
    expect(items.snapshotByTimeOffset?.[0]?.offsets).toEqual([
      { value: 3.5, unit: 's' },
      { value: 10, unit: '%' },
      { value: 2, unit: 's' },
      { value: 0, unit: 's' },
      { value: 100, unit: '%' },
    ]);
    expect(items.transcode?.[0]?.watermarks).toHaveLength(10);
    expect(Object.keys(items)).toHaveLength(6);
  });

  it('drops empty lists but needs at least one item overall', () => {
    expect(validateProcessingItems({ transcode: [], imageSprite: [{ templateId: 1 }] }, 'items')).toEqual({
      imageSprite: [{ templateId: 1 }],
    });
    for (const empty of [{}, { transcode: [], sampleSnapshot: [] }]) {
      const err = rejects(empty);
      expect(err.field).toBe('items');
      expect(err.message).toMatch(/at least one item/);
    }
  });

  it('accepts up to 20 items in all and rejects more, saying why', () => {
    const items = (n: number) => ({
      transcode: Array.from({ length: n - 1 }, () => ({ templateId: 100010 })),
      imageSprite: [{ templateId: 30 }],
    });
    expect(validateProcessingItems(items(20), 'items').transcode).toHaveLength(19);
    const err = rejects(items(21));
    expect(err.field).toBe('items');
    expect(err.message).toBe(
      'items must contain at most 20 items in all (each becomes a subtask of one task record); got 21',
    );
  });

  it('names fields under the given prefix', () => {
    const err = catchValidation(() => validateProcessingItems({ transcode: [{}] }, 'request.items'));
    expect(err.field).toBe('request.items.transcode[0].templateId');
  });

  it.each([
    [{ transcode: [{ templateId: 0 }] }, 'items.transcode[0].templateId', /must be > 0; got 0/],
    [{ transcode: [{ templateId: 1.5 }] }, 'items.transcode[0].templateId', /must be an integer; got 1.5/],
    [{ transcode: [{ templateId: '10' }] }, 'items.transcode[0].templateId', /must be a number; got "10"/],
    [
      { transcode: [{ templateId: 1, watermarks: wm(11) }] },
      'items.transcode[0].watermarks',
      /at most 10 entries/,
    ],
    [
      { transcode: [{ templateId: 1, watermarks: [{ templateId: 2, id: 1 }] }] },
      'items.transcode[0].watermarks[0].id',
      /not a known field/,
    ],
    [
      { transcode: [{ templateId: 1, startTime: -1 }] },
      'items.transcode[0].startTime',
      /must be ≥ 0; got -1/,
    ],
    [{ snapshot: [{ templateId: 1 }] }, 'items.snapshot', /allowed fields: transcode, adaptiveStreaming/],
    [
      { adaptiveStreaming: [{ templateIds: [] }] },
      'items.adaptiveStreaming[0].templateIds',
      /at least 1 entry/,
    ],
    [
      { adaptiveStreaming: [{ templateIds: Array.from({ length: 11 }, (_, i) => i + 1) }] },
      'items.adaptiveStreaming[0].templateIds',
      /at most 10 entries/,
    ],
    [
      { adaptiveStreaming: [{ templateIds: [1, 2, 1] }] },
      'items.adaptiveStreaming[0].templateIds',
      /distinct template ids \(1 repeats\)/,
    ],
    [
      { sampleSnapshot: [{ templateId: 1, watermarks: wm(11) }] },
      'items.sampleSnapshot[0].watermarks',
      /at most 10/,
    ],
    [
      { imageSprite: [{ templateId: 1, watermarks: [] }] },
      'items.imageSprite[0].watermarks',
      /not a known field/,
    ],
    [
      { snapshotByTimeOffset: [{ templateId: 1, offsets: [] }] },
      'items.snapshotByTimeOffset[0].offsets',
      /at least 1 entry/,
    ],
    [{ snapshotByTimeOffset: [{ templateId: 1 }] }, 'items.snapshotByTimeOffset[0].offsets', /required/],
    [
      { snapshotByTimeOffset: [{ templateId: 1, offsets: Array.from({ length: 101 }, (_, i) => i) }] },
      'items.snapshotByTimeOffset[0].offsets',
      /at most 100 entries/,
    ],
  ])('rejects %j', (items, field, message) => {
    const err = rejects(items);
    expect(err.field).toBe(field);
    expect(err.code).toBe('InvalidParameter');
    expect(err.message).toMatch(message);
  });

  it('accepts exactly 100 offsets and 10 adaptive templates', () => {
    const offsets = Array.from({ length: 100 }, (_, i) => `${i}%`);
    const templateIds = Array.from({ length: 10 }, (_, i) => i + 1);
    const items = validateProcessingItems(
      { snapshotByTimeOffset: [{ templateId: 1, offsets }], adaptiveStreaming: [{ templateIds }] },
      'items',
    );
    expect(items.snapshotByTimeOffset?.[0]?.offsets).toHaveLength(100);
  });

  it.each([
    ['-1s'],
    ['101%'],
    [-0.5],
    ['10 min'],
    ['abc'],
    [null],
    [{ value: 5, unit: 'ms' }],
    [{ value: 150, unit: '%' }],
  ])('rejects the time offset %j with InvalidInput.InvalidTimeOffset', (offset) => {
    const err = rejects({ snapshotByTimeOffset: [{ templateId: 1, offsets: ['1s', offset] }] });
    expect(err.field).toBe('items.snapshotByTimeOffset[0].offsets[1]');
    expect(err.code).toBe('InvalidInput.InvalidTimeOffset');
    expect(err.message).toMatch(/seconds ≥ 0 .* or a percentage 0–100/);
    expect(err.message).toContain(`got ${JSON.stringify(offset)}`);
  });

  describe('animatedGraphics clip', () => {
    it.each([
      [{ startTime: 5, endTime: 5 }, /greater than startTime \(5\)/],
      [{ startTime: 5, endTime: 4 }, /greater than startTime/],
      [{ startTime: 0, endTime: 60.5 }, /at most 60 s after startTime/],
      [{ startTime: 10, endTime: 71 }, /at most 60 s after startTime \(10\); got 71/],
    ])('rejects %j', (clip, message) => {
      const err = rejects({ animatedGraphics: [{ templateId: 1, ...clip }] });
      expect(err.field).toBe('items.animatedGraphics[0].endTime');
      expect(err.code).toBe('InvalidInput.InvalidTimeOffset');
      expect(err.message).toMatch(message);
    });

    it('requires both times and a non-negative start', () => {
      expect(rejects({ animatedGraphics: [{ templateId: 1, startTime: 0 }] }).field).toBe(
        'items.animatedGraphics[0].endTime',
      );
      expect(rejects({ animatedGraphics: [{ templateId: 1, startTime: -1, endTime: 2 }] }).field).toBe(
        'items.animatedGraphics[0].startTime',
      );
    });
  });

  it('rejects a transcode clip whose end is not after its start', () => {
    const err = rejects({ transcode: [{ templateId: 1, startTime: 10, endTime: 3 }] });
    expect(err.field).toBe('items.transcode[0].endTime');
    expect(err.code).toBe('InvalidInput.InvalidTimeOffset');
  });
});
