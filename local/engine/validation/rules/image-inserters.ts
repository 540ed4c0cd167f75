/** The image overlays (InsertableImages) a request states, on inputs and on outputs' video. */
import { asList, asObject, isObject, type JsonObject } from '../values';
import { indexPath } from '../violation';
import type { JobView } from './job-view';

export interface InsertableImageAt {
  /** `...ImageInserter.InsertableImages[i]` */
  path: string;
  image: JsonObject;
}

/** One ImageInserter: its images, each with its path. */
export type ImageInserterImages = readonly InsertableImageAt[];

function imagesOf(inserter: unknown, inserterPath: string): ImageInserterImages {
  const listPath = `${inserterPath}.InsertableImages`;
  const images: InsertableImageAt[] = [];
  asList(asObject(inserter)?.InsertableImages).forEach((image, i) => {
    if (isObject(image)) images.push({ path: indexPath(listPath, i), image });
  });
  return images;
}

/** Every ImageInserter of the job (Settings.Inputs[i] and VideoPreprocessors of outputs without Preset). */
export function imageInserters(job: JobView): ImageInserterImages[] {
  const inserters: ImageInserterImages[] = [];
  asList(job.settings?.Inputs).forEach((input, i) => {
    const inserter = asObject(input)?.ImageInserter;
    if (inserter !== undefined) inserters.push(imagesOf(inserter, `$.Settings.Inputs[${i}].ImageInserter`));
  });
  for (const output of job.explicitOutputs) {
    const inserter = asObject(output.video?.VideoPreprocessors)?.ImageInserter;
    if (inserter === undefined) continue;
    inserters.push(imagesOf(inserter, `${output.path}.VideoDescription.VideoPreprocessors.ImageInserter`));
  }
  return inserters;
}
