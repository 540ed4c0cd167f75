import type { SubtaskItem } from '../../../lambdas/core/model';
import { requiredSourceInfo } from '../../../lambdas/core/mediaconvert';
import { subtask, templateMap } from './fixtures';

const templates = templateMap();
const need = (item: SubtaskItem) => requiredSourceInfo(subtask(item), templates);

describe('requiredSourceInfo', () => {
  it('asks for nothing when the job needs no source facts', () => {
    expect(need({ type: 'Transcode', item: { templateId: 100030 } })).toEqual([]);
    expect(
      need({ type: 'Transcode', item: { templateId: 1_000_005, watermarks: [{ templateId: 1_000_011 }] } }),
    ).toEqual([]);
    expect(
      need({ type: 'Transcode', item: { templateId: 100030, watermarks: [{ templateId: 1_000_010 }] } }),
    ).toEqual([]);
    expect(
      need({ type: 'Transcode', item: { templateId: 1_000_004, watermarks: [{ templateId: 1_000_011 }] } }),
    ).toEqual([]);
    expect(need({ type: 'AnimatedGraphics', item: { templateId: 20000, startTime: 0, endTime: 3 } })).toEqual(
      [],
    );
    expect(
      need({ type: 'SnapshotByTimeOffset', item: { templateId: 10, offsets: [{ value: 3, unit: 's' }] } }),
    ).toEqual([]);
    expect(need({ type: 'SnapshotByTimeOffset', item: { templateId: 10, offsets: [] } })).toEqual([]);
    expect(need({ type: 'SampleSnapshot', item: { templateId: 1_000_021 } })).toEqual([]);
    expect(need({ type: 'ImageSprite', item: { templateId: 1_000_022 } })).toEqual([]);
  });

  it('asks for the duration of percent offsets and percent sampling', () => {
    expect(
      need({ type: 'SnapshotByTimeOffset', item: { templateId: 10, offsets: [{ value: 50, unit: '%' }] } }),
    ).toEqual(['durationSeconds', 'frameRate']);
    expect(need({ type: 'SampleSnapshot', item: { templateId: 20 } })).toEqual(['durationSeconds']);
    expect(need({ type: 'ImageSprite', item: { templateId: 30 } })).toEqual(['durationSeconds']);
  });

  it('asks for the frame rate of several or fractional offsets', () => {
    expect(
      need({
        type: 'SnapshotByTimeOffset',
        item: {
          templateId: 10,
          offsets: [
            { value: 1, unit: 's' },
            { value: 2, unit: 's' },
          ],
        },
      }),
    ).toEqual(['frameRate']);
    expect(
      need({ type: 'SnapshotByTimeOffset', item: { templateId: 10, offsets: [{ value: 1.5, unit: 's' }] } }),
    ).toEqual(['frameRate']);
  });

  it('asks for the size when a watermark is placed in a source-sized output', () => {
    const wm = [{ templateId: 1_000_011 }];
    expect(need({ type: 'Transcode', item: { templateId: 100030, watermarks: wm } })).toEqual([
      'width',
      'height',
    ]);
    expect(
      need({ type: 'AdaptiveStreaming', item: { templateIds: [100210, 100240], watermarks: wm } }),
    ).toEqual(['width', 'height']);
    expect(need({ type: 'SampleSnapshot', item: { templateId: 20, watermarks: wm } })).toEqual([
      'durationSeconds',
      'width',
      'height',
    ]);
    expect(
      need({ type: 'SnapshotByTimeOffset', item: { templateId: 1_000_020, offsets: [], watermarks: wm } }),
    ).toEqual([]);
  });
});
