import { validateTemplate, validateTranscodeTemplate } from '../../../lambdas/core/templates';
import { catchValidation } from './catch-validation';

const h264 = { codec: 'h264', width: 1280, height: 720, bitrateKbps: 1800 };
const aac = { codec: 'aac', bitrateKbps: 128, sampleRate: 48000, channels: 2 };
const base = { name: 'my 720p', container: 'mp4', video: h264, audio: aac };

function rejection(input: Record<string, unknown>) {
  return catchValidation(() => validateTranscodeTemplate(input));
}

describe('transcode template: largest frame per codec', () => {
  it.each([
    ['h264', 'mp4', 4096, 2160, true],
    ['h264', 'mp4', 2160, 4096, true],
    ['h264', 'mp4', 4096, 4096, false],
    ['av1', 'mp4', 2160, 4096, false],
    ['vp9', 'webm', 2160, 4096, true],
    ['h265', 'mov', 4096, 4096, true],
  ])('%s in %s at %ix%i: accepted %p', (codec, container, width, height, ok) => {
    const input = {
      ...base,
      container,
      video: { codec, width, height, bitrateKbps: 4000, ...(codec === 'av1' ? { rateControl: 'QVBR' } : {}) },
      audio: container === 'webm' ? { codec: 'opus' } : aac,
    };
    if (ok) {
      expect(validateTranscodeTemplate(input).video).toMatchObject({ width, height });
    } else {
      const err = rejection(input);
      expect(err.field).toBe('video.width');
      expect(err.message).toContain(`the largest ${codec} frame MediaConvert writes; got ${width}x${height}`);
    }
  });
});

