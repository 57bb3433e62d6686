// Lesson 06's runs: the standard GAN, each trick as the few lines it changes, and one run from (method, seed).
// They live in this module, not in the notebook's cells, so that the lesson's sweeps can run them in parallel
// worker processes (a function defined in a cell cannot be sent to another process). The lesson shows each
// region below where it explains the trick; editing a trick here and running the lesson again retrains.
import {
  Rng, mlp, createGan, trainGan, generateSamples, sampleTracker, progress, wganGp, minimaxDiscriminatorLoss, nonSaturatingGeneratorLoss,
  wassersteinCriticLoss, wassersteinGeneratorLoss, matchFeatures, criticWithMinibatchDiscrimination, historicalAverage, labelSmoothing,
  generatorWithVirtualBatchNorm, replayBuffer, replayBatches, instanceNoiseBatch, eightGaussians, twentyFiveGaussians, modeCoverage, stepDecay, adam,
  type GanParts, type MixtureSampler, type ModeCoverage, type SampleSnapshot,
} from 'wgan-lab';

/** What determines a run besides (method, seed): the lesson's settings cell passes them. */
export interface Settings {
  /** '8 Gaussians' or '25 Gaussians'. */
  dataset: string;
  /** Generator steps (one discriminator step each; WGAN-GP: 5). */
  steps: number;
  /** Hidden layers of both networks (ReLU). */
  hidden: number[];
  /** From this fraction of the steps on, a tenth of the learning rate. */
  settleFraction: number;
  batch: number;
  latentDim: number;
  learningRate: number;
  /** Samples the metrics are computed from. */
  evalSamples: number;
  /** Samples kept (from fixed latent vectors) at five points of each run, for the pictures over training. */
  trackedSamples: number;
}

/** What a trick receives and changes. */
export interface Build { parts: GanParts; rng: Rng; criticSeed: number; generatorSeed: number; steps: number; hidden: number[]; settings: Settings }

/** What one run keeps besides its metrics. */
export interface RunResult { samples: Float32Array; coverage: ModeCoverage; snapshots: SampleSnapshot<undefined>[] }

const DATASETS: Record<string, () => MixtureSampler> = { '8 Gaussians': eightGaussians, '25 Gaussians': twentyFiveGaussians };

// #region standard GAN
export function standardParts(data: MixtureSampler, seed: number, settings: Settings): Build {
  const { steps, hidden, latentDim, batch, learningRate, settleFraction } = settings;
  const rng = new Rng(seed), generatorSeed = rng.seed(), criticSeed = rng.seed();
  const parts: GanParts = {
    generator: mlp({ inputDim: latentDim, hidden, outputDim: 2, activation: 'relu', seed: generatorSeed, name: 'generator' }),
    critic: mlp({ inputDim: 2, hidden, outputDim: 1, activation: 'relu', seed: criticSeed, name: 'discriminator' }),
    data, latentDim, batchSize: batch, seed: rng.seed(), criticIterations: 1,
    criticLoss: minimaxDiscriminatorLoss, generatorLoss: nonSaturatingGeneratorLoss,
    criticOptimizer: adam(learningRate, 0.5, 0.999), generatorOptimizer: adam(learningRate, 0.5, 0.999),
    learningRateFactor: stepDecay(Math.round(settleFraction * steps), 0.1),   // both optimisers, whatever they are
    step: 'auto',   // one TensorFlow graph call per step where the run allows it (every method here does): same runs, faster
  };
  return { parts, rng, criticSeed, generatorSeed, steps, hidden, settings };
}
// #endregion

/** The tricks by name: each changes a few of the standard parts. */
export const TRICKS = new Map<string, (b: Build) => void>([['standard GAN', () => {}]]);   // the baseline changes nothing
const addTrick = (name: string, trick: (b: Build) => void) => { TRICKS.set(name, trick); };

// #region feature matching
// ||mean f(real) - mean f(fake)||², f = the discriminator's last hidden layer (matchFeatures' default).
addTrick('feature matching', ({ parts }) => {
  parts.generatorLoss = matchFeatures();
});
// #endregion

// #region minibatch discrimination
// A discriminator with B = 5 kernels of dimension C = 3 before its last layer (same hidden layers and seed).
addTrick('minibatch discrimination', (b) => {
  b.parts.critic = criticWithMinibatchDiscrimination({ inputDim: 2, hidden: b.hidden, outputDim: 1, activation: 'relu', seed: b.criticSeed,
                                                       name: 'discriminator', kernels: 5, kernelDim: 3 });
});
// #endregion

