import type { Template } from '../../../lambdas/core/model';
import {
  checkTemplateReferences,
  referencedTemplateIds,
} from '../../../lambdas/core/schemas/template-references';
import { catchValidation } from './catch-validation';

const common = {
  name: 't',
  preset: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const video = { codec: 'h264', width: 0, height: 360, fps: 0, bitrateKbps: 400, rateControl: 'VBR' } as const;
const audio = { codec: 'aac', bitrateKbps: 64, sampleRate: 0, channels: 2 } as const;
const image = { width: 0, height: 0, format: 'jpg', quality: 80 } as const;

const TEMPLATES: Template[] = [
  {
    ...common,
    id: 1,
    type: 'transcode',
    container: 'mp4',
    video,
    audio,
    removeVideo: false,
    removeAudio: false,
  },
  {
    ...common,
    id: 2,
    type: 'transcode',
    container: 'hls',
    video,
    audio,
    removeVideo: false,
    removeAudio: false,
  },
  {
    ...common,
    id: 3,
    type: 'watermark',
    image: { bucket: 'b', key: 'logo.png' },
    anchor: 'TopLeft',
    xOffset: { value: 10, unit: 'px' },
    yOffset: { value: 10, unit: 'px' },
    width: { value: 10, unit: '%' },
    opacity: 100,
  },
  { ...common, id: 4, type: 'snapshot', ...image },
  { ...common, id: 5, type: 'sampleSnapshot', ...image, sampleType: 'percent', interval: 10 },
  { ...common, id: 6, type: 'sprite', ...image, sampleType: 'time', interval: 5, rows: 3, columns: 3 },
  { ...common, id: 7, type: 'animatedGraphics', format: 'gif', fps: 10, width: 0, height: 240 },
];
const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

const ALL = {
  transcode: [{ templateId: 1, watermarks: [{ templateId: 3 }] }, { templateId: 2 }],
  adaptiveStreaming: [{ templateIds: [2], watermarks: [{ templateId: 3 }] }],
  animatedGraphics: [{ templateId: 7, startTime: 0, endTime: 3 }],
  snapshotByTimeOffset: [
    { templateId: 4, offsets: [{ value: 1, unit: 's' as const }], watermarks: [{ templateId: 3 }] },
  ],
  sampleSnapshot: [{ templateId: 5 }],
  imageSprite: [{ templateId: 6 }],
};

describe('referencedTemplateIds', () => {
  it('lists every distinct id, watermarks included, ascending', () => {
    expect(referencedTemplateIds(ALL)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(
      referencedTemplateIds({ adaptiveStreaming: [{ templateIds: [9, 8] }], transcode: [{ templateId: 9 }] }),
    ).toEqual([8, 9]);
  });
});

describe('checkTemplateReferences', () => {
  it('accepts items whose templates exist with the right types', () => {
    expect(() => checkTemplateReferences(ALL, byId)).not.toThrow();
  });

  it('reports a missing template with InvalidParameter.DefinitionNotExist', () => {
    const err = catchValidation(() =>
      checkTemplateReferences(
        { transcode: [{ templateId: 1, watermarks: [{ templateId: 3 }, { templateId: 99 }] }] },
        byId,
      ),
    );
    expect(err.code).toBe('InvalidParameter.DefinitionNotExist');
    expect(err.field).toBe('items.transcode[0].watermarks[1].templateId');
    expect(err.message).toMatch(
      /template 99, which does not exist; it must be the id of an existing watermark template/,
    );
  });

  it.each([
    [
      { transcode: [{ templateId: 4 }] },
      'items.transcode[0].templateId',
      /a snapshot template; it must be a transcode template/,
    ],
    [
      { adaptiveStreaming: [{ templateIds: [2, 1] }] },
      'items.adaptiveStreaming[0].templateIds[1]',
      /container 'mp4'; it must be a transcode template with container 'hls'/,
    ],
    [
      { adaptiveStreaming: [{ templateIds: [3] }] },
      'items.adaptiveStreaming[0].templateIds[0]',
      /a watermark template/,
    ],
    [
      { transcode: [{ templateId: 1, watermarks: [{ templateId: 1 }] }] },
      'items.transcode[0].watermarks[0].templateId',
      /must be a watermark template/,
    ],
    [
      { snapshotByTimeOffset: [{ templateId: 5, offsets: [] }] },
      'items.snapshotByTimeOffset[0].templateId',
      /must be a snapshot template/,
    ],
    [
      { sampleSnapshot: [{ templateId: 4 }] },
      'items.sampleSnapshot[0].templateId',
      /must be a sampleSnapshot template/,
    ],
    [{ imageSprite: [{ templateId: 5 }] }, 'items.imageSprite[0].templateId', /must be a sprite template/],
    [
      { animatedGraphics: [{ templateId: 1, startTime: 0, endTime: 1 }] },
      'items.animatedGraphics[0].templateId',
      /must be a animatedGraphics template|must be an animatedGraphics template/,
    ],
  ])('reports a wrong type with InvalidParameter: %j', (items, field, message) => {
    const err = catchValidation(() => checkTemplateReferences(items, byId));
    expect(err.code).toBe('InvalidParameter');
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });
});
