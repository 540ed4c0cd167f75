import { asString } from '../values';
import { imageInserters } from './image-inserters';
import { defineRule } from './rule';

const OVERLAY_EXTENSIONS = new Set(['png', 'tga']);

/** The file extension of an s3:// or http(s):// URI, ignoring a URL's query and fragment. */
function extensionOf(uri: string): string {
  const file = /^https?:\/\//i.test(uri) ? uri.replace(/[?#].*$/s, '') : uri;
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Overlay images are PNG or TGA files. */
export const imageInserterFileType = defineRule({
  id: 'image-inserter-file-type',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/requirements-for-the-overlay-file.html',
  constraint:
    '"File type: Use .png or .tga." (API InsertableImage.ImageInserterInput: "Use a PNG or TGA file"; ' +
    "the model's pattern still admits .bmp)",
  apply(job, report) {
    for (const images of imageInserters(job)) {
      for (const { path, image } of images) {
        const uri = asString(image.ImageInserterInput);
        if (uri === undefined || OVERLAY_EXTENSIONS.has(extensionOf(uri))) continue;
        report(
          `${path}.ImageInserterInput`,
          `an overlay image must be a .png or .tga file, not ${JSON.stringify(uri)}`,
        );
      }
    }
  },
});
