/**
 * Watermark image headers: what MediaConvert's ImageInserter can overlay (PNG, TGA) and the image's
 * pixel size, read from the first bytes of the file (PNG signature + IHDR; the 18-byte TGA header).
 * Pure: the caller reads the bytes.
 */

/** Bytes a caller reads from the start of the file: the PNG signature + IHDR, or the TGA header. */
export const IMAGE_HEADER_BYTES = 32;

/** The image formats ImageInserter overlays. */
export type OverlayImageFormat = 'png' | 'tga';

/** A readable overlay image: its format (by content) and pixel size. */
export interface ImageHeader {
  format: OverlayImageFormat;
  width: number;
  height: number;
}

/** The outcome of reading a header: the image, or why it is not a PNG/TGA image MediaConvert can use. */
export type ImageHeaderResult = { ok: true; image: ImageHeader } | { ok: false; reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Largest side accepted: PNG's own limit (2^31 − 1), which is also MediaConvert's Width/Height maximum. */
const MAX_SIDE = 2_147_483_647;

/** Signatures of common image formats MediaConvert does not overlay, to name them in the error. */
const OTHER_FORMATS: { name: string; test: (b: Uint8Array) => boolean }[] = [
  { name: 'JPEG', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { name: 'GIF', test: (b) => ascii(b, 0, 4) === 'GIF8' },
  { name: 'WebP', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
  { name: 'BMP', test: (b) => ascii(b, 0, 2) === 'BM' && b.length >= 18 && u32le(b, 14) >= 12 },
  { name: 'SVG or XML', test: (b) => /^\s*</.test(ascii(b, 0, Math.min(b.length, 16))) },
];

function ascii(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...b.subarray(start, end));
}

function u32be(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

function u32le(b: Uint8Array, at: number): number {
  return b[at]! + (b[at + 1]! << 8) + (b[at + 2]! << 16) + ((b[at + 3]! << 24) >>> 0);
}

function u16le(b: Uint8Array, at: number): number {
  return b[at]! + (b[at + 1]! << 8);
}

function png(b: Uint8Array): ImageHeaderResult | undefined {
  if (b.length < 8 || PNG_SIGNATURE.some((byte, i) => b[i] !== byte)) return undefined;
  if (b.length < 24 || ascii(b, 12, 16) !== 'IHDR') {
    return { ok: false, reason: 'has a PNG signature but no IHDR header (truncated or damaged PNG)' };
  }
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
    return { ok: false, reason: `is a PNG with an invalid size ${width}×${height}` };
  }
  return { ok: true, image: { format: 'png', width, height } };
}

/**
 * TGA has no signature: the header's fields must be ones the format defines (colour-map type 0/1,
 * image type 1/2/3/9/10/11, pixel depth 8/15/16/24/32, reserved descriptor bits clear, size ≥ 1).
 */
function tga(b: Uint8Array): ImageHeaderResult | undefined {
  if (b.length < 18) return undefined;
  const colorMapType = b[1]!;
  const imageType = b[2]!;
  const colorMapEntryBits = b[7]!;
  const width = u16le(b, 12);
  const height = u16le(b, 14);
  const depth = b[16]!;
  const descriptor = b[17]!;
  const mapped = imageType === 1 || imageType === 9;
  const plausible =
    (colorMapType === 0 || colorMapType === 1) &&
    [1, 2, 3, 9, 10, 11].includes(imageType) &&
    (colorMapType === 1) === mapped &&
    (colorMapType === 0 || [15, 16, 24, 32].includes(colorMapEntryBits)) &&
    [8, 15, 16, 24, 32].includes(depth) &&
    (descriptor & 0xc0) === 0 &&
    width >= 1 &&
    height >= 1;
  return plausible ? { ok: true, image: { format: 'tga', width, height } } : undefined;
}

/**
 * Reads the format and size of an overlay image from its first {@link IMAGE_HEADER_BYTES} bytes.
 * Not ok (with the reason, naming the format when it is a known other one) for anything but PNG/TGA.
 */
export function parseImageHeader(bytes: Uint8Array): ImageHeaderResult {
  if (bytes.length === 0) return { ok: false, reason: 'is empty' };
  const found = png(bytes) ?? tga(bytes);
  if (found) return found;
  const other = OTHER_FORMATS.find((f) => f.test(bytes));
  return {
    ok: false,
    reason: other ? `is a ${other.name} image` : 'is neither a PNG nor a TGA image (by its content)',
  };
}
