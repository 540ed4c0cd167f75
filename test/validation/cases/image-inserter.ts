import { createJob, edit, fileGroup, watermarkedOutput, outputPath } from '../fixtures';
import type { RuleCases } from './rule-case';

const watermarked = createJob([fileGroup([watermarkedOutput()])]);
const IMAGES = `${outputPath(0, 0)}.VideoDescription.VideoPreprocessors.ImageInserter.InsertableImages`;
const INPUT_IMAGES = '$.Settings.Inputs[0].ImageInserter.InsertableImages';
const secondImage = { ImageInserterInput: 's3://assets/brand/badge.tga', ImageX: 20, ImageY: 20, Layer: 1 };

export const IMAGE_INSERTER_CASES: RuleCases = {
  'image-inserter-file-type': [
    {
      name: 'a BMP overlay (the model pattern still allows it)',
      breaks: edit(watermarked, { [`${IMAGES}[0].ImageInserterInput`]: 's3://assets/brand/logo.bmp' }),
      at: [`${IMAGES}[0].ImageInserterInput`],
      passes: edit(watermarked, { [`${IMAGES}[0].ImageInserterInput`]: 's3://assets/brand/logo.TGA' }),
    },
    {
      name: 'an input overlay over HTTPS, judged by the path before the query',
      breaks: edit(watermarked, {
        [`${INPUT_IMAGES}[0]`]: {
          ImageInserterInput: 'https://cdn.example.com/logo.bmp?v=1',
          ImageX: 0,
          ImageY: 0,
        },
      }),
      at: [`${INPUT_IMAGES}[0].ImageInserterInput`],
      passes: edit(watermarked, {
        [`${INPUT_IMAGES}[0]`]: {
          ImageInserterInput: 'https://cdn.example.com/logo.png?v=1',
          ImageX: 0,
          ImageY: 0,
        },
      }),
    },
  ],
  'image-inserter-position': [
    {
      name: 'an overlay without ImageY',
      breaks: edit(watermarked, { [`${IMAGES}[0].ImageY`]: undefined }),
      at: [`${IMAGES}[0].ImageY`],
      passes: edit(watermarked, { [`${IMAGES}[0].ImageY`]: 0 }),
    },
  ],
  'image-inserter-unique-layer': [
    {
      name: 'two overlays on layer 1',
      breaks: edit(watermarked, { [`${IMAGES}[1]`]: secondImage }),
      at: [`${IMAGES}[1].Layer`],
      passes: edit(watermarked, { [`${IMAGES}[1]`]: { ...secondImage, Layer: 2 } }),
    },
  ],
};
