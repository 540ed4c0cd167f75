/** Players and images for objects behind presigned URLs: MP4/MOV/WebM natively, HLS natively or with hls.js. */
import Hls from 'hls.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { objectUrl, type SubtaskOutput } from './api';
import { bytes } from './ui';

export function usePresigned(bucket: string, key: string): { url?: string; error?: string } {
  const [state, setState] = useState<{ url?: string; error?: string }>({});
  useEffect(() => {
    let live = true;
    objectUrl(bucket, key).then(
      (url) => live && setState({ url }),
      (err: unknown) => live && setState({ error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [bucket, key]);
  return state;
}

export function VideoPlayer({
  bucket,
  objectKey,
  label,
  hls,
}: {
  bucket: string;
  objectKey: string;
  label: string;
  hls?: boolean;
}) {
  const { url, error } = usePresigned(bucket, objectKey);
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || !url) return undefined;
    // hls.js wherever Media Source Extensions exist, even where the browser plays HLS itself: the
    // playlists' relative URLs carry no signature, and only the loader below presigns them. Native HLS
    // (iOS Safari) can only play outputs whose segments are readable without one.
    if (!hls || !Hls.isSupported()) {
      video.src = url;
      return undefined;
    }
    // Segment and variant URLs are relative to the playlist: each needs its own signature, so hls.js
    // asks the API for a presigned URL of every object it loads.
    const player = new Hls({ enableWorker: false, loader: presigningLoader(bucket, objectKey) });
    player.loadSource(url);
    player.attachMedia(video);
    return () => player.destroy();
  }, [url, hls]);
  return (
    <figure>
      {error ? (
        <p class="error">{error}</p>
      ) : (
        <video ref={ref} controls preload="metadata" aria-label={label} data-key={objectKey} />
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** An hls.js loader that replaces every URL below the playlist's folder with a presigned one. */
function presigningLoader(bucket: string, playlistKey: string) {
  const Base = Hls.DefaultConfig.loader;
  const folder = playlistKey.slice(0, playlistKey.lastIndexOf('/') + 1);
  return class extends Base {
    load(
      context: Parameters<InstanceType<typeof Base>['load']>[0],
      config: Parameters<InstanceType<typeof Base>['load']>[1],
      callbacks: Parameters<InstanceType<typeof Base>['load']>[2],
    ) {
      const url = new URL(context.url);
      // The object's key: the path below the bucket (path-style) or the whole path (virtual-hosted).
      const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
      const key =
        path.startsWith(`${bucket}/`) && !url.hostname.startsWith(`${bucket}.`)
          ? path.slice(bucket.length + 1)
          : path;
      if (url.search.includes('X-Amz-Signature') || !key.startsWith(folder)) {
        super.load(context, config, callbacks);
        return;
      }
      objectUrl(bucket, key).then(
        (signed) => super.load({ ...context, url: signed }, config, callbacks),
        () => super.load(context, config, callbacks),
      );
    }
  };
}

export function ImageView({
  bucket,
  objectKey,
  label,
}: {
  bucket: string;
  objectKey: string;
  label: string;
}) {
  const { url, error } = usePresigned(bucket, objectKey);
  return (
    <figure>
      {error ? (
        <p class="error">{error}</p>
      ) : url ? (
        <img src={url} alt={label} data-key={objectKey} />
      ) : (
        <p>Loading…</p>
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function ObjectLink({
  bucket,
  objectKey,
  children,
}: {
  bucket: string;
  objectKey: string;
  children: string;
}) {
  const { url } = usePresigned(bucket, objectKey);
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" class="mono">
      {children}
    </a>
  ) : (
    <span class="mono">{children}</span>
  );
}

const VIDEO = /\.(mp4|mov|webm|m4v)$/i;
const HLS = /\.m3u8$/i;
const IMAGE = /\.(jpe?g|png|gif|webp)$/i;

/** Up to `max` keys of a numbered sequence output (frame captures: key … lastKey). */
export function sequenceKeys(o: SubtaskOutput, max: number): string[] {
  if (!o.count || !o.lastKey || o.count <= 1) return [o.key];
  const m = o.key.match(/^(.*\.)(\d{7})(\.\w+)$/);
  if (!m) return [o.key];
  const n = Math.min(o.count, max);
  return Array.from({ length: n }, (_, i) => {
    const index = n === 1 ? 0 : Math.round((i * (o.count! - 1)) / (n - 1));
    return `${m[1]}${String(index).padStart(7, '0')}${m[3]}`;
  });
}

/** The media of one output: a player, images or nothing (links are in the table). */
export function OutputMedia({ output, label }: { output: SubtaskOutput; label: string }) {
  const size = output.width && output.height ? ` ${output.width}×${output.height}` : '';
  const caption = `${label}${size}${output.sizeBytes ? ` · ${bytes(output.sizeBytes)}` : ''}`;
  if (HLS.test(output.key))
    return <VideoPlayer bucket={output.bucket} objectKey={output.key} label={caption} hls />;
  if (VIDEO.test(output.key))
    return <VideoPlayer bucket={output.bucket} objectKey={output.key} label={caption} />;
  if (IMAGE.test(output.key)) {
    return (
      <>
        {sequenceKeys(output, 4).map((key) => (
          <ImageView
            key={key}
            bucket={output.bucket}
            objectKey={key}
            label={`${label}: ${key.split('/').pop()}`}
          />
        ))}
      </>
    );
  }
  return null;
}
