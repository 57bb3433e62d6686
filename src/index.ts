/**
 * wgan-lab's public API: what lessons, assignments and users import as `import { ... } from 'wgan-lab'`.
 * Grouped as the course goes: numerics and distributions, divergences and transport, models and losses,
 * Lipschitz methods, data, training, metrics, tricks, the Dirac-GAN, figures and the notebook.
 * The argument validators (src/validate.ts) are internal and not exported.
 */
// The backend and randomness.
export * from './backend';
export * from './random';
export * from './papers';

// Numerical building blocks.
export * from './numerics/quadrature';
export * from './numerics/piecewise-quadrature';
export * from './numerics/gauss-hermite';
export * from './numerics/special';
export * from './numerics/symmetric';
export * from './numerics/singular-values';

// 1D distributions, divergences and the optimal discriminator.
export * from './distributions/density';
export * from './distributions/gaussian';
export * from './distributions/uniform';
export * from './distributions/mixture';
export * from './distributions/parallel-lines';
export * from './distributions/bin-masses';
export * from './divergences';
export * from './discriminator';

// Optimal transport and Wasserstein distances.
export * from './transport/wasserstein1d';
export * from './transport/empirical';
export * from './transport/plan';
export * from './transport/exact';
export * from './transport/sinkhorn';
export * from './transport/point-clouds';

// Models and losses.
export * from './models/model';
export * from './models/activations';
export * from './models/mlp';
export * from './models/conv';
export * from './models/weights-binary';
export * from './models/evaluate';
export * from './losses';

// Keeping the critic Lipschitz.
export * from './lipschitz/method';
export * from './lipschitz/input-gradient';
export * from './lipschitz/interpolates';
export * from './lipschitz/gradient-penalty';
export * from './lipschitz/zero-centred-penalties';
export * from './lipschitz/weight-clipping';
export * from './lipschitz/spectral-norm';

// Data.
export * from './data/sampler';
export * from './data/latent';
export * from './data/toys';
export * from './data/noisy';
export * from './data/circle';
export * from './data/idx';
export * from './data/images';
export * from './data/mnist';
export * from './data/multivariate-gaussian';

// Training.
export * from './train/loop';
export * from './train/critic';
export * from './train/gan';
export * from './train/learning-rate';
export * from './train/adam';
export * from './train/ema';
export * from './train/snapshot';
export * from './train/samples';
export * from './train/weights-file';
export * from './train/classifier';
export * from './train/tracker';
export * from './train/critic-monitor';
export * from './train/sweep';
export * from './parallel/pool';
export * from './parallel/task';
export * from './train/gradient-norm';
export * from './train/paper-settings';
export * from './train/interrupt';
export { compiledStepUnsupported, compiledStepNodes } from './compiled/gan-step';

// Runs that survive a restart: the run record, checkpoints.
export * from './runs/record';
export * from './runs/checkpoint';
export * from './runs/state';
export * from './runs/files';

// Measuring runs.
export * from './metrics/modes';
export * from './metrics/peak-contrast';
export * from './metrics/summary';
export * from './metrics/smoothing';
export * from './metrics/fit';
export * from './metrics/classifier';
export * from './metrics/frechet';
export * from './metrics/class-coverage';
export * from './metrics/nearest';
export * from './metrics/image-scores';
export * from './metrics/correlation';
export * from './metrics/w1-yardstick';

// Stabilisation tricks.
export * from './tricks/feature-matching';
export * from './tricks/minibatch-discrimination';
export * from './tricks/historical-averaging';
export * from './tricks/label-smoothing';
export * from './tricks/virtual-batch-norm';
export * from './tricks/replay-buffer';
export * from './tricks/instance-noise';

// The Dirac-GAN.
export * from './dirac/game';
export * from './dirac/training';
export * from './dirac/stability';
export * from './dirac/methods';

// Figures.
export * from './plot/spec';
export * from './plot/theme';
export * from './plot/figures';
export * from './plot/render';
export * from './plot/png';
export * from './plot/plotly';

// The notebook: settings, display, progress, checks.
export * from './notebook/settings';
export * from './notebook/display';
export * from './notebook/show';
export * from './notebook/gallery';
export * from './notebook/progress';
export * from './notebook/code';
export * from './notebook/checks';
export * from './notebook/exercise-checks';
