/** File-extension filters of schema triggers. */

/** Used when a trigger lists no extensions: common video and audio formats. */
export const DEFAULT_EXTENSIONS: readonly string[] = [
  'mp4',
  'mov',
  'm4v',
  'mkv',
  'webm',
  'avi',
  'flv',
  'ts',
  'mts',
  'm2ts',
  'mxf',
  'mpg',
  'mpeg',
  'wmv',
  '3gp',
  'mp3',
  'm4a',
  'aac',
  'wav',
  'flac',
  'ogg',
];

export const EXTENSION_PATTERN = /^[a-z0-9]{1,16}$/;
export const MAX_EXTENSIONS = 100;

/** Lower-cases an extension and drops one leading '.', so "MP4" and ".mp4" both become "mp4". */
export function normaliseExtension(extension: string): string {
  const lower = extension.toLowerCase();
  return lower.startsWith('.') ? lower.slice(1) : lower;
}

/** The lower-cased extension of the key's last segment, or '' when it has none. */
export function keyExtension(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The extension set a trigger accepts: its own list, or the defaults when the list is empty/absent. */
export function acceptedExtensions(extensions: readonly string[] | undefined): ReadonlySet<string> {
  return new Set(extensions && extensions.length > 0 ? extensions : DEFAULT_EXTENSIONS);
}
