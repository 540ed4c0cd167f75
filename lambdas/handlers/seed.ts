/** Lambda entry point of the seed custom resource (Provider framework onEvent handler). */
import { seedFunction } from '../composition';
import { seedEntry } from '../entries/seed';
import { awsPlatform } from '../platform/aws';

export const handler = seedEntry(seedFunction(awsPlatform));
