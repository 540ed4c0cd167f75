/** A WebVTT thumbnail cue: a time range shown by a region of a sprite sheet. */
export interface SpriteCue {
  /** Seconds. */
  start: number;
  end: number;
  /** File name (or URL) of the sheet, as written in the cue. */
  sheet: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Seconds → "HH:MM:SS.mmm". */
export function vttTimestamp(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** The WebVTT document: one `start --> end` cue per thumbnail, `sheet#xywh=x,y,w,h`. */
export function spriteWebVtt(cues: readonly SpriteCue[]): string {
  const blocks = cues.map(
    (c) => `${vttTimestamp(c.start)} --> ${vttTimestamp(c.end)}\n${c.sheet}#xywh=${c.x},${c.y},${c.w},${c.h}`,
  );
  return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}
