import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  binaryEnvironment,
  describeBinaries,
  ffmpegBinaries,
  FfmpegNotFoundError,
} from '../../local/engine/ffmpeg-binaries';

describe('ffmpegBinaries', () => {
  const noFfmpeg = mkdtempSync(path.join(os.tmpdir(), 'mps-path-'));
  beforeAll(() => symlinkSync(process.execPath, path.join(noFfmpeg, 'node')));
  afterAll(() => rmSync(noFfmpeg, { recursive: true, force: true }));

  it('prefers the system ffmpeg on PATH', () => {
    const b = ffmpegBinaries({ PATH: process.env.PATH, MPS_FFMPEG: 'auto' });
    expect(b.ffmpeg).toMatchObject({ path: 'ffmpeg', source: 'system' });
    expect(b.ffprobe).toMatchObject({ path: 'ffprobe', source: 'system' });
    expect(b.ffmpeg.version).toMatch(/^\d+\.\d+/);
    expect(binaryEnvironment(b.ffmpeg.path, { A: '1' })).toEqual({ A: '1' });
  });

  it('falls back to the npm-shipped binaries without ffmpeg on PATH, and runs them without gconv modules', () => {
    const b = ffmpegBinaries({ PATH: noFfmpeg });
    expect(b.ffmpeg.source).toBe('bundled');
    expect(b.ffmpeg.path).toMatch(/node_modules\/@ffmpeg-installer\/linux-x64\/ffmpeg$/);
    expect(b.ffprobe.path).toMatch(/node_modules\/@ffprobe-installer\/linux-x64\/ffprobe$/);
    expect(b.ffmpeg.version).not.toBe('');
    expect(describeBinaries(b)).toMatch(/^ffmpeg \S+ \(bundled: .*\); ffprobe \S+ \(bundled: .*\)$/);
    expect(binaryEnvironment(b.ffprobe.path, { A: '1' })).toEqual({
      A: '1',
      GCONV_PATH: path.join(path.dirname(b.ffprobe.path), 'no-gconv-modules'),
    });
  });

  it('MPS_FFMPEG=bundled takes the npm-shipped binaries even with ffmpeg on PATH', () => {
    const b = ffmpegBinaries({ PATH: process.env.PATH, MPS_FFMPEG: 'bundled' });
    expect([b.ffmpeg.source, b.ffprobe.source]).toEqual(['bundled', 'bundled']);
  });

  it('MPS_FFMPEG=system without ffmpeg on PATH, or an unknown choice, is a clear error', () => {
    expect(() => ffmpegBinaries({ PATH: noFfmpeg, MPS_FFMPEG: 'system' })).toThrow(FfmpegNotFoundError);
    expect(() => ffmpegBinaries({ PATH: noFfmpeg, MPS_FFMPEG: 'system' })).toThrow(
      /MPS_FFMPEG=system but ffmpeg is not on PATH/,
    );
    expect(() => ffmpegBinaries({ PATH: noFfmpeg, MPS_FFMPEG: 'latest' })).toThrow(
      'MPS_FFMPEG must be auto, system or bundled; got "latest"',
    );
  });
});
