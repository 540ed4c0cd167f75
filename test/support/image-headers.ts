/** The first bytes of PNG and TGA files, as encoders write them, for tests of header reading. */
import { IMAGE_HEADER_BYTES } from '../../lambdas/core/probe';

/** A PNG's signature and IHDR chunk (what an encoder writes first). */
export function pngHeader(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(IMAGE_HEADER_BYTES);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8; // bit depth
  b[25] = 6; // RGBA
  return b;
}

/** An 18-byte TGA header (ffmpeg writes an RLE true-colour image with 8 alpha bits, top-left origin). */
export function tgaHeader(
  width: number,
  height: number,
  over: Partial<Record<number, number>> = {},
): Uint8Array {
  const b = Buffer.alloc(IMAGE_HEADER_BYTES);
  b[2] = 10;
  b.writeUInt16LE(width, 12);
  b.writeUInt16LE(height, 14);
  b[16] = 32;
  b[17] = 0x28;
  for (const [i, v] of Object.entries(over)) b[Number(i)] = v!;
  return b;
}
