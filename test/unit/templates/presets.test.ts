import type { Template } from '../../../lambdas/core/model';
import {
  FIRST_USER_TEMPLATE_ID,
  getPreset,
  isPresetId,
  PRESETS,
  validateTemplate,
} from '../../../lambdas/core/templates';

function body(t: Template): Record<string, unknown> {
  const { id: _id, preset: _preset, createdAt: _c, updatedAt: _u, type: _type, ...rest } = t;
  return rest;
}

describe('presets', () => {
  it('have unique ids below the user range and fixed timestamps', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PRESETS) {
      expect(p.id).toBeLessThan(FIRST_USER_TEMPLATE_ID);
      expect(p.preset).toBe(true);
      expect(p.createdAt).toBe('2026-01-01T00:00:00.000Z');
      expect(p.updatedAt).toBe(p.createdAt);
    }
  });

  it.each(PRESETS.map((p) => [p.id, p.type, p] as const))(
    'preset %i (%s) is a valid template',
    (_id, type, preset) => {
      const { type: _t, ...normalised } = validateTemplate(type, body(preset)) as Record<string, unknown>;
      expect(normalised).toEqual(body(preset));
    },
  );

  it('cover the MP4 and HLS H.264 + AAC ladders', () => {
    const ladder = [
      [10, 360, 400],
      [20, 540, 1000],
      [30, 720, 1800],
      [40, 1080, 2500],
      [70, 1440, 3000],
      [80, 2160, 6000],
    ] as const;
    for (const [offset, container] of [
      [100000, 'mp4'],
      [100200, 'hls'],
    ] as const) {
      for (const [suffix, height, kbps] of ladder) {
        const t = getPreset(offset + suffix);
        if (t?.type !== 'transcode') throw new Error(`missing transcode preset ${offset + suffix}`);
        expect(t.container).toBe(container);
        expect(t.video).toMatchObject({ codec: 'h264', width: 0, height, bitrateKbps: kbps });
        expect(t.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
        expect(t.audio!.bitrateKbps).toBeGreaterThanOrEqual(64);
        expect(t.audio!.bitrateKbps).toBeLessThanOrEqual(128);
      }
    }
  });

  it('include the image and GIF presets', () => {
    expect(getPreset(10)).toMatchObject({ type: 'snapshot', width: 0, height: 0, format: 'jpg' });
    expect(getPreset(20)).toMatchObject({ type: 'sampleSnapshot', sampleType: 'percent', interval: 10 });
    expect(getPreset(30)).toMatchObject({ type: 'sprite', sampleType: 'percent', interval: 10, width: 160 });
    expect(getPreset(20000)).toMatchObject({ type: 'animatedGraphics', format: 'gif', fps: 10, width: 320 });
  });

  it('getPreset returns copies and isPresetId knows only presets', () => {
    const a = getPreset(100030)!;
    a.name = 'changed';
    expect(getPreset(100030)!.name).not.toBe('changed');
    expect(getPreset(12345)).toBeUndefined();
    expect(isPresetId(100240)).toBe(true);
    expect(isPresetId(100050)).toBe(false);
    expect(isPresetId(FIRST_USER_TEMPLATE_ID)).toBe(false);
  });
});
