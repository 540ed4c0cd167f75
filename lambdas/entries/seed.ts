import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ValidationError } from '../core/errors';
import type { Log } from '../core/ports';
import type { SeedService } from '../services/seed-service';

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

export interface SeedEntryDeps {
  seed: SeedService;
  logger: Log;
}

/**
 * seed: CloudFormation custom resource (Provider framework) writing the templates and schemas declared
 * in the CDK app. Properties: `Templates`, `Schemas` (JSON arrays as strings), optional
 * `RemoveOnDelete` ("true" deletes the declared items when the resource is deleted; default: user data
 * is kept). Create/Update are idempotent; items dropped from the declaration are kept.
 */
export function seedEntry(deps: SeedEntryDeps) {
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
