/**
 * AWS's official service models of MediaConvert, Rekognition and Transcribe (vendored, see
 * model/SOURCE.md): each loaded on first use, picked by the namespace of a shape id, and the entry points
 * for checking a value against one of their shapes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compileShape, preludeShape, type CompiledShape } from './compiled-shape';
import { shapeName, type SmithyModel } from './smithy';
import type { Violation } from './violation';
import { isObject } from './values';
import { walkValue } from './walk';

const MODEL_DIR = path.join(__dirname, 'model');

export const NAMESPACE = 'com.amazonaws.mediaconvert';
export const MODEL_FILE = path.join(MODEL_DIR, 'mediaconvert-2017-08-29.json.gz');
export const CREATE_JOB_REQUEST = `${NAMESPACE}#CreateJobRequest`;

/** Namespace -> gzipped Smithy JSON model file (absolute path) of every vendored AWS model. */
export const AWS_MODEL_FILES: Readonly<Record<string, string>> = Object.freeze({
  [NAMESPACE]: MODEL_FILE,
  'com.amazonaws.rekognition': path.join(MODEL_DIR, 'rekognition-2016-06-27.json.gz'),
  'com.amazonaws.transcribe': path.join(MODEL_DIR, 'transcribe-2017-10-26.json.gz'),
});

/** A loaded model and its resolver, which compiles each shape once and caches it. */
interface LoadedModel {
  model: SmithyModel;
  resolve: (id: string) => CompiledShape;
}

const loaded = new Map<string, LoadedModel>();

function namespaceOf(shapeId: string): string {
  const hash = shapeId.indexOf('#');
  if (hash <= 0) throw new Error(`${JSON.stringify(shapeId)} is not an absolute shape id (namespace#Name)`);
  return shapeId.slice(0, hash);
}

function load(namespace: string): LoadedModel {
  let entry = loaded.get(namespace);
  if (entry) return entry;
  const file = Object.hasOwn(AWS_MODEL_FILES, namespace) ? AWS_MODEL_FILES[namespace] : undefined;
  if (!file) {
    const known = Object.keys(AWS_MODEL_FILES).join(', ');
    throw new Error(`no vendored AWS model for namespace ${namespace}; known: ${known}`);
  }
  const parsed: unknown = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  if (!isObject(parsed) || !isObject(parsed.shapes)) throw new Error(`${file} is not a Smithy JSON model`);
  const model = parsed as unknown as SmithyModel;
  const compiled = new Map<string, CompiledShape>();
  const resolve = (id: string): CompiledShape => {
    let shape = compiled.get(id);
    if (!shape) {
      const raw = Object.hasOwn(model.shapes, id) ? model.shapes[id] : preludeShape(id);
      if (!raw) throw new Error(`unknown shape ${shapeName(id)} in the ${namespace} model`);
      shape = compileShape(id, raw);
      compiled.set(id, shape);
    }
    return shape;
  };
  entry = { model, resolve };
  loaded.set(namespace, entry);
  return entry;
}

/** The parsed model of `namespace` (e.g. `com.amazonaws.rekognition`); read and gunzipped once. */
export function loadAwsModel(namespace: string): SmithyModel {
  return load(namespace).model;
}

/** The shape with absolute id `shapeId`, from the model its namespace names, prepared for checking. */
export function awsShapeById(shapeId: string): CompiledShape {
  return load(namespaceOf(shapeId)).resolve(shapeId);
}

/**
 * Every way `value` (SDK v3 form: model member names, Date timestamps) breaks the shape `shapeId`, an
 * absolute id such as `com.amazonaws.rekognition#StartContentModerationRequest`. [] means valid.
 */
export function checkAgainstAwsModel(value: unknown, shapeId: string): Violation[] {
  const { resolve } = load(namespaceOf(shapeId));
  const violations: Violation[] = [];
  walkValue(value, resolve(shapeId), '$', violations, resolve);
  return violations;
}

const mediaConvertId = (id: string): string => (id.includes('#') ? id : `${NAMESPACE}#${id}`);

/** The parsed MediaConvert model. */
export function loadModel(): SmithyModel {
  return loadAwsModel(NAMESPACE);
}

/** A shape by absolute id or by MediaConvert shape name, prepared for checking. */
export function shapeById(id: string): CompiledShape {
  return awsShapeById(mediaConvertId(id));
}

/** Every way `value` breaks shape `id` (an absolute id or a MediaConvert shape name). */
export function checkAgainstModel(value: unknown, id: string): Violation[] {
  return checkAgainstAwsModel(value, mediaConvertId(id));
}
