import type { CreateJobCommandInput, InsertableImage } from '@aws-sdk/client-mediaconvert';
import type {
  Length,
  SourceInfo,
  SubtaskItem,
  Template,
  WatermarkTemplate,
} from '../../../lambdas/core/model';
import { buildCreateJob } from '../../../lambdas/core/mediaconvert';
import { catchValidation } from '../templates/catch-validation';
import { subtask, task, templateMap } from './fixtures';

const STAMP = {
  preset: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
} as const;

function watermark(id: number, w: Partial<WatermarkTemplate>): WatermarkTemplate {
  return {
    ...STAMP,
    id,
    type: 'watermark',
    name: `wm ${id}`,
    image: { bucket: 'brand-assets', key: 'logo.png' },
    anchor: 'TopLeft',
    xOffset: { value: 0, unit: 'px' },
    yOffset: { value: 0, unit: 'px' },
    width: { value: 100, unit: 'px' },
    opacity: 100,
    ...w,
  };
}

function images(item: SubtaskItem, source: SourceInfo, extra: Template[] = []): InsertableImage[] {
  const s = subtask(item);
  const job: CreateJobCommandInput = buildCreateJob({
    task: task([s]),
    subtask: s,
    templates: templateMap(extra),
    source,
    roleArn: 'r',
    workBucket: 'w',
    stackId: 'x',
  });
  const outputs = job.Settings!.OutputGroups![0]!.Outputs!;
  return outputs.flatMap(
    (o) => o.VideoDescription?.VideoPreprocessors?.ImageInserter?.InsertableImages ?? [],
  );
}

const px = (value: number): Length => ({ value, unit: 'px' });
const pc = (value: number): Length => ({ value, unit: '%' });

