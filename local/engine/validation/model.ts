/**
 * AWS's MediaConvert service model (vendored, see model/SOURCE.md): loaded once on first use, and the
 * entry point for checking a value against one of its shapes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compileShape, preludeShape, type CompiledShape } from './compiled-shape';
import type { SmithyModel } from './smithy';
import type { Violation } from './violation';
import { isObject } from './values';
import { walkValue } from './walk';

export const MODEL_FILE = path.join(__dirname, 'model', 'mediaconvert-2017-08-29.json.gz');
export const NAMESPACE = 'com.amazonaws.mediaconvert';
export const CREATE_JOB_REQUEST = `${NAMESPACE}#CreateJobRequest`;

let model: SmithyModel | undefined;
const compiled = new Map<string, CompiledShape>();

/** The parsed model; read and gunzipped on the first call only. */
export function loadModel(): SmithyModel {
  if (!model) {
    const parsed: unknown = JSON.parse(gunzipSync(readFileSync(MODEL_FILE)).toString('utf8'));
    if (!isObject(parsed) || !isObject(parsed.shapes))
      throw new Error(`${MODEL_FILE} is not a Smithy JSON model`);
    model = parsed as unknown as SmithyModel;
  }
  return model;
}

/** The shape with absolute id `id` (or a name in the MediaConvert namespace), prepared for checking. */
export function shapeById(id: string): CompiledShape {
  const absolute = id.includes('#') ? id : `${NAMESPACE}#${id}`;
  let shape = compiled.get(absolute);
  if (!shape) {
    const raw = loadModel().shapes[absolute] ?? preludeShape(absolute);
    if (!raw) throw new Error(`unknown shape ${id} in the MediaConvert model`);
    shape = compileShape(absolute, raw);
    compiled.set(absolute, shape);
  }
  return shape;
}

/** Every way `value` breaks the model's shape `id` (an absolute id or a MediaConvert shape name). */
export function checkAgainstModel(value: unknown, id: string): Violation[] {
  const violations: Violation[] = [];
  walkValue(value, shapeById(id), '$', violations, shapeById);
  return violations;
}
