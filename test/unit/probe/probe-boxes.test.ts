import { childBoxes, parseMovieBox, probeMp4, readBoxHeader } from '../../../lambdas/core/probe';

/** Builders for hand-made boxes, to cover layouts ffmpeg does not write for small files. */
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function box(type: string, ...children: Uint8Array[]): Uint8Array {
  const payload = concat(...children);
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, payload.length + 8);
  head.set(Buffer.from(type, 'latin1'), 4);
  return concat(head, payload);
}

function largeBox(type: string, payload: Uint8Array): Uint8Array {
  const head = new Uint8Array(16);
  const v = new DataView(head.buffer);
  v.setUint32(0, 1);
  head.set(Buffer.from(type, 'latin1'), 4);
  v.setBigUint64(8, BigInt(payload.length + 16));
  return concat(head, payload);
}

function bytes(length: number, write: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(length);
  write(new DataView(out.buffer));
  return out;
}

function mvhd(version: 0 | 1, timescale: number, duration: number): Uint8Array {
  if (version === 1) {
    return box(
      'mvhd',
      bytes(108, (v) => {
        v.setUint8(0, 1);
        v.setUint32(20, timescale);
        v.setBigUint64(24, BigInt(duration));
      }),
    );
  }
  return box(
    'mvhd',
    bytes(96, (v) => {
      v.setUint32(12, timescale);
      v.setUint32(16, duration);
    }),
  );
}

function tkhd(version: 0 | 1, width: number, height: number): Uint8Array {
  const at = version === 1 ? 88 : 76;
  return box(
    'tkhd',
    bytes(at + 8, (v) => {
      v.setUint8(0, version);
      v.setUint32(at, Math.round(width * 65536));
      v.setUint32(at + 4, Math.round(height * 65536));
    }),
  );
}

function trak(handler: string, header: Uint8Array): Uint8Array {
  const hdlr = box('hdlr', concat(new Uint8Array(8), Buffer.from(handler, 'latin1'), new Uint8Array(13)));
  return box('trak', header, box('mdia', hdlr));
}

const ftyp = box('ftyp', Buffer.from('isom\0\0\0\x01isom', 'latin1'));

async function probeBytes(file: Uint8Array) {
  return probeMp4(async (s, e) => file.subarray(s, e), file.length);
}

describe('parseMovieBox', () => {
  it('reads a version-1 mvhd with a 64-bit duration', () => {
    const duration = 2 ** 33 + 5;
    const info = parseMovieBox(mvhd(1, 90_000, duration));
    expect(info?.durationSeconds).toBeCloseTo(duration / 90_000, 6);
  });

  it('reads a version-0 mvhd and a version-1 tkhd of the video track', () => {
    const moov = concat(mvhd(0, 600, 1800), trak('vide', tkhd(1, 1920, 1080)));
    expect(parseMovieBox(moov)).toEqual({ durationSeconds: 3, width: 1920, height: 1080 });
  });

  it('skips non-video tracks and rounds fractional 16.16 sizes', () => {
    const moov = concat(mvhd(0, 1000, 2500), trak('soun', tkhd(0, 0, 0)), trak('vide', tkhd(0, 853.33, 480)));
    expect(parseMovieBox(moov)).toEqual({ durationSeconds: 2.5, width: 853, height: 480 });
  });

  it('leaves width/height out for audio-only files', () => {
    expect(parseMovieBox(concat(mvhd(0, 44_100, 44_100), trak('soun', tkhd(0, 0, 0))))).toEqual({
      durationSeconds: 1,
    });
  });

  it('uses mvex/mehd when a fragmented file has mvhd duration 0', () => {
    const mehd = box(
      'mehd',
      bytes(8, (v) => v.setUint32(4, 12_000)),
    );
    const moov = concat(mvhd(0, 1000, 0), box('mvex', mehd));
    expect(parseMovieBox(moov)).toEqual({ durationSeconds: 12 });
  });

  it('reports no duration when it is unknown, and undefined without mvhd', () => {
    expect(parseMovieBox(mvhd(0, 1000, 0xffffffff))).toEqual({});
    expect(parseMovieBox(trak('vide', tkhd(0, 640, 360)))).toBeUndefined();
  });
});

describe('box headers', () => {
  it('reads 64-bit sizes and size 0 (to the end of the parent)', () => {
    const large = largeBox('free', new Uint8Array(4));
    expect(readBoxHeader(large, 0)).toEqual({ type: 'free', size: 20, headerSize: 16 });
    const open = bytes(12, (v) => v.setUint32(0, 0));
    open.set(Buffer.from('mdat', 'latin1'), 4);
    expect(readBoxHeader(open, 0)).toEqual({ type: 'mdat', size: Infinity, headerSize: 8 });
    expect(childBoxes(open)).toEqual([{ type: 'mdat', payload: open.subarray(8) }]);
  });

  it('rejects sizes below the header size and unprintable types', () => {
    const tooSmall = box('free');
    new DataView(tooSmall.buffer).setUint32(0, 4);
    expect(readBoxHeader(tooSmall, 0)).toBeUndefined();
    expect(readBoxHeader(new Uint8Array([0, 0, 0, 8, 1, 2, 3, 4]), 0)).toBeUndefined();
  });
});

describe('probeMp4 layouts', () => {
  const moov = box('moov', mvhd(0, 1000, 4000), trak('vide', tkhd(0, 640, 360)));
  const expected = { durationSeconds: 4, width: 640, height: 360 };

  it('walks past a 64-bit mdat to a moov at the end', async () => {
    expect(await probeBytes(concat(ftyp, largeBox('mdat', new Uint8Array(70_000)), moov))).toEqual(expected);
  });

  it('accepts a QuickTime file without ftyp that starts with wide/mdat', async () => {
    expect(await probeBytes(concat(box('wide'), box('mdat', new Uint8Array(100)), moov))).toEqual(expected);
  });

  it('returns undefined when the first box is not a known leading box', async () => {
    expect(await probeBytes(concat(box('abcd', new Uint8Array(8)), moov))).toBeUndefined();
  });

  it('returns undefined for an MP4 without moov', async () => {
    expect(await probeBytes(concat(ftyp, box('mdat', new Uint8Array(100))))).toBeUndefined();
  });

  it('returns undefined when a box claims more bytes than the object has', async () => {
    const file = concat(ftyp, moov);
    expect(await probeMp4(async (s, e) => file.subarray(s, e), file.length - 1)).toBeUndefined();
  });
});
