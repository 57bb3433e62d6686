/**
 * The fast path of trainGan: a whole generator step (its critic updates, then the generator update, with the
 * library's Adam) as one TensorFlow graph call (see graph.ts). The graph states the forward passes (models.ts:
 * MLPs, the critic with minibatch discrimination, the generator with virtual batch norm), the losses and the
 * tricks' hooks from their forms (forms.ts: label smoothing, feature matching, historical averaging, instance
 * noise, experience replay), and autodiff.ts adds their backward passes. The WGAN-GP penalty's parameter gradient
 * is in closed form for ReLU MLP critics: with the ReLU masks fixed (they are piecewise constant), the input
 * gradient ones . W_L^T (.) m_{L-1} ... W_1^T is linear in each weight, and the biases' gradient is zero.
 *
 * The eager step stays the reference: a run asks for this one with `step: 'compiled'` (or 'auto'), draws the same
 * random batches in the same order, and the tests check both against each other and against finite differences.
 * WGAN_LAB_STEP=eager turns the fast path off everywhere.
 */
import type { Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { interpolationWeights } from '../lipschitz/interpolates';
import type { Model } from '../models/model';
import type { GanRun } from '../train/gan';
import { FlatAdam } from '../train/adam';
import type { StepMetrics } from '../train/loop';
import { gradients } from './autodiff';
import { formOf, type CriticBatchForm, type CriticLossForm, type GeneratorLossForm, type RegularizerForm } from './forms';
import { compileGraph, GraphBuilder, sizeOf, type GraphFunction } from './graph';
import { graphModel, type GraphModel, type MlpLike } from './models';

// Not instanceof: tf.Optimizer's Symbol.hasInstance accepts any object with an optimiser's methods (tf.train.adam too).
const isFlatAdam = (o: unknown): o is FlatAdam => FlatAdam.prototype.isPrototypeOf(o as object);

/** Whether the closed-form penalty applies: a ReLU MLP from mlp() with a linear output. */
function isReluMlp(model: Model): boolean {
  const o = (model as Partial<MlpLike>).options;
  if (!o || !Array.isArray(o.hidden) || o.activation !== 'relu' || o.outputActivation !== 'linear' || 'minibatch' in model || 'norms' in model) return false;
  return model.params.length === 2 * (o.hidden.length + 1);
}

/** Everything the graph of a run is built from. */
interface Plan {
  G: GraphModel;
  D: GraphModel;
  criticLoss: CriticLossForm;
  generatorLoss: GeneratorLossForm;
  batchHook: CriticBatchForm | null;
  criticRegularizer: RegularizerForm | null;
  generatorRegularizer: RegularizerForm | null;
  constraint: { kind: 'none' } | { kind: 'clip'; c: number } | { kind: 'penalty'; weight: number };
  iterations: number;
}

/** The run's regularizer's form, checked to pull exactly the player's own parameters; or the reason it cannot be compiled. */
function regularizerForm(name: string, f: unknown, player: Model): RegularizerForm | null | string {
  if (f === undefined) return null;
  const form = formOf<RegularizerForm>(f);
  if (!form) return `'${name}' is a hand-written function (historicalAverage(...).regularizer(w) can be compiled)`;
  if (form.params.length !== player.params.length || form.params.some((p, i) => p !== player.params[i])) {
    return `'${name}' pulls parameters other than the ${player.name}'s own`;
  }
  return form;
}

/** The plan of the run's graph, and why it cannot have one (empty if it can). */
function planOf(run: GanRun): { plan: Plan | null; why: string[] } {
  const why: string[] = [];
  const G = graphModel(run.generator), D = graphModel(run.critic);
  if (typeof G === 'string') why.push(`the generator: ${G}`);
  if (typeof D === 'string') why.push(`the critic: ${D}`);
  const criticLoss = formOf<CriticLossForm>(run.criticLoss), generatorLoss = formOf<GeneratorLossForm>(run.generatorLoss);
  if (!criticLoss) why.push('criticLoss is a hand-written function (the library\'s losses passed as they are, or labelSmoothing(...), can be compiled)');
  if (!generatorLoss) why.push('generatorLoss is a hand-written function (the library\'s losses passed as they are, or matchFeatures(), can be compiled)');
  const l = run.lipschitz!;
  if (l.kind === 'spectral') why.push('spectral normalisation runs eagerly (its power iteration is not compiled)');
  if (l.kind === 'penalty' && !l.compiled) why.push('the penalty is not wganGp({ weight }) (a hand-made penalty function cannot be compiled)');
  if (l.kind === 'penalty' && l.compiled && !isReluMlp(run.critic)) why.push('the WGAN-GP penalty is compiled for ReLU MLP critics from mlp() only');
  if (!['none', 'clip', 'penalty'].includes(l.kind)) why.push(`the Lipschitz method '${(l as { kind: string }).kind}' has no compiled form (none, clipWeights and wganGp have)`);
  if (!isFlatAdam(run.criticOptimizer) || !isFlatAdam(run.generatorOptimizer)) why.push('the optimisers are not the library\'s adam()');
  if (typeof run.criticIterations === 'function') why.push('criticIterations is a schedule (a function), not a number');
  const iterations = typeof run.criticIterations === 'number' ? run.criticIterations : 5;
  let batchHook: CriticBatchForm | null = null;
  if (run.criticBatch) {
    batchHook = formOf<CriticBatchForm>(run.criticBatch) ?? null;
    if (!batchHook) why.push('\'criticBatch\' is a hand-written function (instanceNoiseBatch(...) and replayBatches(...) can be compiled)');
    else if (batchHook.kind === 'replay' && iterations !== 1) why.push('experience replay is compiled for one critic update per generator step');
  }
  const regs = [regularizerForm('criticRegularizer', run.criticRegularizer, run.critic), regularizerForm('generatorRegularizer', run.generatorRegularizer, run.generator)];
  regs.forEach((r) => { if (typeof r === 'string') why.push(r); });
  if (why.length) return { plan: null, why };
  return {
    plan: {
      G: G as GraphModel, D: D as GraphModel, criticLoss: criticLoss!, generatorLoss: generatorLoss!, batchHook, iterations,
      criticRegularizer: regs[0] as RegularizerForm | null, generatorRegularizer: regs[1] as RegularizerForm | null,
      constraint: l.kind === 'clip' ? { kind: 'clip', c: l.c } : l.kind === 'penalty' ? { kind: 'penalty', weight: l.compiled!.weight } : { kind: 'none' },
    },
    why,
  };
}

/**
 * Why this run cannot take the compiled step (one line per reason), or [] if it can. It needs the library's models
 * (ReLU or linear MLPs from `mlp`, criticWithMinibatchDiscrimination, generatorWithVirtualBatchNorm), the library's
 * losses passed as they are (or labelSmoothing, matchFeatures), `wganGp(...)` (ReLU MLP critics), `clipWeights(...)`
 * or no constraint, `adam()` for both players, a fixed number of critic iterations, and hooks made by the library
 * (instanceNoiseBatch, replayBatches, historicalAverage(...).regularizer); `latent` and `afterGeneratorStep` run
 * in JavaScript around the graph, as in the eager step.
 */
export function compiledStepUnsupported(run: GanRun): string[] {
  return planOf(run).why;
}

// ---- The graph. ----

/** A ReLU MLP's forward pass keeping what the closed-form penalty needs: its pre-activations. */
interface Forward { out: string; pre: string[] }

function reluForward(g: GraphBuilder, p: string[], x: string): Forward {
  const pre: string[] = [], L = p.length / 2;
  let h = x;
  for (let l = 0; l < L; l++) {
    const z = g.add(g.matMul(h, p[2 * l]), p[2 * l + 1]);
    if (l < L - 1) { pre.push(z); h = g.unary('Relu', z); } else h = z;
  }
  return { out: h, pre };
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

/** The library's flat Adam update (FlatAdam's formula) on the parameters p. */
function adamUpdate(g: GraphBuilder, p: string[], grads: string[], m: string, v: string, lrT: string, epsT: string, betas: [number, number]) {
  const sizes = p.map((w) => sizeOf(g.shape(w)));
  const flat = g.concat(grads.map((x, i) => g.reshape(x, [sizes[i]])));
  const newM = g.add(m, g.mul(g.sub(flat, m), g.scalar(1 - betas[0])));
  const newV = g.add(v, g.mul(g.sub(g.unary('Square', flat), v), g.scalar(1 - betas[1])));
  const step = g.mul(g.div(newM, g.add(g.unary('Sqrt', newV), epsT)), lrT);
  let offset = 0;
  const params = p.map((w, i) => {
    const piece = g.reshape(g.slice(step, offset, sizes[i]), g.shape(w));
    offset += sizes[i];
    return g.sub(w, piece);
  });
  return { params, m: newM, v: newV };
}

/** mean(t softplus(-l) + (1 - t) softplus(l)): cross-entropy on logits towards target t, written as the eager losses write it. */
function crossEntropy(g: GraphBuilder, l: string, t: number): string {
  const mean = (x: string) => g.mean(x, [0, 1]);
  if (t === 1) return mean(g.unary('Softplus', g.unary('Neg', l)));
  if (t === 0) return mean(g.unary('Softplus', l));
  return mean(g.add(g.mul(g.scalar(t), g.unary('Softplus', g.unary('Neg', l))), g.mul(g.scalar(1 - t), g.unary('Softplus', l))));
}

function criticLossNode(g: GraphBuilder, form: CriticLossForm, real: string, fake: string): string {
  if (form.kind === 'wasserstein') return g.sub(g.mean(fake, [0, 1]), g.mean(real, [0, 1]));
  return g.add(crossEntropy(g, real, form.realTarget), crossEntropy(g, fake, form.fakeTarget));
}

/** Inputs named `${prefix}${i}` for a regulariser's targets, one per parameter (fed once per step: they change between steps). */
function targetInputs(g: GraphBuilder, p: string[], prefix: string): string[] {
  return p.map((w, i) => g.input(`${prefix}${i}`, g.shape(w)));
}

/** sum_i ||p_i - t_i||^2 times the weight. */
function pullNode(g: GraphBuilder, form: RegularizerForm, p: string[], targets: string[]): string {
  const terms = p.map((w, i) => g.sum(g.unary('Square', g.sub(w, targets[i])), g.shape(w).map((_, k) => k)));
  return g.mul(g.scalar(form.weight), terms.reduce((a, b) => g.add(a, b)));
}

/** What varies between the graphs of one run: whether experience replay mixes in replayed rows yet. */
interface Variant { replay: boolean }

function buildStep(run: GanRun, plan: Plan, variant: Variant): { g: GraphBuilder; outputs: Record<string, string> } {
  const g = new GraphBuilder();
  const B = run.batchSize, latent = run.latentDim, dim = run.data.dim;
  const G = run.generator.params.map((v, i) => g.input(`G${i}`, v.shape));
  let D = run.critic.params.map((v, i) => g.input(`D${i}`, v.shape));
  const consts = (m: GraphModel, prefix: string) => Object.fromEntries(Object.entries(m.constants).map(([k, t]) => [k, g.input(`${prefix}${k}`, t.shape)]));
  const [cG, cD] = [consts(plan.G, 'cG_'), consts(plan.D, 'cD_')];
  const size = (vars: Variable[]) => vars.reduce((a, v) => a + v.size, 0);
  let mD = g.input('mD', [size(run.critic.params)]), vD = g.input('vD', [size(run.critic.params)]);
  const mG = g.input('mG', [size(run.generator.params)]), vG = g.input('vG', [size(run.generator.params)]);
  const generate = (z: string) => plan.G.layers(g, G, z, cG).at(-1)!;
  const score = (p: string[], x: string) => plan.D.layers(g, p, x, cD);
  const co = run.criticOptimizer as FlatAdam, go = run.generatorOptimizer as FlatAdam;
  const outputs: Record<string, string> = {};
  const targetsD = plan.criticRegularizer ? targetInputs(g, D, 'targetD_') : [];
  for (let k = 0; k < plan.iterations; k++) {
    let real = g.input(`real${k}`, [B, dim]), fake = generate(g.input(`z${k}`, [B, latent]));
    const hook = plan.batchHook;
    if (hook?.kind === 'instance noise') [real, fake] = [g.add(real, g.input(`noiseReal${k}`, [B, dim])), g.add(fake, g.input(`noiseFake${k}`, [B, dim]))];
    if (hook?.kind === 'replay') {
      outputs[`fresh${k}`] = fake;
      const kept = B - Math.round(hook.fraction * B);
      if (variant.replay) fake = kept === 0 ? g.input(`replayed${k}`, [B, dim]) : g.concat([g.slice(fake, [0, 0], [kept, dim]), g.input(`replayed${k}`, [B - kept, dim])]);
    }
    const outReal = score(D, real).at(-1)!, outFake = score(D, fake).at(-1)!;
    const loss = criticLossNode(g, plan.criticLoss, outReal, outFake);
    const total = plan.criticRegularizer ? g.add(loss, pullNode(g, plan.criticRegularizer, D, targetsD)) : loss;
    let grads = gradients(g, total, D);
    let pen: string | null = null;
    if (plan.constraint.kind === 'penalty') {
      const eps = g.input(`eps${k}`, [B, 1]);
      const x = g.add(fake, g.mul(eps, g.sub(real, fake)));   // randomInterpolates' formula
      const p = penalty(g, D, reluForward(g, D, x), plan.constraint.weight, B);
      grads = grads.map((x2, i) => g.add(x2, p.grads[i]));
      pen = p.value;
    }
    const upd = adamUpdate(g, D, grads, mD, vD, g.input(`lrD${k}`, []), g.input(`epsD${k}`, []), [co.beta1, co.beta2]);
    const c = plan.constraint.kind === 'clip' ? plan.constraint.c : null;
    D = c === null ? upd.params : upd.params.map((w) => g.clip(w, -c, c));
    [mD, vD] = [upd.m, upd.v];
    if (k === plan.iterations - 1) {
      outputs.criticLoss = loss;
      outputs.wEstimate = g.sub(g.mean(outReal, [0, 1]), g.mean(outFake, [0, 1]));
      if (pen) outputs.penalty = pen;
    }
  }
  // The generator's update sees the critic's new weights as constants, as the eager step does.
  D = D.map((w) => g.unary('StopGradient', w));
  const fake = generate(g.input('zg', [B, latent])), real = g.input('realG', [B, dim]);
  const fakeLayers = score(D, fake);
  const gl = plan.generatorLoss;
  let loss: string;
  if (gl.kind === 'feature matching') {
    const pick = (layers: string[]) => layers.at(gl.layer)!;
    if (pick(fakeLayers) === undefined) throw new RangeError(`trainGan: matchFeatures(${gl.layer}) asks for a layer the critic '${run.critic.name}' does not have (it has ${fakeLayers.length})`);
    const gap = g.sub(g.mean(pick(score(D, real)), [0]), g.mean(pick(fakeLayers), [0]));
    loss = g.sum(g.unary('Square', gap), [0]);
  } else {
    const out = fakeLayers.at(-1)!, mean = g.mean(out, [0, 1]);
    loss = gl.kind === 'wasserstein' ? g.unary('Neg', mean) : gl.kind === 'non-saturating' ? crossEntropy(g, out, 1) : g.unary('Neg', crossEntropy(g, out, 0));
  }
  if (plan.generatorRegularizer) loss = g.add(loss, pullNode(g, plan.generatorRegularizer, G, targetInputs(g, G, 'targetG_')));
  outputs.generatorLoss = loss;
  const upd = adamUpdate(g, G, gradients(g, loss, G), mG, vG, g.input('lrG', []), g.input('epsG', []), [go.beta1, go.beta2]);
  upd.params.forEach((w, i) => { outputs[`G${i}`] = w; });
  D.forEach((w, i) => { outputs[`D${i}`] = w; });
  Object.assign(outputs, { mD, vD, mG: upd.m, vG: upd.v });
  return { g, outputs };
}

// ---- Running it on a GanRun. ----

const compiled = new WeakMap<GanRun, { plan: Plan; graphs: Map<boolean, GraphFunction> }>();

/** Builds (or fetches from the cache) the run's compiled step; throws with the reasons if the run cannot take it. */
export async function prepareCompiledStep(run: GanRun): Promise<void> {
  if (compiled.has(run)) return;
  const { plan, why } = planOf(run);
  if (!plan) {
    throw new RangeError(`trainGan: step 'compiled' cannot run this GAN:\n  - ${why.join('\n  - ')}\nUse step: 'eager' (the default), which runs any GAN.`);
  }
  const graphs = new Map<boolean, GraphFunction>();
  for (const replay of plan.batchHook?.kind === 'replay' ? [false, true] : [false]) {
    const { g, outputs } = buildStep(run, plan, { replay });
    graphs.set(replay, await compileGraph(g, outputs));
  }
  compiled.set(run, { plan, graphs });
}

/** The number of graph nodes of the run's compiled step (after {@link prepareCompiledStep}). */
export function compiledStepNodes(run: GanRun): number {
  return compiled.get(run)?.graphs.get(false)?.nodes ?? 0;
}

/**
 * One generator step (k critic updates, the graph's number) through the compiled graph, with the same random draws in
 * the same order as the eager step (per critic update: a real batch, a latent batch, the hook's draws, the
 * interpolation weights; then a latent and a real batch for the generator).
 */
export function compiledGanStep(run: GanRun, k: number, sampleLatent: (n: number) => Tensor): StepMetrics {
  const { plan, graphs } = compiled.get(run)!;
  const { batchSize: n, rng, data } = run;
  const co = run.criticOptimizer as FlatAdam, go = run.generatorOptimizer as FlatAdam;
  const dVars = run.critic.params, gVars = run.generator.params;
  const dState = co.bindForCompiledStep(dVars), gState = go.bindForCompiledStep(gVars);
  const feeds: Record<string, Tensor> = { mD: dState.m, vD: dState.v, mG: gState.m, vG: gState.v };
  dVars.forEach((v, i) => { feeds[`D${i}`] = v; });
  gVars.forEach((v, i) => { feeds[`G${i}`] = v; });
  for (const [prefix, m] of [['cG_', plan.G], ['cD_', plan.D]] as const) for (const [key, t] of Object.entries(m.constants)) feeds[`${prefix}${key}`] = t;
  plan.criticRegularizer?.targets.forEach((t, j) => { feeds[`targetD_${j}`] = t; });   // the same for every critic iteration of the step
  const owned: Tensor[] = [];
  const own = <T extends Tensor>(t: T): T => { owned.push(t); return t; };
  const hook = plan.batchHook;
  let replay = false;
  for (let i = 0; i < k; i++) {
    const real = own(data.sample(rng, n));
    feeds[`real${i}`] = real;
    feeds[`z${i}`] = own(sampleLatent(n));
    if (hook?.kind === 'instance noise') {
      const s = hook.std(run.step), size = real.size;
      for (const name of [`noiseReal${i}`, `noiseFake${i}`]) feeds[name] = own(s === 0 ? tf.zeros(real.shape) : tf.tensor(rng.normals(size, 0, s), real.shape));
    }
    if (hook?.kind === 'replay') {
      const kReplayed = Math.round(hook.fraction * n);
      replay = kReplayed > 0 && hook.buffer.size >= kReplayed;
      if (replay) feeds[`replayed${i}`] = own(hook.buffer.sample(kReplayed));
    }
    if (plan.constraint.kind === 'penalty') feeds[`eps${i}`] = own(tf.tensor2d(interpolationWeights(rng, n), [n, 1]));
    const c = co.correctionsAt(co.iterations + 1 + i);
    feeds[`lrD${i}`] = own(tf.scalar(c.lrT));
    feeds[`epsD${i}`] = own(tf.scalar(c.epsT));
  }
  feeds.zg = own(sampleLatent(n));
  feeds.realG = own(data.sample(rng, n));   // the eager step's real batch for the generator's context (feature matching)
  plan.generatorRegularizer?.targets.forEach((t, j) => { feeds[`targetG_${j}`] = t; });
  const c = go.correctionsAt(go.iterations + 1);
  feeds.lrG = own(tf.scalar(c.lrT));
  feeds.epsG = own(tf.scalar(c.epsT));
  const graph = graphs.get(replay)!;
  const out = graph.run(pickInputs(graph, feeds));
  tf.dispose(owned);
  dVars.forEach((v, i) => v.assign(out[`D${i}`]));
  gVars.forEach((v, i) => v.assign(out[`G${i}`]));
  co.finishCompiledStep(out.mD, out.vD, k);
  go.finishCompiledStep(out.mG, out.vG, 1);
  if (hook?.kind === 'replay') hook.buffer.add(out.fresh0 as Tensor2D);
  const metrics: StepMetrics = { criticLoss: out.criticLoss as Scalar, wEstimate: out.wEstimate as Scalar, generatorLoss: out.generatorLoss as Scalar };
  if (out.penalty) metrics.penalty = out.penalty as Scalar;
  const kept = new Set<Tensor>(Object.values(metrics));
  tf.dispose(Object.values(out).filter((t) => !kept.has(t)));
  return metrics;
}

/** The feeds the graph takes (a graph without a penalty has no `eps` inputs, one before replay no `replayed`, ...). */
function pickInputs(graph: GraphFunction, feeds: Record<string, Tensor>): Record<string, Tensor> {
  return Object.fromEntries(graph.inputs.map((name) => [name, feeds[name]]));
}

/**
 * The WGAN-GP penalty of a ReLU MLP critic at the points x and its parameter gradient (flattened in parameter order)
 * through the compiled graph's closed form: what the finite-difference tests check.
 */
export async function compiledPenaltyGradient(critic: Model, x: Tensor, weight: number): Promise<{ value: number; gradient: Float64Array }> {
  if (!isReluMlp(critic)) throw new RangeError(`compiledPenaltyGradient: the critic '${critic.name}' is not a ReLU MLP from mlp()`);
  const g = new GraphBuilder();
  const p = critic.params.map((v, i) => g.input(`D${i}`, v.shape));
  const pen = penalty(g, p, reluForward(g, p, g.input('x', x.shape as number[])), weight, x.shape[0]);
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
