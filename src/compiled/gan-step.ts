/**
 * The fast path of trainGan: a whole generator step (its critic updates, then the generator update, with the
 * library's Adam) as one TensorFlow graph call (see graph.ts), for the GANs most lessons train: ReLU MLPs from
 * `mlp`, the minimax, non-saturating or Wasserstein losses, no constraint, weight clipping or the WGAN-GP penalty
 * (`wganGp`), and `adam()`. The backward passes are written out for ReLU MLPs; the penalty's parameter gradient
 * is in closed form: with the ReLU masks fixed (they are piecewise constant), the input gradient
 * ones . W_L^T (.) m_{L-1} ... W_1^T is linear in each weight, and the biases' gradient is zero.
 *
 * The eager step stays the reference: a run asks for this one with `step: 'compiled'`, draws the same random
 * batches in the same order, and the tests check both against each other and against finite differences.
 * WGAN_LAB_STEP=eager turns the fast path off everywhere.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { interpolationWeights } from '../lipschitz/interpolates';
import { minimaxDiscriminatorLoss, minimaxGeneratorLoss, nonSaturatingGeneratorLoss, wassersteinCriticLoss, wassersteinGeneratorLoss } from '../losses';
import type { Mlp } from '../models/mlp';
import type { Model } from '../models/model';
import type { GanRun } from '../train/gan';
import { FlatAdam } from '../train/adam';
import type { StepMetrics } from '../train/loop';
import { compileGraph, GraphBuilder, type GraphFunction } from './graph';

type CriticLossKind = 'minimax' | 'wasserstein';
type GeneratorLossKind = 'non-saturating' | 'minimax' | 'wasserstein';
const CRITIC_LOSSES = new Map<unknown, CriticLossKind>([[minimaxDiscriminatorLoss, 'minimax'], [wassersteinCriticLoss, 'wasserstein']]);
const GENERATOR_LOSSES = new Map<unknown, GeneratorLossKind>([
  [nonSaturatingGeneratorLoss, 'non-saturating'], [minimaxGeneratorLoss, 'minimax'], [wassersteinGeneratorLoss, 'wasserstein'],
]);

/** What determines a compiled step's graph. */
interface StepShape {
  generator: number[];   // widths, latent first
  critic: number[];      // widths, data dimension first
  batch: number;
  iterations: number;
  criticLoss: CriticLossKind;
  generatorLoss: GeneratorLossKind;
  constraint: { kind: 'none' } | { kind: 'clip'; c: number } | { kind: 'penalty'; weight: number };
  adam: { critic: [number, number]; generator: [number, number] };   // (beta1, beta2)
}

// Not instanceof: tf.Optimizer's Symbol.hasInstance accepts any object with an optimiser's methods (tf.train.adam too).
const isFlatAdam = (o: unknown): o is FlatAdam => FlatAdam.prototype.isPrototypeOf(o as object);

function widthsOf(model: Model): number[] | null {
  const m = model as Partial<Mlp>;
  const o = m.options;
  if (!o || !Array.isArray(o.hidden) || o.activation !== 'relu' || o.outputActivation !== 'linear') return null;
  if (m.params?.length !== 2 * (o.hidden.length + 1)) return null;
  return [o.inputDim, ...o.hidden, o.outputDim];
}

/**
 * Why this run cannot take the compiled step (one line per reason), or null if it can. The step needs ReLU MLPs
 * from `mlp`, the library's loss functions passed as they are (not wrapped), `wganGp(...)`, `clipWeights(...)` or
 * no constraint, `adam()` for both players, a fixed number of critic iterations, and none of the tricks' hooks.
 */
