/**
 * The figure vocabulary in one import: builders named for what lessons show, all drawn in the theme.
 * `show(figure, { save })` (src/notebook/show.ts) displays and saves any of them.
 */
export * from './curves';
export * from './samples';
export * from './images';
export * from './training';
export * from './distributions';
export * from './heatmap';
export * from './compose';
export * from './interactive';
export * from './contours';
export * from './table';
export * from './vector-field';
export * from './yardstick';
