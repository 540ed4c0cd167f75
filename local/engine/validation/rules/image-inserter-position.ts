import { isAbsent } from '../values';
import { imageInserters } from './image-inserters';
import { defineRule } from './rule';

/** Every overlay states ImageX and ImageY. */
export const imageInserterPosition = defineRule({
  id: 'image-inserter-position',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-insertableimage',
  constraint: 'InsertableImage ImageX and ImageY: "Required for any image overlay that you specify."',
  apply(job, report) {
    for (const images of imageInserters(job)) {
      for (const { path, image } of images) {
        for (const member of ['ImageX', 'ImageY']) {
          if (isAbsent(image[member]))
            report(`${path}.${member}`, `${member} is required for every image overlay`);
        }
      }
    }
  },
});