export function compiledStepUnsupported(run: GanRun): string[] {
  const why: string[] = [];
  if (!widthsOf(run.generator)) why.push(`the generator '${run.generator.name}' is not a ReLU MLP from mlp() (linear output)`);
  if (!widthsOf(run.critic)) why.push(`the critic '${run.critic.name}' is not a ReLU MLP from mlp() (linear output)`);
  if (!CRITIC_LOSSES.has(run.criticLoss)) why.push('criticLoss is not minimaxDiscriminatorLoss or wassersteinCriticLoss itself (a wrapper hides which it is)');
  if (!GENERATOR_LOSSES.has(run.generatorLoss)) why.push('generatorLoss is not nonSaturatingGeneratorLoss, minimaxGeneratorLoss or wassersteinGeneratorLoss itself');
  const l = run.lipschitz!;
  if (l.kind === 'spectral') why.push('spectral normalisation runs eagerly (its power iteration is not compiled)');
  if (l.kind === 'penalty' && !l.compiled) why.push('the penalty is not wganGp({ weight }) (a hand-made penalty function cannot be compiled)');
  if (!isFlatAdam(run.criticOptimizer) || !isFlatAdam(run.generatorOptimizer)) why.push('the optimisers are not the library\'s adam()');
  if (typeof run.criticIterations === 'function') why.push('criticIterations is a schedule (a function), not a number');
  for (const hook of ['latent', 'criticBatch', 'criticRegularizer', 'generatorRegularizer', 'afterGeneratorStep'] as const) {
    if (run[hook] !== undefined) why.push(`'${hook}' is set (the tricks' hooks run eagerly)`);
  }
  return why;
}

function shapeOf(run: GanRun): StepShape {
  const l = run.lipschitz!;
  const co = run.criticOptimizer as FlatAdam, go = run.generatorOptimizer as FlatAdam;
  return {
    generator: widthsOf(run.generator)!, critic: widthsOf(run.critic)!, batch: run.batchSize, iterations: (run.criticIterations as number | undefined) ?? 1,
    criticLoss: CRITIC_LOSSES.get(run.criticLoss)!, generatorLoss: GENERATOR_LOSSES.get(run.generatorLoss)!,
    constraint: l.kind === 'clip' ? { kind: 'clip', c: l.c } : l.kind === 'penalty' ? { kind: 'penalty', weight: l.compiled!.weight } : { kind: 'none' },
    adam: { critic: [co.beta1, co.beta2], generator: [go.beta1, go.beta2] },
  };
}

// ---- The graph: ReLU MLPs forward and backward, the penalty, Adam. ----

interface Forward { out: string; pre: string[]; acts: string[] }

function forward(g: GraphBuilder, p: string[], x: string): Forward {
  const pre: string[] = [], acts: string[] = [x], L = p.length / 2;
  let h = x;
  for (let l = 0; l < L; l++) {
    const z = g.add(g.matMul(h, p[2 * l]), p[2 * l + 1]);
    if (l < L - 1) { pre.push(z); h = g.unary('Relu', z); acts.push(h); } else h = z;
  }
  return { out: h, pre, acts };
}

/** Back-propagates d(out) [batch, 1]: the parameters' gradients and the input's. */
function backward(g: GraphBuilder, p: string[], f: Forward, dOut: string): { grads: string[]; dx: string } {
  const grads: string[] = new Array(p.length);
  let d = dOut;
  for (let l = p.length / 2 - 1; l >= 0; l--) {
    grads[2 * l] = g.matMul(f.acts[l], d, true, false);
    grads[2 * l + 1] = g.sum(d, [0]);
    d = g.matMul(d, p[2 * l], false, true);
    if (l > 0) d = g.reluGrad(d, f.pre[l - 1]);
  }
  return { grads, dx: d };
}

