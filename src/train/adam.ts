/**
 * Adam (Kingma & Ba 2015, Algorithm 1) with all the moments of the variables it updates in one flat vector.
 *
 *   m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2,
 *   theta <- theta - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon),
 *
 * the same update as tf.train.adam, computed as theta - lr_t m / (sqrt(v) + epsilon_t) with
 * lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t) and epsilon_t = epsilon sqrt(1 - beta2^t) (equal in exact arithmetic).
 *
 * Why: for the small networks of the lessons a training step is paid per kernel, not per number. tf.train.adam
 * runs 14 kernels and uploads 6 scalars per variable; this one joins the gradients into one vector, updates it
 * in 11 kernels whatever the number of variables, and splits it back: 3n + 13 kernels for n variables (31
 * instead of 84 for an MLP with 3 layers). See bench/small-gan.bench.ts for the time it saves.
 *
 * Differences from tf.train.adam: an optimiser is tied to the variables of its first update (it throws if a
 * later update names others, where tf.train.adam silently pairs moments by position); and a variable that gets
 * no gradient in an update is updated with gradient 0 (tf.train.adam leaves it and its moments alone).
 */
import type { NamedTensorMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { inRange, positive } from '../validate';

/** A named tensor, as optimisers' getWeights() returns them. */
interface NamedTensor {
  name: string;
  tensor: Tensor;
}

interface Slot {
  name: string;
  variable: Variable;
  shape: number[];
  size: number;
}

let instances = 0;

/** The optimiser {@link adam} returns: a tf.Optimizer (minimize, getWeights, setWeights, dispose). */
export class FlatAdam extends tf.Optimizer {
  static get className(): string {
    return 'FlatAdam';
  }
  /** The learning rate, read at every update (so a schedule can change it between updates). */
  learningRate: number;
  private readonly scope = `flatAdam_${++instances}`;
  private slots: Slot[] | null = null;
  private m: Variable | null = null;
  private v: Variable | null = null;
  private readonly oneMinusBeta1: Scalar;
  private readonly oneMinusBeta2: Scalar;

  constructor(learningRate: number, readonly beta1: number, readonly beta2: number, readonly epsilon: number) {
    super();
    this.learningRate = learningRate;
    this.oneMinusBeta1 = tf.keep(tf.scalar(1 - beta1));
    this.oneMinusBeta2 = tf.keep(tf.scalar(1 - beta2));
  }

  applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const grads: NamedTensor[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.bind(grads.map((g) => g.name));
    const slots = this.slots!;
    const { lrT, epsT } = this.correctionsAt(this.iterations + 1);
    const m = this.m!;
    const v = this.v!;
    tf.tidy(() => {
      const flat = grads.map((g, i) => (g.tensor ? tf.reshape(g.tensor, [-1]) : tf.zeros([slots[i].size])));
      const g = flat.length === 1 ? flat[0] : tf.concat(flat);
      const newM = tf.add(m, tf.mul(tf.sub(g, m), this.oneMinusBeta1));
      const newV = tf.add(v, tf.mul(tf.sub(tf.square(g), v), this.oneMinusBeta2));
      const step = tf.mul(tf.div(newM, tf.add(tf.sqrt(newV), epsT)), lrT);
      const pieces = slots.length === 1 ? [step] : tf.split(step, slots.map((s) => s.size));
      slots.forEach((s, i) => s.variable.assign(tf.sub(s.variable, tf.reshape(pieces[i], s.shape))));
      m.assign(newM);
      v.assign(newV);
    });
    this.incrementIterations();
  }

  /** Binds the optimiser to variables named `names` on its first update (creating its moments); refuses others after. */
  private bind(names: string[]): void {
    const registered = tf.engine().registeredVariables;
    if (this.slots === null) {
      this.slots = names.map((name) => {
        const variable = registered[name];
        if (!variable) throw new RangeError(`adam: no variable named '${name}' is registered`);
        return { name, variable, shape: variable.shape, size: variable.size };
      });
    } else if (names.length !== this.slots.length || names.some((n, i) => n !== this.slots![i].name)) {
      throw new RangeError(
        `adam: this optimiser updates the variables of its first update (${this.slots.map((s) => s.name).join(', ')}), ` +
          `but was given ${names.join(', ')}; create one optimiser per list of variables`,
      );
    }
    if (this.m === null || this.v === null) {
      const total = this.slots.reduce((a, s) => a + s.size, 0);
      this.m = tf.variable(tf.zeros([total]), false, `${this.scope}/m`);
      this.v = tf.variable(tf.zeros([total]), false, `${this.scope}/v`);
    }
  }

  /** The bias-corrected step size and epsilon of update number t (1 for the first): lr sqrt(1 - b2^t) / (1 - b1^t), eps sqrt(1 - b2^t). */
  correctionsAt(t: number): { lrT: number; epsT: number } {
    const correction = Math.sqrt(1 - Math.pow(this.beta2, t));
    return { lrT: (this.learningRate * correction) / (1 - Math.pow(this.beta1, t)), epsT: this.epsilon * correction };
  }

  /** For the compiled step (which does the update in its graph): binds `variables` as a first update would; returns the moments. */
  bindForCompiledStep(variables: readonly Variable[]): { m: Variable; v: Variable } {
    this.bind(variables.map((v) => v.name));
    return { m: this.m!, v: this.v! };
  }

  /** Records `updates` updates done by the compiled step: takes its new moments (the caller may dispose them) and counts the iterations. */
  finishCompiledStep(newM: Tensor, newV: Tensor, updates: number): void {
    this.m!.assign(newM);
    this.v!.assign(newV);
    for (let i = 0; i < updates; i++) this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const iter = await this.saveIterations();
    return this.m && this.v ? [iter, { name: `${this.scope}/m`, tensor: this.m }, { name: `${this.scope}/v`, tensor: this.v }] : [iter];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    // The caller may dispose the variables getWeights returned: new variables take the given tensors' data.
    this.m = rest.length === 2 ? tf.variable(rest[0].tensor, false) : null;
    this.v = rest.length === 2 ? tf.variable(rest[1].tensor, false) : null;
  }

  getConfig(): Record<string, number> {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  override dispose(): void {
    super.dispose();
    this.m?.dispose();
    this.v?.dispose();
    this.oneMinusBeta1.dispose();
    this.oneMinusBeta2.dispose();
  }
}

/**
 * Adam with the arguments of tf.train.adam (defaults 0.001, 0.9, 0.999, 1e-7) and the same update, in far fewer
 * kernels per step: a drop-in for the small networks of the lessons (see {@link FlatAdam}).
 */
export function adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): FlatAdam {
  positive('adam', 'learningRate', learningRate);
  inRange('adam', 'beta1', beta1, 0, 1);
  inRange('adam', 'beta2', beta2, 0, 1);
  if (beta1 === 1 || beta2 === 1) throw new RangeError(`adam: arguments 'beta1' and 'beta2' must be below 1, got ${beta1} and ${beta2}`);
  positive('adam', 'epsilon', epsilon);
  return new FlatAdam(learningRate, beta1, beta2, epsilon);
}
