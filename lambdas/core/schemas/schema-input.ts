import { z } from 'zod';
import type { Schema } from '../model';
import { EXTENSION_PATTERN, MAX_EXTENSIONS, normaliseExtension } from './extensions';
import { notificationConfigSchema } from './notification-config';
import type { TargetRules } from './notification-target';
import { processingItemsSchema } from './processing-items';
import { bucketNameProblem, directoryProblem, normaliseDirectory, outputDirectoryProblem } from './s3-rules';
import { schemaNameProblem } from './schema-name';
import { addProblem, parseOrThrow, strictObject } from './zod-issues';

/** What a caller provides for a schema: everything except id, status and timestamps. */
export type SchemaInput = Omit<Schema, 'id' | 'status' | 'enabledAt' | 'createdAt' | 'updatedAt'>;

/** Options of schema validation. */
export type SchemaValidationOptions = TargetRules;

function checked(problem: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const message = problem(value);
    if (message) addProblem(ctx, value, message);
  };
}

const bucket = z.string().superRefine(checked(bucketNameProblem));
const directory = z.string().transform((raw, ctx) => {
  const value = normaliseDirectory(raw);
  const message = directoryProblem(value);
  if (message) {
    addProblem(ctx, raw, message);
    return z.NEVER;
  }
  return value;
});

const extensions = z
  .array(
    z.string().transform((raw, ctx) => {
      const value = normaliseExtension(raw);
      if (!EXTENSION_PATTERN.test(value)) {
        addProblem(
          ctx,
          raw,
          'must be a file extension of 1–16 letters or digits, without the dot (e.g. "mp4")',
        );
        return z.NEVER;
      }
      return value;
    }),
  )
  .max(MAX_EXTENSIONS)
  .transform((list) => [...new Set(list)]);

function schemaInputSchema(rules: TargetRules) {
  return strictObject({
    name: z.string().superRefine(checked(schemaNameProblem)),
    trigger: strictObject({ bucket, directory: directory.default(''), extensions: extensions.optional() }),
    output: strictObject({ bucket: bucket.optional(), directory: directory.optional() }).optional(),
    items: processingItemsSchema,
    notification: notificationConfigSchema(rules).optional(),
  }).transform((input, ctx): SchemaInput => {
    const { extensions: exts, ...trigger } = input.trigger;
    const outputDirectory = input.output?.directory ?? trigger.directory;
    const problem = outputDirectoryProblem(outputDirectory);
    if (problem) {
      // The output directory defaults to the trigger's, so a long trigger directory is named when unset.
      const path = input.output?.directory !== undefined ? ['output', 'directory'] : ['trigger', 'directory'];
      addProblem(ctx, outputDirectory, problem, { path });
      return z.NEVER;
    }
    return {
      name: input.name,
      trigger: exts && exts.length > 0 ? { ...trigger, extensions: exts } : trigger,
      output: {
        bucket: input.output?.bucket ?? trigger.bucket,
        directory: outputDirectory,
      },
      items: input.items,
      ...(input.notification ? { notification: input.notification } : {}),
    };
  });
}

const SCHEMAS = new Map<string, ReturnType<typeof schemaInputSchema>>();

/**
 * Validates a schema's input and applies defaults: trigger directory '' (a leading '/' is stripped),
 * output bucket/directory = the trigger's, notification mode 'finish', extensions lower-cased without
 * dot (absent = the default video/audio list). Unknown fields are rejected. Throws ValidationError.
 */
export function validateSchemaInput(input: unknown, options: SchemaValidationOptions = {}): SchemaInput {
  const rules: TargetRules = {
    allowInsecureUrls: options.allowInsecureUrls === true,
    functionModules: options.functionModules === true,
  };
  const key = `${rules.allowInsecureUrls}/${rules.functionModules}`;
  let schema = SCHEMAS.get(key);
  if (!schema) SCHEMAS.set(key, (schema = schemaInputSchema(rules)));
  return parseOrThrow(schema, input, '');
}