/** lambda * mean((sqrt(||grad_x D||^2 + 1e-12) - 1)^2) at the points of `f`, and its parameter gradients (closed form). */
function penalty(g: GraphBuilder, p: string[], f: Forward, weight: number, batch: number): { value: string; grads: string[] } {
  const L = p.length / 2;
  const ds: string[] = new Array(L + 1);
  ds[L] = g.unary('OnesLike', f.out);
  for (let l = L - 1; l >= 0; l--) {
    const u = g.matMul(ds[l + 1], p[2 * l], false, true);   // u_l = d_{l+1} . W_{l+1}^T
    ds[l] = l > 0 ? g.reluGrad(u, f.pre[l - 1]) : u;        // d_l = u_l (.) mask
  }
  const gx = ds[0];
  const norm = g.unary('Sqrt', g.add(g.sum(g.unary('Square', gx), [1], true), g.scalar(1e-12)));
  const gap = g.sub(norm, g.scalar(1));
  const value = g.mul(g.scalar(weight), g.mean(g.unary('Square', gap), [0, 1]));
  let du = g.mul(g.mul(g.scalar((2 * weight) / batch), g.div(gap, norm)), gx);   // dP/d(gx)
  const grads = p.map((w) => g.unary('ZerosLike', w));
  for (let l = 0; l < L; l++) {
    if (l > 0) du = g.reluGrad(du, f.pre[l - 1]);
    grads[2 * l] = g.matMul(du, ds[l + 1], true, false);
    if (l < L - 1) du = g.matMul(du, p[2 * l]);
  }
  return { value, grads };
}

/** The library's flat Adam update (FlatAdam's formula) on parameters with shapes `shapes`. */
function adamUpdate(g: GraphBuilder, p: string[], shapes: number[][], grads: string[], m: string, v: string, lrT: string, epsT: string, betas: [number, number]) {
  const flat = g.concat(grads.map((x, i) => g.reshape(x, [shapes[i].reduce((a, b) => a * b, 1)])));
  const newM = g.add(m, g.mul(g.sub(flat, m), g.scalar(1 - betas[0])));
  const newV = g.add(v, g.mul(g.sub(g.unary('Square', flat), v), g.scalar(1 - betas[1])));
  const step = g.mul(g.div(newM, g.add(g.unary('Sqrt', newV), epsT)), lrT);
  let offset = 0;
  const params = p.map((w, i) => {
    const size = shapes[i].reduce((a, b) => a * b, 1);
    const piece = g.reshape(g.slice(step, offset, size), shapes[i]);
    offset += size;
    return g.sub(w, piece);
  });
  return { params, m: newM, v: newV };
}

function paramShapes(widths: number[]): number[][] {
  return widths.slice(1).flatMap((w, i) => [[widths[i], w], [w]]);
}

/** d(loss)/d(out) per example for the critic (real and fake) and for the generator. */
function lossGrads(g: GraphBuilder, kind: CriticLossKind | GeneratorLossKind, out: string, role: 'real' | 'fake' | 'generator', batch: number): string {
  const invB = g.scalar(1 / batch), minusInvB = g.scalar(-1 / batch);
  if (kind === 'wasserstein') return g.mul(g.unary('OnesLike', out), role === 'real' || role === 'generator' ? minusInvB : invB);
  if (role === 'real') return g.mul(g.unary('Sigmoid', g.unary('Neg', out)), minusInvB);                       // softplus(-r)
  if (role === 'fake') return g.mul(g.unary('Sigmoid', out), invB);                                            // softplus(f)
  return kind === 'non-saturating' ? g.mul(g.unary('Sigmoid', g.unary('Neg', out)), minusInvB)               // softplus(-f)
    : g.mul(g.unary('Sigmoid', out), minusInvB);                                                               // -softplus(f)
}

function lossValue(g: GraphBuilder, kind: CriticLossKind | GeneratorLossKind, real: string | null, fake: string): string {
  const m = (x: string) => g.mean(x, [0, 1]);
  if (real !== null) {
    return kind === 'wasserstein' ? g.sub(m(fake), m(real)) : g.add(m(g.unary('Softplus', g.unary('Neg', real))), m(g.unary('Softplus', fake)));
  }
  if (kind === 'wasserstein') return g.unary('Neg', m(fake));
  return kind === 'non-saturating' ? m(g.unary('Softplus', g.unary('Neg', fake))) : g.unary('Neg', m(g.unary('Softplus', fake)));
}

