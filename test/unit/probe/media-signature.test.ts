import { mediaContainerOf } from '../../../lambdas/core/probe';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('media signatures', () => {
  it('names the container of common video files by their first bytes', () => {
    expect(mediaContainerOf(bytes([0, 0, 0, 0x20], 'ftypisom'))).toBe('MP4/MOV');
    expect(mediaContainerOf(bytes([0, 0, 0, 8], 'wide'))).toBe('MP4/MOV');
    expect(mediaContainerOf(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f]))).toBe('Matroska/WebM');
    expect(mediaContainerOf(bytes('RIFF', [1, 2, 3, 4], 'AVI LIST'))).toBe('AVI');
    const ts = Buffer.alloc(376);
    ts[0] = 0x47;
    ts[188] = 0x47;
    expect(mediaContainerOf(ts)).toBe('MPEG-TS');
    expect(mediaContainerOf(bytes('FLV', [1, 5]))).toBe('FLV');
    expect(mediaContainerOf(bytes([0, 0, 1, 0xba, 0x44]))).toBe('MPEG-PS');
  });

  it('matches nothing for text, images and empty files', () => {
    expect(mediaContainerOf(bytes('this is plain text, not an MP4 file\n'.repeat(20)))).toBeUndefined();
    expect(mediaContainerOf(bytes('Good morning\n'.repeat(40)))).toBeUndefined();
    expect(mediaContainerOf(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]))).toBeUndefined();
    expect(mediaContainerOf(new Uint8Array())).toBeUndefined();
  });
});
