/**
 * What kind of media a file is, from its first bytes: the container signatures MediaConvert's inputs
 * use. Tells "not a video at all" (a text file named .mp4) from "a video in a container the header
 * probe does not read" (Matroska, MPEG-TS…). Pure.
 */

/** Bytes a caller reads from the start of the file for {@link mediaContainerOf}. */
export const MEDIA_SIGNATURE_BYTES = 400;

const ISO_BOXES = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function ascii(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));
}

const SIGNATURES: { name: string; test: (b: Uint8Array) => boolean }[] = [
  { name: 'MP4/MOV', test: (b) => ISO_BOXES.has(ascii(b, 4, 8)) },
  { name: 'Matroska/WebM', test: (b) => b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3 },
  { name: 'AVI', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'AVI ' },
  { name: 'WAV', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE' },
  // Transport stream: sync byte 0x47 every 188 bytes (two packets, to tell it from text starting with "G").
  { name: 'MPEG-TS', test: (b) => b.length > 188 && b[0] === 0x47 && b[188] === 0x47 },
  { name: 'MPEG-PS', test: (b) => b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0xba },
  { name: 'FLV', test: (b) => ascii(b, 0, 3) === 'FLV' },
  {
    name: 'ASF/WMV',
    test: (b) => [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11].every((v, i) => b[i] === v),
  },
  { name: 'Ogg', test: (b) => ascii(b, 0, 4) === 'OggS' },
  { name: 'MXF', test: (b) => [0x06, 0x0e, 0x2b, 0x34].every((v, i) => b[i] === v) },
  { name: 'MP3', test: (b) => ascii(b, 0, 3) === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0) },
  { name: 'raw H.264/H.265', test: (b) => b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 1 },
];

/** The container the first bytes of a file belong to, or undefined when they match none. */
export function mediaContainerOf(head: Uint8Array): string | undefined {
  return SIGNATURES.find((s) => s.test(head))?.name;
}
