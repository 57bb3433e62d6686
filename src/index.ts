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
export * from './distributions/uniform';
export * from './distributions/mixture';
export * from './distributions/parallelLines';
export * from './piecewiseQuadrature';
export * from './transport/wasserstein1d';
export * from './transport/empirical';
export * from './transport/exact';
export * from './transport/sinkhorn';
export * from './discriminator';
export * from './models/activations';
export * from './models/mlp';
export * from './models/evaluate';
export * from './train/loop';
export * from './checks';
export * from './train/critic';
export * from './plot/display';
export * from './plot/vega';
export * from './plot/charts';
export * from './plot/progress';
export * from './plot/plotly';
export * from './losses';
export * from './lipschitz/input-gradient';
export * from './lipschitz/interpolates';
export * from './lipschitz/gradient-penalty';
export * from './lipschitz/zero-centred-penalties';
export * from './lipschitz/weight-clipping';
export * from './dirac/gaussHermite';
export * from './dirac/game';
export * from './dirac/training';
export * from './dirac/stability';
export * from './dirac/methods';
export * from './data/sampler';
export * from './data/toys';
export * from './metrics/modes';
export * from './train/defaults';
export * from './train/gan';
