/**
 * How real S3 writes object keys into event notifications: URL-encoded form style (S3 uses Java's
 * URLEncoder): UTF-8 percent-encoding of everything except `A–Z a–z 0–9 . - _ *`, a space becomes
 * `+`, and `/` separators are kept. So `in put/a+b ü%.mp4` arrives as `in+put/a%2Bb+%C3%BC%25.mp4`.
 *
 * Local emulators put the raw key into their records; the local EventBridge bridge encodes it with
 * this function so that the handlers see exactly what they see in AWS (and their single decoding
 * adapter is exercised locally too).
 */
export function encodeS3EventKey(key: string): string {
  return key.split('/').map(encodeSegment).join('/');
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment)
    .replace(/[!'()~]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
    .replace(/%20/g, '+');
}
