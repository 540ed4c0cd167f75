import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeMp4, type ReadRange } from '../../../lambdas/core/probe';
import { FFMPEG, FFPROBE, TOOL_ENV } from '../../support/ffmpeg';

const VIDEO = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

let dir: string;

function ffmpeg(args: string[], name: string): Buffer {
  const path = join(dir, name);
  execFileSync(FFMPEG, ['-v', 'error', '-y', ...args, path], { env: TOOL_ENV });
  return readFileSync(path);
}

/** What ffprobe says about the file: container duration and the video stream's size and frame rate. */
function ffprobe(file: Buffer): { duration: number; width: number; height: number; frameRate: number } {
  const path = join(dir, 'probe-input');
  writeFileSync(path, file);
  const out = execFileSync(
    FFPROBE,
    [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_type,width,height,r_frame_rate',
      '-of',
      'json',
      path,
    ],
    { env: TOOL_ENV },
  );
  const json = JSON.parse(out.toString()) as {
    format: { duration: string };
    streams: { codec_type: string; width?: number; height?: number; r_frame_rate?: string }[];
  };
  const video = json.streams.find((s) => s.codec_type === 'video');
  const [num, den] = (video?.r_frame_rate ?? '0/1').split('/').map(Number);
  return {
    duration: Number(json.format.duration),
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    frameRate: num / den,
  };
}

/** A ReadRange over a buffer that records every range read. */
function rangesOf(file: Buffer): { read: ReadRange; calls: [number, number][] } {
  const calls: [number, number][] = [];
  return {
    calls,
    read: async (start, end) => {
      calls.push([start, end]);
      return new Uint8Array(file.subarray(start, end));
    },
  };
}

/** Offsets of the top-level boxes, walked from their 32-bit size fields. */
function boxOffset(file: Buffer, type: string): number {
  for (let at = 0; at + 8 <= file.length; at += file.readUInt32BE(at)) {
    if (file.toString('latin1', at + 4, at + 8) === type) return at;
    if (file.readUInt32BE(at) < 8) break;
  }
  throw new Error(`no top-level ${type} box`);
}

function moovOffset(file: Buffer): number {
  return boxOffset(file, 'moov');
}

let faststart: Buffer;
let moovAtEnd: Buffer;
let quicktime: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'probe-test-'));
  // Audio mapped first so the video track is not the first 'trak'.
  const av = [...VIDEO, ...AUDIO, '-t', '2', '-map', '1:a', '-map', '0:v', ...H264, '-c:a', 'aac'];
  faststart = ffmpeg([...av, '-movflags', '+faststart'], 'faststart.mp4');
  moovAtEnd = ffmpeg(av, 'moov-at-end.mp4');
  quicktime = ffmpeg([...VIDEO, '-t', '2', ...H264, '-f', 'mov'], 'clip.mov');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probeMp4 on files written by ffmpeg', () => {
  it.each([
    ['faststart mp4', () => faststart],
    ['mp4 with moov after mdat', () => moovAtEnd],
    ['QuickTime mov', () => quicktime],
  ])('reads duration and video size of a %s like ffprobe does', async (_name, file) => {
    const bytes = file();
    const expected = ffprobe(bytes);
    const info = await probeMp4(rangesOf(bytes).read, bytes.length);
    expect(info).toBeDefined();
    expect(info?.width).toBe(expected.width);
    expect(info?.height).toBe(expected.height);
    expect(info?.durationSeconds).toBeCloseTo(expected.duration, 1);
    expect(info?.frameRate).toBeCloseTo(expected.frameRate, 2);
  });

  it('reads an NTSC frame rate (30000/1001) like ffprobe does', async () => {
    const ntsc = ffmpeg(
      ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30000/1001', '-t', '1', ...H264],
      'ntsc.mp4',
    );
    const info = await probeMp4(rangesOf(ntsc).read, ntsc.length);
    expect(info?.frameRate).toBeCloseTo(30000 / 1001, 3);
    expect(ffprobe(ntsc).frameRate).toBeCloseTo(30000 / 1001, 3);
  });

  it('places moov where the test assumes (start with faststart, end without)', () => {
    expect(moovOffset(faststart)).toBeLessThan(boxOffset(faststart, 'mdat'));
    expect(moovOffset(moovAtEnd)).toBeGreaterThan(boxOffset(moovAtEnd, 'mdat'));
  });

  it('reads only box headers and the moov box, not the media data', async () => {
    for (const file of [faststart, moovAtEnd]) {
      const { read, calls } = rangesOf(file);
      await probeMp4(read, file.length, { initialReadBytes: 64 });
      const bytesRead = calls.reduce((sum, [s, e]) => sum + (e - s), 0);
      const moovSize = file.readUInt32BE(moovOffset(file));
      expect(bytesRead).toBeLessThan(moovSize + 64 * 4);
      expect(calls.length).toBeLessThanOrEqual(4);
    }
  });

  it('returns undefined for a text file', async () => {
    const text = Buffer.from(
      'This is not a video, just some text that happens to be long enough.\n'.repeat(20),
    );
    expect(await probeMp4(rangesOf(text).read, text.length)).toBeUndefined();
  });

  it('returns undefined for an empty or tiny object', async () => {
    const tiny = Buffer.from([0, 0, 0]);
    expect(await probeMp4(rangesOf(tiny).read, tiny.length)).toBeUndefined();
    expect(await probeMp4(rangesOf(Buffer.alloc(0)).read, 0)).toBeUndefined();
  });

  it('returns undefined for a truncated file whose moov was after the cut', async () => {
    const cut = moovAtEnd.subarray(0, Math.floor(moovAtEnd.length / 2));
    expect(await probeMp4(rangesOf(cut).read, cut.length)).toBeUndefined();
  });

  it('returns undefined when the cut falls inside moov', async () => {
    const cut = faststart.subarray(0, moovOffset(faststart) + 100);
    expect(await probeMp4(rangesOf(cut).read, cut.length)).toBeUndefined();
  });

  it('still reads a faststart file truncated after its complete moov', async () => {
    const moovEnd = moovOffset(faststart) + faststart.readUInt32BE(moovOffset(faststart));
    const cut = faststart.subarray(0, moovEnd + 1000);
    const whole = await probeMp4(rangesOf(faststart).read, faststart.length);
    expect(await probeMp4(rangesOf(cut).read, cut.length)).toEqual(whole);
  });

  it('refuses a moov larger than maxMoovBytes', async () => {
    const moovSize = faststart.readUInt32BE(moovOffset(faststart));
    const opts = { maxMoovBytes: moovSize - 1 };
    expect(await probeMp4(rangesOf(faststart).read, faststart.length, opts)).toBeUndefined();
  });

  it('propagates read errors instead of reporting non-MP4 data', async () => {
    const failing: ReadRange = async () => {
      throw new Error('network down');
    };
    await expect(probeMp4(failing, 1000)).rejects.toThrow('network down');
  });
});
