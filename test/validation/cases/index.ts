/** Every rule's cases, by rule id. */
import { ACCELERATION_CASES } from './acceleration';
import { AUDIO_CASES } from './audio';
import { FRAME_CAPTURE_AND_AUDIO_ONLY_CASES } from './frame-capture-and-audio-only';
import { IMAGE_INSERTER_CASES } from './image-inserter';
import { OUTPUT_CASES } from './outputs';
import type { RuleCases } from './rule-case';
import { VIDEO_CASES } from './video';

export type { RuleCase } from './rule-case';

export const RULE_CASES: RuleCases = {
  ...FRAME_CAPTURE_AND_AUDIO_ONLY_CASES,
  ...ACCELERATION_CASES,
  ...OUTPUT_CASES,
  ...VIDEO_CASES,
  ...IMAGE_INSERTER_CASES,
  ...AUDIO_CASES,
};
