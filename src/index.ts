/**
 * wgan-lab: the library behind the lessons. Notebooks import it as `import { ... } from 'wgan-lab'`.
 * The folder tree of src/ reads like the course's table of contents; this file re-exports every module.
 */
export * from './backend';
export * from './validate';
export * from './random';
export * from './settings';
export * from './quadrature';
export * from './distributions/gaussian';
export * from './divergences';
export * from './discriminator';
export * from './models/activations';
export * from './models/mlp';
export * from './train/loop';
