import { parseImageHeader } from '../../../lambdas/core/probe';
import { pngHeader, tgaHeader } from '../../support/image-headers';

describe('overlay image headers', () => {
  it('reads the size of a PNG from its IHDR and of a TGA from its header', () => {
    expect(parseImageHeader(pngHeader(200, 100))).toEqual({
      ok: true,
      image: { format: 'png', width: 200, height: 100 },
    });
    expect(parseImageHeader(tgaHeader(640, 48))).toEqual({
      ok: true,
      image: { format: 'tga', width: 640, height: 48 },
    });
    // Uncompressed grey and colour-mapped TGA.
    expect(parseImageHeader(tgaHeader(8, 8, { 2: 3, 16: 8, 17: 0 }))).toMatchObject({ ok: true });
    expect(parseImageHeader(tgaHeader(8, 8, { 1: 1, 2: 1, 7: 24, 16: 8 }))).toMatchObject({ ok: true });
  });

  it('names a known other format, and refuses text, empty and damaged files', () => {
    const reason = (bytes: Uint8Array | string) => {
      const r = parseImageHeader(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]))).toBe(
      'is a JPEG image',
    );
    expect(reason('GIF89a\x01\x00\x01\x00')).toBe('is a GIF image');
    expect(reason('RIFF\x00\x00\x00\x00WEBPVP8 ')).toBe('is a WebP image');
    expect(reason('<svg xmlns="http://www.w3.org/2000/svg"/>')).toBe('is a SVG or XML image');
    expect(reason('this is plain text, not an image at all')).toBe(
      'is neither a PNG nor a TGA image (by its content)',
    );
    expect(reason(new Uint8Array())).toBe('is empty');
    expect(reason(pngHeader(200, 100).subarray(0, 12))).toMatch(/no IHDR header/);
    expect(reason(pngHeader(0, 100))).toMatch(/invalid size 0×100/);
    // A TGA header with a field the format does not define is not taken for one.
    expect(reason(tgaHeader(8, 8, { 2: 4 }))).toMatch(/neither/);
    expect(reason(tgaHeader(8, 8, { 16: 12 }))).toMatch(/neither/);
    expect(reason(tgaHeader(0, 8))).toMatch(/neither/);
  });
});
