import type { SourceInfo } from '../model';
import { childBoxes, findChild } from './boxes';

const UNKNOWN_32 = 0xffffffff;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** mvhd: timescale and duration (versions 0 and 1). */
function movieTimescaleAndDuration(mvhd: Uint8Array): { timescale: number; duration: number } | undefined {
  const v = view(mvhd);
  const version = mvhd[0];
  if (version === 1 && mvhd.length >= 32) {
    const duration = v.getBigUint64(24);
    return { timescale: v.getUint32(20), duration: duration === 0xffffffffffffffffn ? 0 : Number(duration) };
  }
  if (version === 0 && mvhd.length >= 20) {
    const duration = v.getUint32(16);
    return { timescale: v.getUint32(12), duration: duration === UNKNOWN_32 ? 0 : duration };
  }
  return undefined;
}

/** mvex/mehd: fragment_duration of fragmented files whose mvhd duration is 0. */
function fragmentDuration(moov: Uint8Array): number {
  const mvex = findChild(moov, 'mvex');
  const mehd = mvex && findChild(mvex.payload, 'mehd');
  if (!mehd) return 0;
  const v = view(mehd.payload);
  if (mehd.payload[0] === 1 && mehd.payload.length >= 12) return Number(v.getBigUint64(4));
  return mehd.payload.length >= 8 ? v.getUint32(4) : 0;
}

/** tkhd: presentation width/height (16.16 fixed point), versions 0 and 1. */
function trackSize(tkhd: Uint8Array): { width: number; height: number } | undefined {
  const at = tkhd[0] === 1 ? 88 : 76;
  if (tkhd.length < at + 8) return undefined;
  const v = view(tkhd);
  return { width: Math.round(v.getUint32(at) / 65536), height: Math.round(v.getUint32(at + 4) / 65536) };
}

/** mdia/hdlr handler type ("vide", "soun", …); QuickTime's 'mhlr' component has it at the same place. */
function handlerType(trak: Uint8Array): string | undefined {
  const mdia = findChild(trak, 'mdia');
  const hdlr = mdia && findChild(mdia.payload, 'hdlr');
  if (!hdlr || hdlr.payload.length < 12) return undefined;
  return String.fromCharCode(...hdlr.payload.subarray(8, 12));
}

/** mdia/mdhd timescale (versions 0 and 1). */
function mediaTimescale(mdia: Uint8Array): number | undefined {
  const mdhd = findChild(mdia, 'mdhd');
  if (!mdhd) return undefined;
  const at = mdhd.payload[0] === 1 ? 20 : 12;
  return mdhd.payload.length >= at + 4 ? view(mdhd.payload).getUint32(at) : undefined;
}

/**
 * Frame rate of a video track: media timescale divided by the sample delta that covers most samples
 * in stts (the nominal rate; variable-rate files report their dominant rate).
 */
function trackFrameRate(trak: Uint8Array): number | undefined {
  const mdia = findChild(trak, 'mdia');
  const timescale = mdia && mediaTimescale(mdia.payload);
  const minf = mdia && findChild(mdia.payload, 'minf');
  const stbl = minf && findChild(minf.payload, 'stbl');
  const stts = stbl && findChild(stbl.payload, 'stts');
  if (!timescale || !stts || stts.payload.length < 8) return undefined;
  const v = view(stts.payload);
  const entries = Math.min(v.getUint32(4), Math.floor((stts.payload.length - 8) / 8));
  let best = { count: 0, delta: 0 };
  for (let i = 0; i < entries; i++) {
    const count = v.getUint32(8 + i * 8);
    const delta = v.getUint32(12 + i * 8);
    if (delta > 0 && count > best.count) best = { count, delta };
  }
  return best.delta > 0 ? timescale / best.delta : undefined;
}

/**
 * Source facts from the payload of a 'moov' box: duration from mvhd (or mehd for fragmented files) and
 * the first video track's tkhd width/height and its frame rate (mdhd timescale / stts sample delta). Undefined when there is no readable mvhd.
 */
export function parseMovieBox(moov: Uint8Array): SourceInfo | undefined {
  const mvhd = findChild(moov, 'mvhd');
  const time = mvhd && movieTimescaleAndDuration(mvhd.payload);
  if (!time) return undefined;
  const info: SourceInfo = {};
  const duration = time.duration || fragmentDuration(moov);
  if (time.timescale > 0 && duration > 0) info.durationSeconds = duration / time.timescale;
  for (const trak of childBoxes(moov).filter((b) => b.type === 'trak')) {
    if (handlerType(trak.payload) !== 'vide') continue;
    const tkhd = findChild(trak.payload, 'tkhd');
    const size = tkhd && trackSize(tkhd.payload);
    if (size && size.width > 0 && size.height > 0) {
      info.width = size.width;
      info.height = size.height;
      const frameRate = trackFrameRate(trak.payload);
      if (frameRate !== undefined) info.frameRate = Math.round(frameRate * 1000) / 1000;
      break;
    }
  }
  return info;
}