describe('watermark placement (ImageInserter)', () => {
  // Output 1280 × 720 (template 1000005), logo 100 × 50 via its aspect ratio.
  const frame = { width: 1280, height: 720 };
  const cases: Array<[WatermarkTemplate['anchor'], Length, Length, number, number]> = [
    ['TopLeft', px(16), px(8), 16, 8],
    ['TopRight', px(16), px(8), frame.width - 16 - 100, 8],
    ['BottomLeft', px(16), px(8), 16, frame.height - 8 - 50],
    ['BottomRight', px(16), px(8), frame.width - 16 - 100, frame.height - 8 - 50],
    ['TopLeft', pc(5), pc(10), 64, 72],
    ['TopRight', pc(5), pc(10), 1280 - 64 - 100, 72],
    ['BottomLeft', pc(5), pc(10), 64, 720 - 72 - 50],
    ['BottomRight', pc(5), px(0), 1280 - 64 - 100, 720 - 50],
  ];
  it.each(cases)(
    '%s with offsets %p / %p is at (%p, %p) from the top-left',
    (anchor, xOffset, yOffset, x, y) => {
      const wm = watermark(2_000_000, { anchor, xOffset, yOffset, imageWidth: 200, imageHeight: 100 });
      const [image] = images(
        { type: 'Transcode', item: { templateId: 1_000_005, watermarks: [{ templateId: wm.id }] } },
        {},
        [wm],
      );
      expect(image).toEqual({
        ImageInserterInput: 's3://brand-assets/logo.png',
        ImageX: x,
        ImageY: y,
        Width: 100,
        Height: 50,
        Layer: 0,
        Opacity: 100,
      });
    },
  );

  it('sizes in % of the output frame derived from the source aspect ratio', () => {
    // Preset 100030 is 720p high with width following the source: a 4:3 source gives 960 × 720.
    const [image] = images(
      { type: 'Transcode', item: { templateId: 100030, watermarks: [{ templateId: 1_000_011 }] } },
      { width: 1440, height: 1080 },
    );
    // BottomRight, 5 % / 5 %, width 10 % = 96, height from the 400 × 100 image = 24.
    expect(image).toMatchObject({
      Width: 96,
      Height: 24,
      ImageX: 960 - 48 - 96,
      ImageY: 720 - 36 - 24,
      Opacity: 60,
    });
    expect(image).toMatchObject({ StartTime: '00:00:02:00', Duration: 10_000 });
  });

  it('uses the source size when the output keeps it, and the image aspect ratio for a missing side', () => {
    const [, topRight, bottomLeft] = images(
      {
        type: 'SnapshotByTimeOffset',
        item: {
          templateId: 10,
          offsets: [{ value: 1, unit: 's' }],
          watermarks: [{ templateId: 1_000_010 }, { templateId: 1_000_012 }, { templateId: 1_000_013 }],
        },
      },
      { width: 1920, height: 1080 },
    );
    expect(topRight).toMatchObject({
      ImageInserterInput: 's3://brand-assets/mark.tga',
      Width: 64,
      Height: 108,
      ImageX: 1920 - 20 - 64,
      ImageY: 22,
      Layer: 1,
    });
    // 25 % of 1920 wide, the 400 × 100 image's aspect ratio.
    expect(bottomLeft).toMatchObject({
      Width: 480,
      Height: 120,
      ImageX: 0,
      ImageY: 1080 - 10 - 120,
      Opacity: 50,
      Layer: 2,
    });
    // Frame captures ignore the watermark's time window.
    expect(bottomLeft?.StartTime).toBeUndefined();
  });

  it('puts the watermarks on every HLS rendition, placed for each rendition size', () => {
    const list = images(
      {
        type: 'AdaptiveStreaming',
        item: { templateIds: [100210, 100240], watermarks: [{ templateId: 1_000_011 }] },
      },
      { width: 1920, height: 1080 },
    );
    expect(list.map((i) => [i.Width, i.ImageX])).toEqual([
      [64, 640 - 32 - 64],
      [192, 1920 - 96 - 192],
    ]);
  });

  it('places px/TopLeft watermarks without any source facts', () => {
    const [image] = images(
      { type: 'Transcode', item: { templateId: 100030, watermarks: [{ templateId: 1_000_010 }] } },
      {},
    );
    // Width 120 px of a 240 × 120 image: 60 px high.
    expect(image).toMatchObject({ ImageX: 16, ImageY: 8, Width: 120, Height: 60, Opacity: 80 });
  });

  it('times the watermark in the output timeline', () => {
    const [image] = images(
      { type: 'Transcode', item: { templateId: 1_000_005, watermarks: [{ templateId: 1_000_013 }] } },
      { frameRate: 25 },
    );
    expect(image).toMatchObject({ StartTime: '00:00:01:12' });
    expect(image?.Duration).toBeUndefined();
  });

  it('fails clearly when the output size depends on an unknown source size', () => {
    const err = catchValidation(() =>
      images(
        { type: 'Transcode', item: { templateId: 100030, watermarks: [{ templateId: 1_000_011 }] } },
        {},
      ),
    );
    expect(err.code).toBe('InvalidInput');
    expect(err.field).toBe('source.width');
    expect(err.message).toContain('watermark template 1000011');
  });

  it('clamps a watermark larger than the frame to the top-left edge', () => {
    const wm = watermark(2_000_001, {
      anchor: 'BottomRight',
      width: px(2000),
      height: px(1000),
      xOffset: px(10),
      yOffset: px(10),
    });
    const [image] = images(
      { type: 'Transcode', item: { templateId: 1_000_005, watermarks: [{ templateId: wm.id }] } },
      {},
      [wm],
    );
    expect(image).toMatchObject({ ImageX: 0, ImageY: 0, Width: 2000 });
  });

  describe('size left to the image (200 × 100 PNG)', () => {
    const sized = (w: Partial<WatermarkTemplate>) => {
      const wm = watermark(2_000_002, { imageWidth: 200, imageHeight: 100, ...w });
      const [image] = images(
        { type: 'Transcode', item: { templateId: 1_000_005, watermarks: [{ templateId: wm.id }] } },
        {},
        [wm],
      );
      return [image?.Width, image?.Height];
    };

    it('keeps the aspect ratio when only the width or only the height is given', () => {
      expect(sized({ width: px(100) })).toEqual([100, 50]);
      expect(sized({ width: px(75) })).toEqual([75, 38]);
      expect(sized({ width: undefined, height: px(40) })).toEqual([80, 40]);
      // % of the 1280 × 720 output frame.
      expect(sized({ width: pc(10) })).toEqual([128, 64]);
    });

    it('draws the image at its own size when neither is given, placed from the corner by that size', () => {
      expect(sized({ width: undefined })).toEqual([200, 100]);
      const [image] = images(
        { type: 'Transcode', item: { templateId: 1_000_005, watermarks: [{ templateId: 1_000_014 }] } },
        {},
      );
      expect(image).toMatchObject({
        Width: 200,
        Height: 100,
        ImageX: 1280 - 10 - 200,
        ImageY: 720 - 10 - 100,
      });
    });

    it('uses the given size when both are given, whatever the image', () => {
      expect(sized({ width: px(100), height: px(100) })).toEqual([100, 100]);
    });

    it('fails as outdated when a side is left to an image whose size is not recorded', () => {
      const err = catchValidation(() => sized({ imageWidth: undefined, imageHeight: undefined }));
      expect(err.code).toBe('InvalidInput.TemplateOutdated');
      expect(err.field).toBe('imageWidth');
      expect(err.message).toMatch(
        /watermark template 2000002 leaves its height to the image.*PUT \/templates\/2000002/,
      );
    });
  });
});
