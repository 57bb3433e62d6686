/**
 * Backend set-up: which TensorFlow.js backend the whole library (and every lesson) computes on.
 *
 * The native `tensorflow` backend (@tensorflow/tfjs-node, built by `npm install`) is the one wgan-lab is
 * meant to run on. If its binding cannot load, the library falls back to the pure-JavaScript `cpu` backend of
 * @tensorflow/tfjs, which is correct but hundreds of times slower on matrix products, and says so: the
 * choice is always visible through {@link backendInfo}, `npm run doctor`, and the banner lessons print.
 */
import type * as tfTypes from '@tensorflow/tfjs';

// TensorFlow's C library prints CPU-feature notices on stderr when it loads; level 2 keeps warnings quiet.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
// oneDNN's kernels pay off on large matrices and cost on the small ones the lessons train: measured on 2 shared
// cores (WGAN-GP step, relu MLPs of 3 hidden layers, batch 256), oneDNN off was 1.9x faster at width 64, 1.1x at
// 128 and 256, and 1.18x slower at 512; a small GAN step (2 x 64, batch 128) was 1.5x faster. Set
// TF_ENABLE_ONEDNN_OPTS=1 before the library loads to turn it back on (e.g. for bench/wgan-gp.bench.ts). Convolutions gain
// most: lesson 08's MNIST generator step ran 2.2x faster with it (WGAN-GP) and 1.6x (clipping), a transposed convolution's
// gradients above all (bench/mnist-critic.bench.ts), so that lesson sets it to 1 before it loads the library.
process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';

/** What was loaded, and if the native backend failed, why. */
export interface BackendInfo {
  /** The TF.js backend in use: 'tensorflow' (native) or 'cpu' (pure JavaScript fallback). */
  backend: string;
  /** Version of the TensorFlow C library actually loaded (TF_Version()), or null on the fallback. */
  tensorflowCVersion: string | null;
  /** Version of @tensorflow/tfjs-core. */
  tfjsVersion: string;
  /** Why the native backend could not be loaded (null when it was). */
  fallbackReason: string | null;
}

function load(): { tf: typeof tfTypes; info: BackendInfo } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tf = require('@tensorflow/tfjs-node') as typeof tfTypes;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const binding = (tf.backend() as any).binding;
    return {
      tf,
      info: { backend: tf.getBackend(), tensorflowCVersion: String(binding?.TF_Version ?? 'unknown'), tfjsVersion: tf.version_core, fallbackReason: null },
    };
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tf = require('@tensorflow/tfjs') as typeof tfTypes;
    tf.setBackend('cpu');
    const info = { backend: tf.getBackend(), tensorflowCVersion: null, tfjsVersion: tf.version_core, fallbackReason: reason };
    process.emitWarning(
      `wgan-lab: the native TensorFlow backend did not load (${reason}); computing on the slow pure-JavaScript ` +
        `'cpu' backend. Run \`npm run install:native\` and \`npm run doctor\` to fix it.`,
    );
    return { tf, info };
  }
}

const loaded = load();

/** The TensorFlow.js namespace every module of the library (and every lesson) uses. */
export const tf: typeof tfTypes = loaded.tf;

/** Which backend is in use and why; see {@link BackendInfo}. */
export function backendInfo(): BackendInfo {
  return { ...loaded.info, backend: tf.getBackend() };
}

/** One line for a lesson's header: backend, C library version, and a warning on the fallback. */
export function backendBanner(): string {
  const i = backendInfo();
  return i.backend === 'tensorflow'
    ? `TF.js ${i.tfjsVersion} on the native 'tensorflow' backend (TensorFlow C library ${i.tensorflowCVersion})`
    : `WARNING: TF.js ${i.tfjsVersion} on the slow '${i.backend}' fallback backend (${i.fallbackReason}). Run \`npm run install:native\`.`;
}

/** The TF.js types lessons name most, re-exported so a notebook needs only 'wgan-lab'. */
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Scalar, Variable, Optimizer, Rank } from '@tensorflow/tfjs';
