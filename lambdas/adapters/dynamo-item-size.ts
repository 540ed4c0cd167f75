/**
 * The size DynamoDB counts for an item (DynamoDB Developer Guide, "Item sizes and formats"): attribute
 * names and string values in UTF-8 bytes, numbers at about one byte per two significant digits plus
 * one, booleans and nulls one byte, lists and maps three bytes plus one per element (map keys count as
 * names). An item may be at most 400 KB.
 */
export const MAX_ITEM_BYTES = 400 * 1024;

function numberSize(n: number): number {
  const digits = String(Math.abs(n))
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k, 'utf8') + valueSize(v), 0)
    );
  }
  return 0;
}

/** The DynamoDB size of an item (a plain object as lib-dynamodb marshals it), in bytes. */
export function dynamoItemSize(item: Record<string, unknown>): number {
  return Object.entries(item)
    .filter(([, v]) => v !== undefined)
    .reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + valueSize(v), 0);
}