describe('transcode template', () => {
  it('normalises a valid template with defaults', () => {
    expect(
      validateTemplate('transcode', {
        name: 'a',
        container: 'mp4',
        video: { codec: 'h264' },
        audio: { codec: 'aac' },
      }),
    ).toEqual({
      type: 'transcode',
      name: 'a',
      container: 'mp4',
      video: { codec: 'h264', width: 0, height: 0, fps: 0, bitrateKbps: 0, rateControl: 'QVBR' },
      audio: { codec: 'aac', bitrateKbps: 0, sampleRate: 0, channels: 2 },
      removeVideo: false,
      removeAudio: false,
    });
  });

  it('defaults rate control to VBR with a bitrate, VBR for vp9 and QVBR for av1', () => {
    expect(validateTranscodeTemplate(base).video?.rateControl).toBe('VBR');
    const webm = validateTranscodeTemplate({
      ...base,
      container: 'webm',
      video: { codec: 'vp9', bitrateKbps: 900 },
      audio: { codec: 'opus' },
    });
    expect(webm.video?.rateControl).toBe('VBR');
    const av1 = validateTranscodeTemplate({ ...base, video: { codec: 'av1' } });
    expect(av1.video?.rateControl).toBe('QVBR');
  });

  it.each([
    ['mp4', 'h264'],
    ['mp4', 'h265'],
    ['mp4', 'av1'],
    ['hls', 'h264'],
    ['hls', 'h265'],
    ['mov', 'h264'],
    ['mov', 'h265'],
  ])('accepts container %s with video %s', (container, codec) => {
    expect(
      validateTranscodeTemplate({
        ...base,
        container,
        video: { codec, bitrateKbps: 1000, ...(codec === 'av1' ? { rateControl: 'QVBR' } : {}) },
      }).video?.codec,
    ).toBe(codec);
  });

  it.each([
    ['webm', 'h264', 'vp9'],
    ['mp4', 'vp9', 'h264, h265, av1'],
    ['hls', 'av1', 'h264, h265'],
    ['mov', 'vp9', 'h264, h265'],
    ['hls', 'vp9', 'h264, h265'],
  ])('rejects container %s with video %s', (container, codec, allowed) => {
    const err = rejection({
      ...base,
      container,
      video: { codec, bitrateKbps: 1000 },
      audio: container === 'webm' ? { codec: 'opus' } : aac,
    });
    expect(err.field).toBe('video.codec');
    expect(err.message).toBe(
      `video.codec must be one of ${allowed} with container '${container}'; got "${codec}"`,
    );
  });

  it.each([
    ['mp4', 'opus', 'aac'],
    ['hls', 'opus', 'aac'],
    ['webm', 'aac', 'opus'],
    ['mov', 'opus', 'aac'],
  ])('rejects container %s with audio %s', (container, codec, allowed) => {
    const video = container === 'webm' ? { codec: 'vp9', bitrateKbps: 1000 } : h264;
    const err = rejection({ ...base, container, video, audio: { codec } });
    expect(err.field).toBe('audio.codec');
    expect(err.message).toContain(`must be one of ${allowed}`);
  });

  it('rejects unknown containers and codecs with the allowed list', () => {
    expect(rejection({ ...base, container: 'mkv' }).message).toBe(
      'container must be one of "mp4", "hls", "mov", "webm"; got "mkv"',
    );
    expect(rejection({ ...base, video: { codec: 'mpeg2' } }).field).toBe('video.codec');
    expect(rejection({ ...base, audio: { codec: 'flac' } }).field).toBe('audio.codec');
  });

  it.each([
    ['width', 100],
    ['width', 4098],
    ['height', 64],
    ['height', 5000],
    ['width', 720.5],
  ])('rejects video.%s %p', (dim, value) => {
    const err = rejection({ ...base, video: { ...h264, [dim]: value } });
    expect(err.field).toBe(`video.${dim}`);
    expect(err.message).toContain(String(value));
  });

  it('accepts 0 and the bounds 128/4096 for sizes and requires even sizes', () => {
    expect(
      validateTranscodeTemplate({ ...base, video: { ...h264, width: 0, height: 4096 } }).video?.height,
    ).toBe(4096);
    expect(
      validateTranscodeTemplate({ ...base, video: { ...h264, width: 128, height: 0 } }).video?.width,
    ).toBe(128);
    const odd = rejection({ ...base, video: { ...h264, width: 641 } });
    expect(odd.field).toBe('video.width');
    expect(odd.message).toContain('even');
  });

  it.each([
    ['fps', -1],
    ['fps', 121],
    ['bitrateKbps', 127],
    ['bitrateKbps', 100001],
    ['gopSeconds', 0.05],
    ['gopSeconds', 11],
  ])('rejects video.%s %p', (field, value) => {
    expect(rejection({ ...base, video: { ...h264, [field]: value } }).field).toBe(`video.${field}`);
  });

  it('accepts fractional fps such as 29.97 and 120', () => {
    expect(validateTranscodeTemplate({ ...base, video: { ...h264, fps: 29.97 } }).video?.fps).toBe(29.97);
    expect(validateTranscodeTemplate({ ...base, video: { ...h264, fps: 120 } }).video?.fps).toBe(120);
  });

  it('enforces the rate-control rules', () => {
    expect(rejection({ ...base, video: { ...h264, rateControl: 'ABR' } }).field).toBe('video.rateControl');
    const vp9 = rejection({
      ...base,
      container: 'webm',
      video: { codec: 'vp9', bitrateKbps: 500, rateControl: 'CBR' },
      audio: { codec: 'opus' },
    });
    expect(vp9.message).toContain("must be VBR with codec 'vp9'");
    const av1 = rejection({ ...base, video: { codec: 'av1', bitrateKbps: 500, rateControl: 'VBR' } });
    expect(av1.message).toContain("must be QVBR with codec 'av1'");
    const cbr0 = rejection({ ...base, video: { codec: 'h264', rateControl: 'CBR' } });
    expect(cbr0.field).toBe('video.bitrateKbps');
    expect(cbr0.message).toContain('0 = automatic works with QVBR only');
  });

  it('allows qvbrQuality 1–10 only with QVBR', () => {
    expect(
      validateTranscodeTemplate({ ...base, video: { ...h264, rateControl: 'QVBR', qvbrQuality: 9 } }).video
        ?.qvbrQuality,
    ).toBe(9);
    expect(rejection({ ...base, video: { ...h264, rateControl: 'QVBR', qvbrQuality: 11 } }).field).toBe(
      'video.qvbrQuality',
    );
    const vbr = rejection({ ...base, video: { ...h264, rateControl: 'VBR', qvbrQuality: 7 } });
    expect(vbr.message).toBe('video.qvbrQuality is allowed only with rateControl QVBR, not VBR; got 7');
  });

  it('rejects gopSeconds with HLS and keeps it elsewhere', () => {
    expect(validateTranscodeTemplate({ ...base, video: { ...h264, gopSeconds: 2 } }).video?.gopSeconds).toBe(
      2,
    );
    expect(rejection({ ...base, container: 'hls', video: { ...h264, gopSeconds: 2 } }).field).toBe(
      'video.gopSeconds',
    );
  });

  it.each([
    [{ bitrateKbps: 25 }, 'audio.bitrateKbps'],
    [{ bitrateKbps: 257 }, 'audio.bitrateKbps'],
    [{ sampleRate: 96000 }, 'audio.sampleRate'],
    [{ channels: 4 }, 'audio.channels'],
  ])('rejects audio %p', (audio, field) => {
    expect(rejection({ ...base, audio: { ...aac, ...audio } }).field).toBe(field);
  });

  it('applies per-codec audio limits', () => {
    const webm = { ...base, container: 'webm', video: { codec: 'vp9', bitrateKbps: 800 } };
    expect(rejection({ ...webm, audio: { codec: 'opus', bitrateKbps: 28 } }).message).toContain(
      "0 or 32–192 kbps with codec 'opus'",
    );
    expect(rejection({ ...webm, audio: { codec: 'opus', sampleRate: 44100 } }).message).toContain(
      '16000, 48000',
    );
    expect(rejection({ ...webm, audio: { codec: 'opus', channels: 6 } }).message).toContain(
      "must be 1 or 2 with codec 'opus'",
    );
    expect(rejection({ ...webm, audio: { codec: 'opus', bitrateKbps: 100 } }).message).toContain(
      "must be a multiple of 8 kbps with codec 'opus'",
    );
  });

  it('rejects MP3, which MediaConvert writes into no container a template offers', () => {
    const err = rejection({ ...base, audio: { codec: 'mp3' } });
    expect(err.field).toBe('audio.codec');
    expect(err.message).toBe('audio.codec must be one of "aac", "opus"; got "mp3"');
  });

  it('rejects 5.1 AAC, whose bitrate table is not verified, saying why', () => {
    const err = rejection({ ...base, audio: { codec: 'aac', channels: 6 } });
    expect(err.field).toBe('audio.channels');
    expect(err.message).toContain("must be 1 or 2 with codec 'aac'");
    expect(err.message).toContain('AAC 5.1 bitrate table could not be verified');
  });

  describe("AAC follows MediaConvert's CBR table", () => {
    it.each([
      [1, 48000, 56],
      [1, 48000, 256],
      [1, 32000, 32],
      [1, 16000, 28],
      [2, 48000, 64],
      [2, 44100, 256],
      [2, 32000, 40],
      [2, 22050, 32],
      [2, 16000, 28],
    ])('accepts %i channel(s) at %i Hz and %i kbps', (channels, sampleRate, bitrateKbps) => {
      const t = validateTranscodeTemplate({
        ...base,
        audio: { codec: 'aac', channels, sampleRate, bitrateKbps },
      });
      expect(t.audio).toEqual({ codec: 'aac', channels, sampleRate, bitrateKbps });
    });

    it.each([
      [1, 48000, 32, '56, 64, 80, 96, 112, 128, 160, 192, 224, 256'],
      [2, 22050, 64, '32'],
      [2, 48000, 100, '64, 80, 96, 112, 128, 160, 192, 224, 256'],
      [1, 22050, 32, '28'],
    ])(
      'rejects %i channel(s) at %i Hz and %i kbps, listing what is supported',
      (channels, sampleRate, kbps, list) => {
        const err = rejection({ ...base, audio: { codec: 'aac', channels, sampleRate, bitrateKbps: kbps } });
        expect(err.field).toBe('audio.bitrateKbps');
        expect(err.message).toContain(`one of ${list} kbps`);
        expect(err.message).toContain(`at ${sampleRate} Hz`);
      },
    );

    it('rejects a sample rate with no bitrate in range (8 kHz)', () => {
      const err = rejection({ ...base, audio: { codec: 'aac', channels: 2, sampleRate: 8000 } });
      expect(err.field).toBe('audio.sampleRate');
      expect(err.message).toContain('no AAC stereo bitrate within 26–256 kbps');
    });
  });

  it('handles removeVideo / removeAudio', () => {
    const audioOnly = validateTranscodeTemplate({
      name: 'a',
      container: 'mp4',
      removeVideo: true,
      video: h264,
      audio: aac,
    });
    expect(audioOnly.video).toBeUndefined();
    expect(audioOnly.audio).toEqual(aac);
    const silent = validateTranscodeTemplate({ name: 's', container: 'mov', removeAudio: true, video: h264 });
    expect(silent.audio).toBeUndefined();
    expect(rejection({ ...base, removeVideo: true, removeAudio: true }).field).toBe('removeAudio');
    expect(rejection({ name: 'x', container: 'mp4', audio: aac }).message).toBe(
      'video is required unless removeVideo is true; got undefined',
    );
    expect(rejection({ name: 'x', container: 'mp4', video: h264 }).field).toBe('audio');
    expect(
      rejection({ name: 'x', container: 'webm', removeVideo: true, audio: { codec: 'opus' } }).field,
    ).toBe('removeVideo');
  });

  it('allows segmentSeconds 1–60 only with HLS', () => {
    expect(validateTranscodeTemplate({ ...base, container: 'hls', segmentSeconds: 4 }).segmentSeconds).toBe(
      4,
    );
    expect(rejection({ ...base, container: 'hls', segmentSeconds: 61 }).field).toBe('segmentSeconds');
    expect(rejection({ ...base, segmentSeconds: 6 }).message).toBe(
      "segmentSeconds is allowed only with container 'hls', not 'mp4'; got 6",
    );
  });

  it('checks name, comment and unknown fields', () => {
    expect(rejection({ ...base, name: '' }).field).toBe('name');
    expect(rejection({ ...base, name: 'x'.repeat(65) }).message).toContain('must have at most 64 characters');
    expect(
      validateTranscodeTemplate({ ...base, name: 'x'.repeat(64), comment: 'c'.repeat(256) }).comment,
    ).toHaveLength(256);
    expect(rejection({ ...base, comment: 'c'.repeat(257) }).field).toBe('comment');
    const unknown = rejection({ ...base, video: { ...h264, crf: 20 } });
    expect(unknown.field).toBe('video.crf');
    expect(unknown.message).toContain('allowed fields: codec, width');
  });
});
