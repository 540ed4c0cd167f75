/** Request bodies shared by the API and CLI tests. */
export const TRANSCODE_PRESET = 100030;
export const SNAPSHOT_PRESET = 10;

export function transcodeTemplateBody(name = 'my-720p'): Record<string, unknown> {
  return {
    name,
    container: 'mp4',
    video: { codec: 'h264', width: 1280, height: 720, fps: 30, bitrateKbps: 2000, rateControl: 'VBR' },
    audio: { codec: 'aac', bitrateKbps: 128, sampleRate: 48000, channels: 2 },
    removeVideo: false,
    removeAudio: false,
  };
}

export function snapshotTemplateBody(name = 'thumb'): Record<string, unknown> {
  return { name, width: 640, height: 0, format: 'jpg', quality: 80 };
}

export function schemaBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'demo',
    trigger: { bucket: 'media-in', directory: 'input/' },
    output: { bucket: 'media-out', directory: 'output/' },
    items: {
      transcode: [{ templateId: TRANSCODE_PRESET }],
      snapshotByTimeOffset: [{ templateId: SNAPSHOT_PRESET, offsets: ['1s', '50%'] }],
    },
    ...overrides,
  };
}

export function processBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    input: { bucket: 'media-in', key: 'manual/clip one.mp4' },
    output: { bucket: 'media-out', directory: 'manual-out/' },
    items: { transcode: [{ templateId: TRANSCODE_PRESET }] },
    ...overrides,
  };
}