// #region historical averaging
const HISTORICAL_WEIGHT = 1e-3;
addTrick('historical averaging', ({ parts }) => {
  const averageD = historicalAverage(parts.critic.params), averageG = historicalAverage(parts.generator.params);
  parts.criticRegularizer = averageD.regularizer(HISTORICAL_WEIGHT);      // HISTORICAL_WEIGHT * ||θ_D - mean of past θ_D||²
  parts.generatorRegularizer = averageG.regularizer(HISTORICAL_WEIGHT);
  parts.afterGeneratorStep = () => { averageD.update(); averageG.update(); };   // one discriminator step per generator step
});
// #endregion

// #region one-sided label smoothing
addTrick('one-sided label smoothing', ({ parts }) => {
  parts.criticLoss = labelSmoothing({ realTarget: 0.9, fakeTarget: 0 });   // smoothedDiscriminatorLoss with these targets
});
// #endregion

// #region virtual batch norm
addTrick('virtual batch norm', (b) => {
  b.parts.generator = generatorWithVirtualBatchNorm({ latentDim: b.settings.latentDim, hidden: b.hidden, outputDim: 2, seed: b.generatorSeed,
                                                      referenceSize: b.settings.batch });
});
// #endregion

// #region experience replay
addTrick('experience replay', ({ parts, rng, settings }) => {
  const buffer = replayBuffer({ capacity: 10 * settings.batch, dim: 2, seed: rng.seed() });
  parts.criticBatch = replayBatches(buffer, 0.5);   // first half fresh, second half replayed; then the fresh half is added
});
// #endregion

// #region instance noise
addTrick('instance noise', ({ parts, steps }) => {
  // Real and generated batches + N(0, s²), s from 0.3 down to 0 over the first half of training.
  parts.criticBatch = instanceNoiseBatch({ initial: 0.3, final: 0, steps: Math.floor(steps / 2) });
});
// #endregion

// #region WGAN-GP
addTrick('WGAN-GP', ({ parts, settings }) => {
  parts.criticLoss = wassersteinCriticLoss;
  parts.generatorLoss = wassersteinGeneratorLoss;
  parts.lipschitz = wganGp({ weight: 0.1 });   // the two-sided penalty at random interpolates, λ = 0.1 (the toy script's)
  parts.criticIterations = 5;
  [parts.criticOptimizer, parts.generatorOptimizer] = [adam(settings.learningRate, 0.5, 0.9), adam(settings.learningRate, 0.5, 0.9)];
});
// #endregion

// #region one run
/** One run of the sweep: builds the method's GAN from its seed, trains it, scores it on fresh samples. */
export async function trainAndScore(method: string, seed: number, settings: Settings): Promise<{ metrics: Record<string, number>; result: RunResult }> {
  const trick = TRICKS.get(method), dataset = DATASETS[settings.dataset];
  if (!trick) throw new RangeError(`no trick '${method}' in 06-tricks.ts; the tricks: ${[...TRICKS.keys()].join(', ')}`);
  if (!dataset) throw new RangeError(`no dataset '${settings.dataset}'; the datasets: ${Object.keys(DATASETS).join(', ')}`);
  const data = dataset(), build = standardParts(data, seed, settings), { steps } = settings;
  trick(build);
  const run = createGan(build.parts), tracker = sampleTracker({ n: settings.trackedSamples, every: steps / 5 });
  await trainGan(run, { steps, readEvery: steps / 5, progress: progress(`${data.name}, ${method}, seed ${seed}`), onRead: tracker });
  [run.criticOptimizer, run.generatorOptimizer].forEach((o) => o.dispose());
  const samples = generateSamples(run, settings.evalSamples), c = modeCoverage(samples, data);
  // No high-quality sample at all: the histogram is undefined; we count it as the worst case, log K.
  const metrics = { 'modes covered': c.modesCovered, 'high quality %': 100 * c.highQualityFraction, 'reverse KL (nats)': isNaN(c.reverseKL) ? Math.log(c.modes) : c.reverseKL };
  return { metrics, result: { samples, coverage: c, snapshots: tracker.snapshots } };
}
// #endregion
