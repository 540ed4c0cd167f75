/**
 * Content moderation, offline: NSFWJS (a MobileNetV2 image classifier whose weights ship inside the
 * `nsfwjs` npm package) on TensorFlow.js's pure-JavaScript CPU backend. Each sampled frame gets the
 * model's five classes (Drawing, Hentai, Neutral, Porn, Sexy) with a confidence; Hentai, Porn and Sexy
 * are the unsafe labels the verdict is decided from.
 */
import { readFile } from 'node:fs/promises';
import type { ReviewLabel } from '../../lambdas/core/ai/verdict';

/** Side of the square RGB frames the model takes. */
export const MODEL_INPUT_SIZE = 224;
/** The model's classes that count as unsafe. */
export const UNSAFE_LABELS = ['Porn', 'Hentai', 'Sexy'] as const;

/** True for the model's unsafe classes. */
export function isUnsafeClass(label: ReviewLabel): boolean {
  return (UNSAFE_LABELS as readonly string[]).includes(label.name);
}

interface NsfwModel {
  classify(image: unknown, topk?: number): Promise<Array<{ className: string; probability: number }>>;
}
interface Tf {
  enableProdMode(): void;
  setBackend(name: string): Promise<boolean>;
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
}

let loaded: Promise<{ tf: Tf; model: NsfwModel }> | undefined;

/** Loads TensorFlow.js (CPU backend) and the bundled MobileNetV2 model once per process. */
function loadModel(): Promise<{ tf: Tf; model: NsfwModel }> {
  loaded ??= (async () => {
    const tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
    // Production mode: no debug checks, and no advice to install tfjs-node (a native build) on first use.
    tf.enableProdMode();
    await tf.setBackend('cpu');
    const nsfw = (await import('nsfwjs')) as unknown as { load(name: string): Promise<NsfwModel> };
    // 'MobileNetV2' is the model bundled in the package (dist/models); nothing is fetched.
    return { tf, model: await nsfw.load('MobileNetV2') };
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/**
 * Classifies raw RGB frames of MODEL_INPUT_SIZE² pixels (ffmpeg `-pix_fmt rgb24`, `scale=224:224`).
 * Returns each frame's labels, most confident first.
 */
export async function classifyFrames(
  rgbFiles: readonly string[],
  cancelled: () => boolean,
): Promise<ReviewLabel[][]> {
  const { tf, model } = await loadModel();
  const out: ReviewLabel[][] = [];
  for (const file of rgbFiles) {
    if (cancelled()) break;
    const pixels = new Uint8Array(await readFile(file));
    const expected = MODEL_INPUT_SIZE * MODEL_INPUT_SIZE * 3;
    if (pixels.length !== expected)
      throw new Error(`frame ${file} has ${pixels.length} bytes, not ${expected}`);
    const image = tf.tensor3d(pixels, [MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 3], 'int32');
    try {
      const predictions = await model.classify(image, 5);
      out.push(
        predictions.map((p) => ({ name: p.className, confidence: Math.round(p.probability * 1000) / 10 })),
      );
    } finally {
      image.dispose();
    }
  }
  return out;
}
