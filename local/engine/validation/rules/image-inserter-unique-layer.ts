import { asNumber } from '../values';
import { imageInserters } from './image-inserters';
import { defineRule } from './rule';

/** The overlays of one ImageInserter use different layers. */
export const imageInserterUniqueLayer = defineRule({
  id: 'image-inserter-unique-layer',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/using-multiple-overlays.html',
  constraint:
    '"Each overlay must have a unique value for Layer; ' +
    'you can\'t assign the same layer number to more than one overlay."',
  apply(job, report) {
    for (const images of imageInserters(job)) {
      const firstWithLayer = new Map<number, string>();
      for (const { path, image } of images) {
        const layer = asNumber(image.Layer);
        if (layer === undefined) continue;
        const first = firstWithLayer.get(layer);
        if (first === undefined) firstWithLayer.set(layer, path);
        else
          report(
            `${path}.Layer`,
            `Layer ${layer} is already used by ${first}; each overlay needs its own layer`,
          );
      }
    }
  },
});
