import type { SchemaStore } from '../core/ports';
import { SchemaIndex } from '../core/schemas';

/**
 * The enabled schemas as a SchemaIndex, rebuilt only when SchemaStore.revision() changes (one
 * strongly consistent read per call instead of reading every schema per upload). The revision is read
 * before the schemas, so a write racing with a rebuild bumps the revision and forces another rebuild.
 */
export class SchemaCache {
  private cached?: { revision: number; index: SchemaIndex };

  constructor(private readonly schemas: SchemaStore) {}

  async index(): Promise<SchemaIndex> {
    const revision = await this.schemas.revision();
    if (this.cached?.revision !== revision) {
      this.cached = { revision, index: new SchemaIndex(await this.schemas.listEnabled()) };
    }
    return this.cached.index;
  }
}
