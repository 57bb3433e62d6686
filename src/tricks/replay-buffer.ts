/**
 * Experience replay for the discriminator (Shrivastava et al. 2017, "Learning from Simulated and Unsupervised
 * Images through Adversarial Training", Section 2.3; Pfau & Vinyals 2016, "Connecting Generative Adversarial
 * Networks and Actor-Critic Methods"; not in Salimans et al. 2016): keep a buffer of past generated samples and
 * train the discriminator on batches that are part fresh samples, part replayed ones, so it does not forget the
 * regions the generator has left and the generator cannot cycle back to them unpunished.
 *
 * The buffer is a ring of `capacity` rows in one tf.Variable on the backend: `add` writes over the oldest rows (a
 * first-in first-out refresh; Shrivastava et al. replace random rows instead), `sample` draws rows uniformly with
 * replacement. Row indices are chosen on the JavaScript side from the buffer's own {@link Rng} and only uploaded:
 * nothing is read back.
 */
import type { Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { uniqueScope } from '../models/model';
import { Rng } from '../random';
import { fail, inRange, integer, shape } from '../validate';
import { withForm, type CriticBatchForm } from '../compiled/forms';

/** How to build a {@link replayBuffer}. */
export interface ReplayBufferOptions {
  /** How many samples the buffer holds; older ones are overwritten first. */
  capacity: number;
  /** Dimension of a sample. */
  dim: number;
  /** Seed of the rows `sample` and `mixBatch` draw. */
  seed: number;
  /** A name for messages and the variable. */
  name?: string;
}

/** A ring buffer of past generated samples, on the backend. */
export interface ReplayBuffer {
  readonly name: string;
  readonly capacity: number;
  readonly dim: number;
  /** How many rows hold samples: min(capacity, added). */
  readonly size: number;
  /** How many samples were ever added. */
  readonly added: number;
  /** The storage, [capacity, dim] (rows beyond `size` are zeros until filled). Not trainable. */
  readonly storage: Variable;
  /** Adds the rows of `batch` [k, dim], overwriting the oldest; of a batch larger than the capacity only its last `capacity` rows are kept. */
  add(batch: Tensor2D): void;
  /** n rows drawn uniformly with replacement from the filled rows: [n, dim]. Needs size >= 1. */
  sample(n: number): Tensor2D;
  /**
   * A discriminator batch from a fresh generated batch [n, dim]: k = round(fraction n) rows drawn from the buffer
   * after the first n - k rows of `fresh`; all of `fresh` (a copy) while the buffer holds fewer than k samples.
   * Does not add `fresh` to the buffer: call add(fresh) after it.
   */
  mixBatch(fresh: Tensor2D, fraction?: number): Tensor2D;
  /** The filled rows, oldest first: [size, dim]. */
  contents(): Tensor2D;
  /** Frees the storage. */
  dispose(): void;
}


/** An empty replay buffer (Shrivastava et al. 2017, Section 2.3) of `capacity` samples of dimension `dim`. */
export function replayBuffer(options: ReplayBufferOptions): ReplayBuffer {
  const fn = 'replayBuffer';
  const capacity = integer(fn, 'capacity', options.capacity);
  const dim = integer(fn, 'dim', options.dim);
  const rng = new Rng(integer(fn, 'seed', options.seed, 0));
  const name = options.name ?? 'replayBuffer';
  const storage = tf.variable(tf.zeros([capacity, dim]), false, `${uniqueScope(name)}/storage`);
  let next = 0; // the row the next sample goes to: the oldest once the buffer is full
  let added = 0;
  const size = () => Math.min(capacity, added);

  const checkBatch = (where: string, argName: string, t: unknown): Tensor2D => {
    if (!(t instanceof tf.Tensor) || t.rank !== 2) fail(where, argName, `a 2-D tensor [batch, ${dim}]`, t);
    shape(where, argName, (t as Tensor2D).shape, [null, dim]);
    return t as Tensor2D;
  };

  const sample = (n: number): Tensor2D => {
    const where = `${name}.sample`;
    integer(where, 'n', n);
    if (size() === 0) throw new RangeError(`${where}: the buffer is empty: add(batch) some samples first`);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = rng.int(size());
    return tf.tidy(() => tf.gather(storage, tf.tensor1d(idx, 'int32')) as Tensor2D);
  };

  return {
    name,
    capacity,
    dim,
    storage,
    get size() {
      return size();
    },
    get added() {
      return added;
    },
    add: (batch) => {
      const b = checkBatch(`${name}.add`, 'batch', batch);
      const k = b.shape[0];
      if (k === 0) return;
      const kept = Math.min(k, capacity);
      const idx = new Int32Array(kept);
      for (let j = 0; j < kept; j++) idx[j] = (next + j) % capacity;
      tf.tidy(() => {
        const rows = kept < k ? tf.slice(b, [k - kept, 0], [kept, dim]) : b;
        storage.assign(tf.tensorScatterUpdate(storage, tf.tensor2d(idx, [kept, 1], 'int32'), rows));
      });
      next = (next + kept) % capacity;
      added += k;
    },
    sample,
    mixBatch: (fresh, fraction = 0.5) => {
      const where = `${name}.mixBatch`;
      const f = checkBatch(where, 'fresh', fresh);
      inRange(where, 'fraction', fraction, 0, 1);
      const n = f.shape[0];
      const k = Math.round(fraction * n);
      if (k === 0 || size() < k) return tf.clone(f);
      return tf.tidy(() => {
        const replayed = sample(k);
        return k === n ? replayed : (tf.concat([tf.slice(f, [0, 0], [n - k, dim]), replayed], 0) as Tensor2D);
      });
    },
    contents: () => {
      const s = size();
      const idx = new Int32Array(s);
      const start = s < capacity ? 0 : next;
      for (let j = 0; j < s; j++) idx[j] = (start + j) % capacity;
      return tf.tidy(() => tf.gather(storage, tf.tensor1d(idx, 'int32')) as Tensor2D);
    },
    dispose: () => storage.dispose(),
  };
}

/**
 * Experience replay as createGan's `criticBatch`: each generated batch for the discriminator has its last
 * round(fraction n) rows replaced by samples replayed from `buffer` (once it holds that many), and the fresh batch
 * is then added to the buffer (Shrivastava et al. 2017, Section 2.3). trainGan's compiled step can build it.
 */
export function replayBatches(buffer: ReplayBuffer, fraction = 0.5): (real: Tensor2D, fake: Tensor2D) => { real: Tensor2D; fake: Tensor2D } {
  inRange('replayBatches', 'fraction', fraction, 0, 1);
  const hook = (real: Tensor2D, fake: Tensor2D) => {
    const mixed = buffer.mixBatch(fake, fraction);
    buffer.add(fake);
    return { real, fake: mixed };
  };
  return withForm<typeof hook, CriticBatchForm>(hook, { kind: 'replay', buffer, fraction });
}
