import type { SourceInfo } from '../model';
import { readBoxHeader } from './boxes';
import { parseMovieBox } from './movie-header';

/** Reads bytes [start, end) of the object (end exclusive: an S3 Range is `bytes=${start}-${end - 1}`). */
export type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

export interface ProbeOptions {
  /** Bytes fetched by the first read (and at least by every later one). @default 65536 */
  initialReadBytes?: number;
  /** A larger 'moov' is not read (undefined is returned). @default 67108864 (64 MiB) */
  maxMoovBytes?: number;
}

/** Top-level boxes a file may start with: ISO 'ftyp', or a QuickTime movie without one. */
const FIRST_BOX_TYPES = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
const MAX_TOP_LEVEL_BOXES = 10_000;

/** Serves reads from the last fetched window, fetching at least `chunk` bytes at a time. */
function cachedReader(readRange: ReadRange, size: number, chunk: number): ReadRange {
  let window: { start: number; bytes: Uint8Array } | undefined;
  return async (start, end) => {
    if (!window || start < window.start || end > window.start + window.bytes.length) {
      const fetchEnd = Math.min(size, Math.max(end, start + chunk));
      window = { start, bytes: await readRange(start, fetchEnd) };
    }
    return window.bytes.subarray(start - window.start, Math.min(end - window.start, window.bytes.length));
  };
}

/**
 * Duration and video size of an MP4/MOV object read through ranged reads: walks the top-level box
 * headers to 'moov' (at the start with faststart, or after 'mdat'), reads only that box and parses it.
 * Undefined for data that is not MP4/MOV, a truncated file without a complete 'moov', or an oversized
 * 'moov'. Read errors propagate.
 */
export async function probeMp4(
  readRange: ReadRange,
  size: number,
  options: ProbeOptions = {},
): Promise<SourceInfo | undefined> {
  const read = cachedReader(readRange, size, options.initialReadBytes ?? 65_536);
  const maxMoov = options.maxMoovBytes ?? 64 * 1024 * 1024;
  let offset = 0;
  for (let n = 0; n < MAX_TOP_LEVEL_BOXES && offset + 8 <= size; n++) {
    const header = readBoxHeader(await read(offset, Math.min(offset + 16, size)), 0);
    if (!header || (n === 0 && !FIRST_BOX_TYPES.has(header.type))) return undefined;
    const boxSize = header.size === Infinity ? size - offset : header.size;
    if (boxSize > size - offset) return undefined;
    if (header.type === 'moov') {
      if (boxSize > maxMoov) return undefined;
      const payload = await read(offset + header.headerSize, offset + boxSize);
      if (payload.length !== boxSize - header.headerSize) return undefined;
      return parseMovieBox(payload);
    }
    offset += boxSize;
  }
  return undefined;
}