function buildStep(s: StepShape): { g: GraphBuilder; outputs: Record<string, string> } {
  const g = new GraphBuilder();
  const gShapes = paramShapes(s.generator), dShapes = paramShapes(s.critic);
  const G = gShapes.map((sh, i) => g.input(`G${i}`, sh));
  let D = dShapes.map((sh, i) => g.input(`D${i}`, sh));
  const size = (shapes: number[][]) => shapes.reduce((a, sh) => a + sh.reduce((x, y) => x * y, 1), 0);
  let mD = g.input('mD', [size(dShapes)]), vD = g.input('vD', [size(dShapes)]);
  const mG = g.input('mG', [size(gShapes)]), vG = g.input('vG', [size(gShapes)]);
  const B = s.batch, latent = s.generator[0], dim = s.critic[0];
  const outputs: Record<string, string> = {};
  for (let k = 0; k < s.iterations; k++) {
    const real = g.input(`real${k}`, [B, dim]), fake = forward(g, G, g.input(`z${k}`, [B, latent])).out;
    const fr = forward(g, D, real), ff = forward(g, D, fake);
    let grads = backward(g, D, fr, lossGrads(g, s.criticLoss, fr.out, 'real', B)).grads;
    const gf = backward(g, D, ff, lossGrads(g, s.criticLoss, ff.out, 'fake', B)).grads;
    grads = grads.map((x, i) => g.add(x, gf[i]));
    let pen: string | null = null;
    if (s.constraint.kind === 'penalty') {
      const eps = g.input(`eps${k}`, [B, 1]);
      const x = g.add(fake, g.mul(eps, g.sub(real, fake)));   // randomInterpolates' formula
      const p = penalty(g, D, forward(g, D, x), s.constraint.weight, B);
      grads = grads.map((x2, i) => g.add(x2, p.grads[i]));
      pen = p.value;
    }
    const upd = adamUpdate(g, D, dShapes, grads, mD, vD, g.input(`lrD${k}`, []), g.input(`epsD${k}`, []), s.adam.critic);
    D = s.constraint.kind === 'clip' ? upd.params.map((w) => g.clip(w, -(s.constraint as { c: number }).c, (s.constraint as { c: number }).c)) : upd.params;
    [mD, vD] = [upd.m, upd.v];
    if (k === s.iterations - 1) {
      outputs.criticLoss = lossValue(g, s.criticLoss, fr.out, ff.out);
      outputs.wEstimate = g.sub(g.mean(fr.out, [0, 1]), g.mean(ff.out, [0, 1]));
      if (pen) outputs.penalty = pen;
    }
  }
  const gf = forward(g, G, g.input('zg', [B, latent]));
  const dg = forward(g, D, gf.out);
  outputs.generatorLoss = lossValue(g, s.generatorLoss, null, dg.out);
  const through = backward(g, D, dg, lossGrads(g, s.generatorLoss, dg.out, 'generator', B)).dx;
  const upd = adamUpdate(g, G, gShapes, backward(g, G, gf, through).grads, mG, vG, g.input('lrG', []), g.input('epsG', []), s.adam.generator);
  upd.params.forEach((w, i) => { outputs[`G${i}`] = w; });
  D.forEach((w, i) => { outputs[`D${i}`] = w; });
  Object.assign(outputs, { mD, vD, mG: upd.m, vG: upd.v });
  return { g, outputs };
}

// ---- Running it on a GanRun. ----

const compiled = new WeakMap<GanRun, GraphFunction>();

/** Builds (or fetches from the cache) the run's compiled step; throws with the reasons if the run cannot take it. */
export async function prepareCompiledStep(run: GanRun): Promise<void> {
  if (compiled.has(run)) return;
  const why = compiledStepUnsupported(run);
  if (why.length) {
    throw new RangeError(`trainGan: step 'compiled' cannot run this GAN:\n  - ${why.join('\n  - ')}\nUse step: 'eager' (the default), which runs any GAN.`);
  }
  const { g, outputs } = buildStep(shapeOf(run));
  compiled.set(run, await compileGraph(g, outputs));
}

/** The number of graph nodes of the run's compiled step (after {@link prepareCompiledStep}). */
export function compiledStepNodes(run: GanRun): number {
  return compiled.get(run)?.nodes ?? 0;
}

/**
 * One generator step (k critic updates, the graph's number) through the compiled graph, with the same random draws in the same order as the eager step
 * (per critic update: a real batch, a latent batch, the interpolation weights; then a latent and a real batch).
 */
