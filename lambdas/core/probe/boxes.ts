/** ISO BMFF (MP4) / QuickTime box headers and child iteration over an in-memory buffer. */

export interface BoxHeader {
  /** Four-character type, e.g. "moov". */
  type: string;
  /** Total box size including the header; Infinity when the box extends to the end of its parent. */
  size: number;
  /** 8, or 16 with a 64-bit size. */
  headerSize: number;
}

function isPrintableType(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i] ?? 0;
    // QuickTime uses '©' (0xA9) in metadata box types.
    if ((c < 0x20 || c > 0x7e) && c !== 0xa9) return false;
  }
  return true;
}

/** Reads the box header at `offset`; undefined when the bytes cannot be a box header. */
export function readBoxHeader(bytes: Uint8Array, offset: number): BoxHeader | undefined {
  if (offset + 8 > bytes.length || !isPrintableType(bytes, offset + 4)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size32 = view.getUint32(offset);
  const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
  if (size32 === 0) return { type, size: Infinity, headerSize: 8 };
  if (size32 === 1) {
    if (offset + 16 > bytes.length) return undefined;
    const size = Number(view.getBigUint64(offset + 8));
    return size >= 16 && Number.isSafeInteger(size) ? { type, size, headerSize: 16 } : undefined;
  }
  return size32 >= 8 ? { type, size: size32, headerSize: 8 } : undefined;
}

export interface Box {
  type: string;
  /** The box content after its header. */
  payload: Uint8Array;
}

/** The complete child boxes inside `bytes`; stops at the first malformed or truncated header. */
export function childBoxes(bytes: Uint8Array): Box[] {
  const boxes: Box[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const header = readBoxHeader(bytes, offset);
    if (!header) break;
    const end = header.size === Infinity ? bytes.length : offset + header.size;
    if (end > bytes.length) break;
    boxes.push({ type: header.type, payload: bytes.subarray(offset + header.headerSize, end) });
    offset = end;
  }
  return boxes;
}

/** The first child of the given type, or undefined. */
export function findChild(bytes: Uint8Array, type: string): Box | undefined {
  return childBoxes(bytes).find((b) => b.type === type);
}
