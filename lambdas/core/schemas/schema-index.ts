import { ValidationError } from '../errors';
import type { Schema } from '../model';
import { isServiceOutputKey } from '../naming/output-paths';
import { acceptedExtensions, keyExtension } from './extensions';

interface IndexedSchema {
  schema: Schema;
  enabledAtMs: number;
  extensions: ReadonlySet<string>;
}

function toMs(time: string, field: string): number {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) {
    throw new ValidationError(`${field} must be an ISO-8601 time; got ${JSON.stringify(time)}`, field);
  }
  return ms;
}

/**
 * Enabled schemas indexed by trigger bucket, then by trigger directory, so matching a key costs one
 * map lookup per '/'-prefix of the key rather than a scan of all schemas.
 */
export class SchemaIndex {
  private readonly byBucket = new Map<string, Map<string, IndexedSchema[]>>();

  constructor(schemas: readonly Schema[]) {
    for (const schema of schemas) {
      if (schema.status !== 'enabled' || schema.enabledAt === undefined) continue;
      const entry: IndexedSchema = {
        schema,
        // S3 event times have one-second resolution: an upload in the second of enabling must match.
        enabledAtMs: Math.floor(toMs(schema.enabledAt, `schema ${schema.id} enabledAt`) / 1000) * 1000,
        extensions: acceptedExtensions(schema.trigger.extensions),
      };
      let byDirectory = this.byBucket.get(schema.trigger.bucket);
      if (!byDirectory) this.byBucket.set(schema.trigger.bucket, (byDirectory = new Map()));
      const list = byDirectory.get(schema.trigger.directory);
      if (list) list.push(entry);
      else byDirectory.set(schema.trigger.directory, [entry]);
    }
  }

  /**
   * Schemas an upload of `bucket`/`key` (decoded key) at `eventTime` triggers: enabled at or before
   * eventTime, trigger directory a prefix of the key, extension accepted. Never matches a key the
   * service writes itself. Shallow directories first, then in the order the schemas were given.
   */
  match(bucket: string, key: string, eventTime: string): Schema[] {
    const byDirectory = this.byBucket.get(bucket);
    if (!byDirectory || isServiceOutputKey(key)) return [];
    const eventMs = toMs(eventTime, 'eventTime');
    const extension = keyExtension(key);
    if (extension === '') return [];
    const matches: Schema[] = [];
    const collect = (directory: string): void => {
      for (const entry of byDirectory.get(directory) ?? []) {
        if (entry.enabledAtMs <= eventMs && entry.extensions.has(extension)) matches.push(entry.schema);
      }
    };
    collect('');
    for (let slash = key.indexOf('/'); slash !== -1; slash = key.indexOf('/', slash + 1)) {
      collect(key.slice(0, slash + 1));
    }
    return matches;
  }

  /** The trigger locations of the enabled schemas (each bucket and directory once). */
  triggerLocations(): { bucket: string; directory: string }[] {
    return [...this.byBucket].flatMap(([bucket, byDirectory]) =>
      [...byDirectory.keys()].map((directory) => ({ bucket, directory })),
    );
  }

  /** Number of enabled schemas in the index. */
  get size(): number {
    let n = 0;
    for (const byDirectory of this.byBucket.values())
      for (const list of byDirectory.values()) n += list.length;
    return n;
  }
}