export function compiledGanStep(run: GanRun, k: number, sampleLatent: (n: number) => Tensor): StepMetrics {
  const f = compiled.get(run)!;
  const { batchSize: n, rng, data } = run;
  const co = run.criticOptimizer as FlatAdam, go = run.generatorOptimizer as FlatAdam;
  const dVars = run.critic.params, gVars = run.generator.params;
  const dState = co.bindForCompiledStep(dVars), gState = go.bindForCompiledStep(gVars);
  const feeds: Record<string, Tensor> = { mD: dState.m, vD: dState.v, mG: gState.m, vG: gState.v };
  dVars.forEach((v, i) => { feeds[`D${i}`] = v; });
  gVars.forEach((v, i) => { feeds[`G${i}`] = v; });
  const owned: Tensor[] = [];
  const own = <T extends Tensor>(t: T): T => { owned.push(t); return t; };
  for (let i = 0; i < k; i++) {
    feeds[`real${i}`] = own(data.sample(rng, n));
    feeds[`z${i}`] = own(sampleLatent(n));
    if (run.lipschitz!.kind === 'penalty') feeds[`eps${i}`] = own(tf.tensor2d(interpolationWeights(rng, n), [n, 1]));
    const c = co.correctionsAt(co.iterations + 1 + i);
    feeds[`lrD${i}`] = own(tf.scalar(c.lrT));
    feeds[`epsD${i}`] = own(tf.scalar(c.epsT));
  }
  feeds.zg = own(sampleLatent(n));
  own(data.sample(rng, n));   // the eager step's real batch for the generator's context: drawn to keep the stream the same
  const c = go.correctionsAt(go.iterations + 1);
  feeds.lrG = own(tf.scalar(c.lrT));
  feeds.epsG = own(tf.scalar(c.epsT));
  const out = f.run(feeds);
  tf.dispose(owned);
  dVars.forEach((v, i) => v.assign(out[`D${i}`]));
  gVars.forEach((v, i) => v.assign(out[`G${i}`]));
  co.finishCompiledStep(out.mD, out.vD, k);
  go.finishCompiledStep(out.mG, out.vG, 1);
  tf.dispose([...dVars.map((_, i) => out[`D${i}`]), ...gVars.map((_, i) => out[`G${i}`]), out.mD, out.vD, out.mG, out.vG]);
  const metrics: StepMetrics = { criticLoss: out.criticLoss as Scalar, wEstimate: out.wEstimate as Scalar, generatorLoss: out.generatorLoss as Scalar };
  if (out.penalty) metrics.penalty = out.penalty as Scalar;
  return metrics;
}

/**
 * The WGAN-GP penalty of a ReLU MLP critic at the points x and its parameter gradient (flattened in parameter order)
 * through the compiled graph's closed form: what the finite-difference tests check.
 */
export async function compiledPenaltyGradient(critic: Model, x: Tensor, weight: number): Promise<{ value: number; gradient: Float64Array }> {
  const widths = widthsOf(critic);
  if (!widths) throw new RangeError(`compiledPenaltyGradient: the critic '${critic.name}' is not a ReLU MLP from mlp()`);
  const g = new GraphBuilder();
  const p = paramShapes(widths).map((sh, i) => g.input(`D${i}`, sh));
  const pen = penalty(g, p, forward(g, p, g.input('x', x.shape as number[])), weight, x.shape[0]);
  const outputs: Record<string, string> = { value: pen.value };
  pen.grads.forEach((gr, i) => { outputs[`g${i}`] = gr; });
  const f = await compileGraph(g, outputs);
  const feeds: Record<string, Tensor> = { x };
  critic.params.forEach((v, i) => { feeds[`D${i}`] = v; });
  const out = f.run(feeds);
  const value = out.value.dataSync()[0];
  const gradient = Float64Array.from(critic.params.flatMap((_, i) => Array.from(out[`g${i}`].dataSync())));
  tf.dispose(Object.values(out));
  return { value, gradient };
}
