/** Image sprites: sheets + WebVTT composed from captured frames (pure). */
export * from './compose-sprite';
export * from './cue-times';
export * from './webvtt';
export * from './compose-sprites';
