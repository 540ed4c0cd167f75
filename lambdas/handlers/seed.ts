/**
 * seed: CloudFormation custom resource (Provider framework) writing the templates and schemas declared
 * in the CDK app. Properties: `Templates`, `Schemas` (JSON arrays as strings), optional
 * `RemoveOnDelete` ("true" deletes the declared items when the resource is deleted; default: user data
 * is kept). Create/Update are idempotent; items dropped from the declaration are kept. Env: TABLE_NAME.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createDocumentClient } from '../adapters/aws-clients';
import { createDynamoStores } from '../adapters/dynamo-stores';
import { seedConfig } from '../config';
import { ValidationError } from '../core/errors';
import { SeedService } from '../services/seed-service';

/** What the Provider framework expects back. */
export interface SeedResponse {
  PhysicalResourceId: string;
  Data: { TemplatesWritten: number; SchemasWritten: number };
}

function parseList(props: Record<string, unknown>, name: 'Templates' | 'Schemas'): unknown[] {
  const raw = props[name] ?? '[]';
  let value: unknown;
  try {
    value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw new ValidationError(`property ${name} must be a JSON array string; it is not valid JSON`, name);
  }
  if (!Array.isArray(value)) throw new ValidationError(`property ${name} must be a JSON array`, name);
  return value;
}

/** The seed handler over the given service. */
export function createSeedHandler(deps: { seed: SeedService; logger: Logger }) {
  return async (event: CloudFormationCustomResourceEvent): Promise<SeedResponse> => {
    const physicalId =
      event.RequestType === 'Create' ? `mps-seed-${event.LogicalResourceId}` : event.PhysicalResourceId;
    const props = event.ResourceProperties as Record<string, unknown>;
    const declared = { templates: parseList(props, 'Templates'), schemas: parseList(props, 'Schemas') };
    if (event.RequestType === 'Delete') {
      if (String(props.RemoveOnDelete) === 'true') {
        await deps.seed.remove(declared);
        deps.logger.info('declared templates and schemas removed (RemoveOnDelete)');
      } else {
        deps.logger.info('resource deleted; templates and schemas are kept');
      }
      return { PhysicalResourceId: physicalId, Data: { TemplatesWritten: 0, SchemasWritten: 0 } };
    }
    const result = await deps.seed.apply(declared);
    deps.logger.info('seed applied', { ...result });
    return {
      PhysicalResourceId: physicalId,
      Data: {
        TemplatesWritten: result.templatesWritten.length,
        SchemasWritten: result.schemasWritten.length,
      },
    };
  };
}

const config = seedConfig();
const stores = createDynamoStores(createDocumentClient(), config.tableName);

/** Lambda entry point (custom resource onEvent handler). */
export const handler = createSeedHandler({
  seed: new SeedService({ templates: stores.templates, schemas: stores.schemas }),
  logger: new Logger(),
});
