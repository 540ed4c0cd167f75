/** MP4/MOV header probing (duration, video size) from byte ranges; no I/O of its own. */
export * from './boxes';
export * from './movie-header';
export * from './probe-mp4';
export * from './image-header';
export * from './media-signature';
