/**
 * Templates and schemas declared in a CDK app (the seed custom resource) or by the local runtime,
 * validated like the API validates them, each error naming the declaration (`Templates[0] (id …)`,
 * `Schemas[1]`). Pure: used at deploy by the seed function (which also checks references against the
 * stored templates) and at synth by lib/seed.ts, so a broken declaration fails `cdk synth`.
 */
import { ValidationError } from './errors';
import { isJsonObject } from './json';
import type { SchemaStatus, Template, TemplateType } from './model';
import {
  checkStackBuckets,
  checkTemplateReferences,
  referencedTemplateIds,
  type SchemaInput,
  type StackBuckets,
  validateSchemaInput,
} from './schemas';
import {
  assertWatermarkSizeKnown,
  FIRST_USER_TEMPLATE_ID,
  getPreset,
  isPresetId,
  validateTemplate,
} from './templates';

export interface DeclarationRules {
  /** Accept http:// and private callback URLs (local runtime only). */
  allowInsecureUrls?: boolean;
  /** Function targets are handler modules (local runtime only). */
  functionModules?: boolean;
  /** The buckets the deployment serves; absent: any. */
  buckets?: StackBuckets;
}

export interface ValidDeclarations {
  templates: Template[];
  schemas: { input: SchemaInput; status: SchemaStatus }[];
}

/** A ValidationError's message prefixed with where the declaration is; other errors unchanged. */
export function locatedError(where: string, err: unknown): unknown {
  return err instanceof ValidationError
    ? new ValidationError(`${where}: ${err.message}`, err.field, err.code)
    : err;
}

function at<T>(where: string, validate: () => T): T {
  try {
    return validate();
  } catch (err) {
    throw locatedError(where, err);
  }
}

/**
 * A declared user template, `{ id, type, ...body }`, validated like the API's but with an id of its own
 * (≥ FIRST_USER_TEMPLATE_ID: ids below are presets); created and updated at `now`.
 */
export function declaredTemplate(declaration: Record<string, unknown>, now: string): Template {
  const { id, type, ...body } = declaration;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < FIRST_USER_TEMPLATE_ID || isPresetId(id)) {
    throw new ValidationError(
      `id must be an integer ≥ ${FIRST_USER_TEMPLATE_ID} (ids below are presets); got ${JSON.stringify(id)}`,
      'id',
    );
  }
  const valid = validateTemplate(type as TemplateType, body);
  // A seed cannot read the image (at synth it may not exist yet): its size must be declared.
  if (valid.type === 'watermark') assertWatermarkSizeKnown(valid);
  return { ...valid, id, preset: false, createdAt: now, updatedAt: now } as Template;
}

/** A declared schema: its definition and status (default 'enabled'), under the deployment's rules. */
export function declaredSchema(
  declaration: Record<string, unknown>,
  rules: DeclarationRules,
): { input: SchemaInput; status: SchemaStatus } {
  const { status = 'enabled', ...body } = declaration;
  if (status !== 'enabled' && status !== 'disabled') {
    throw new ValidationError(
      `status must be "enabled" or "disabled"; got ${JSON.stringify(status)}`,
      'status',
    );
  }
  const input = validateSchemaInput(body, {
    allowInsecureUrls: rules.allowInsecureUrls === true,
    functionModules: rules.functionModules === true,
  });
  checkStackBuckets({ trigger: input.trigger.bucket, output: input.output.bucket }, rules.buckets);
  return { input, status };
}

/** Validates every declaration (nothing is written when any is invalid). */
export function validateDeclarations(
  declared: { templates: unknown[]; schemas: unknown[] },
  rules: DeclarationRules,
  now: string,
): ValidDeclarations {
  const templates = declared.templates.map((t, i) => {
    const where = `Templates[${i}]`;
    if (!isJsonObject(t)) throw new ValidationError(`${where} must be an object`, where);
    try {
      return declaredTemplate(t, now);
    } catch (err) {
      if (err instanceof ValidationError && err.field === 'id') {
        throw new ValidationError(`${where}.${err.message}`, `${where}.id`, err.code);
      }
      throw locatedError(`${where} (id ${JSON.stringify(t.id)})`, err);
    }
  });
  const schemas = declared.schemas.map((s, i) => {
    const where = `Schemas[${i}]`;
    if (!isJsonObject(s)) throw new ValidationError(`${where} must be an object`, where);
    return at(where, () => declaredSchema(s, rules));
  });
  return { templates, schemas };
}

/**
 * What synth can check of the declared schemas' template references, knowing presets and declared
 * templates only: a reference that can never exist (below FIRST_USER_TEMPLATE_ID, not a preset) or a
 * template in the wrong slot throws; user ids not declared are returned (they may already be stored;
 * the seed function checks them at deploy).
 */
export function checkDeclaredReferences(valid: ValidDeclarations): number[] {
  const declared = new Map(valid.templates.map((t) => [t.id, t]));
  const unknownUserIds = new Set<number>();
  valid.schemas.forEach(({ input }, i) => {
    const known = new Map<number, Template>();
    const missing: number[] = [];
    for (const id of referencedTemplateIds(input.items)) {
      const template = declared.get(id) ?? getPreset(id);
      if (template) known.set(id, template);
      else missing.push(id);
    }
    const where = `Schemas[${i}] (${input.name})`;
    const impossible = missing.find((id) => id < FIRST_USER_TEMPLATE_ID);
    if (impossible !== undefined) {
      throw new ValidationError(
        `${where}: template ${impossible} does not exist: it is not a preset, and user template ids start at ${FIRST_USER_TEMPLATE_ID}`,
        'items',
        'InvalidParameter.DefinitionNotExist',
      );
    }
    // With every reference known, slots are checked now; otherwise by the seed function at deploy.
    if (missing.length === 0) at(where, () => checkTemplateReferences(input.items, known));
    for (const id of missing) unknownUserIds.add(id);
  });
  return [...unknownUserIds].sort((a, b) => a - b);
}
