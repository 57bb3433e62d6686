/**
 * A measurement, not a feature: how fast would the lessons' small GAN step be as ONE TensorFlow graph call instead of
 * about 290 eager ops? Builds the step of bench/small-gan.bench.ts (generator 16 -> 64 -> 64 -> 2, discriminator
 * 2 -> 64 -> 64 -> 1, ReLU, batch 128, one discriminator and one generator update, minimax / non-saturating losses,
 * Adam 1e-3 (0.5, 0.999)) as a GraphDef with hand-written backward passes, wraps it in a SavedModel (the protobuf
 * classes tfjs-node ships), loads it with tf.node.loadSavedModel (a TF_Session) and times one predict() per step,
 * alternating rounds with the library's eager step. Weights and Adam moments go in and come out as tensors.
 * Checks: the compiled step's losses and new weights against the same step written in eager TF.js ops.
 *
 * Then the same for the WGAN-GP toy step at the paper's size, whose penalty gradient is written in closed form for
 * ReLU MLPs (the masks are piecewise constant), checked against the library's eager gradientPenalty.
 *
 * Run: node --import tsx bench/compiled-step.bench.ts [rounds=3] [steps=300] [small|gp|both]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { node as tfnode } from '@tensorflow/tfjs-node';   // the library's backend; loadSavedModel runs a graph in a TF_Session
import {
  tf, adam, Rng, mlp, createGan, trainGan, minimaxDiscriminatorLoss, nonSaturatingGeneratorLoss, eightGaussians, median,
  wassersteinCriticLoss, wassersteinGeneratorLoss, penalize, gradientPenalty, activate, type Model,
} from '../src/index';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const pb = require('@tensorflow/tfjs-node/dist/proto/api_pb');

const rounds = Number(process.argv[2] ?? 3);
const steps = Number(process.argv[3] ?? 300);
const B = 128, LATENT = 16, H = 64, LR = 1e-3, B1 = 0.5, B2 = 0.999, EPS = 1e-8;
const DT_FLOAT = 1, DT_INT32 = 3;

/** A GraphDef under construction: each op returns its output's name ("node:0"). */
class Graph {
  readonly nodes: unknown[] = [];
  private n = 0;
  op(type: string, inputs: string[], attrs: Record<string, unknown> = {}, name = `${type.toLowerCase()}_${this.n++}`): string {
    const node = new pb.NodeDef();
    node.setName(name);
    node.setOp(type);
    for (const i of inputs) node.addInput(i);
    const map = node.getAttrMap();
    for (const [k, v] of Object.entries(type === 'Placeholder' || type === 'Const' ? attrs : { T: DT_FLOAT, ...attrs })) {
      const a = new pb.AttrValue();
      if (k === 'T' || k === 'dtype' || k === 'Tidx') a.setType(v as number);
      else if (typeof v === 'boolean') a.setB(v);
      else if (v instanceof pb.Tensor) a.setTensor(v);
      else if (v instanceof pb.TensorShape) a.setShape(v);
      else throw new Error(`attr ${k}`);
      map.set(k, a);
    }
    this.nodes.push(node);
    return `${name}:0`;
  }
  placeholder(name: string, shape: number[]): string {
    const s = new pb.TensorShape();
    for (const d of shape) { const dim = new pb.TensorShape.Dim(); dim.setSize(d); s.addDim(dim); }
    return this.op('Placeholder', [], { dtype: DT_FLOAT, shape: s }, name);
  }
  constFloat(v: number): string {
    const t = new pb.Tensor(); t.setDtype(DT_FLOAT); t.setTensorShape(new pb.TensorShape()); t.addFloatVal(v);
    return this.op('Const', [], { dtype: DT_FLOAT, value: t });
  }
  constInts(v: number[]): string {
    const t = new pb.Tensor(); t.setDtype(DT_INT32);
    const s = new pb.TensorShape(); const dim = new pb.TensorShape.Dim(); dim.setSize(v.length); s.addDim(dim); t.setTensorShape(s);
    for (const x of v) t.addIntVal(x);
    return this.op('Const', [], { dtype: DT_INT32, value: t });
  }
  matMul(a: string, b: string, ta = false, tb = false) { return this.op('MatMul', [a, b], { transpose_a: ta, transpose_b: tb }); }
  add(a: string, b: string) { return this.op('AddV2', [a, b]); }
  sub(a: string, b: string) { return this.op('Sub', [a, b]); }
  mul(a: string, b: string) { return this.op('Mul', [a, b]); }
  div(a: string, b: string) { return this.op('RealDiv', [a, b]); }
  relu(a: string) { return this.op('Relu', [a]); }
  reluGrad(dy: string, x: string) { return this.op('ReluGrad', [dy, x]); }
  sum0(a: string) { return this.op('Sum', [a, this.constInts([0])], { Tidx: DT_INT32, keep_dims: false }); }
  meanAll(a: string) { return this.op('Mean', [a, this.constInts([0, 1])], { Tidx: DT_INT32, keep_dims: false }); }
  unary(type: string, a: string) { return this.op(type, [a]); }
}

type Params = string[];   // [W1, b1, W2, b2, W3, b3]
interface Forward { out: string; pre: string[]; acts: string[] }

function forward(g: Graph, p: Params, x: string): Forward {
  const pre: string[] = [], acts: string[] = [x], L = p.length / 2;
  let h = x;
  for (let l = 0; l < L; l++) {
    const z = g.add(g.matMul(h, p[2 * l]), p[2 * l + 1]);
    if (l < L - 1) { pre.push(z); h = g.relu(z); acts.push(h); } else h = z;
  }
  return { out: h, pre, acts };
}

/** Backward through an MLP from d(out): parameter gradients and the input gradient. */
function backward(g: Graph, p: Params, f: Forward, dOut: string): { grads: string[]; dx: string } {
  const grads: string[] = new Array(p.length);
  let d = dOut;
  for (let l = p.length / 2 - 1; l >= 0; l--) {
    grads[2 * l] = g.matMul(f.acts[l], d, true, false);
    grads[2 * l + 1] = g.sum0(d);
    d = g.matMul(d, p[2 * l], false, true);
    if (l > 0) d = g.reluGrad(d, f.pre[l - 1]);
  }
  return { grads, dx: d };
}

function addGrads(g: Graph, a: string[], b: string[]) { return a.map((x, i) => g.add(x, b[i])); }

/**
 * The gradient penalty lambda * mean((||grad_x D(x)|| - 1)^2) at x and its parameter gradients, in closed form for a
 * ReLU MLP: with the ReLU masks fixed (they are piecewise constant), grad_x D = ones . W_L^T (.) m_{L-1} ... W_1^T is
 * linear in each weight, so reverse mode through that chain gives the weights' gradients; the biases' are zero.
 */
function penalty(g: Graph, p: Params, f: Forward, lambda: number, batch: number): { value: string; grads: string[] } {
  const L = p.length / 2;
  // The input-gradient chain: d_L = ones; u_l = d_{l+1} . W_{l+1}^T; d_l = u_l (.) m_l; gx = d_1 . W_1^T.
  const ds: string[] = new Array(L + 1), us: string[] = new Array(L);
  ds[L] = g.op('OnesLike', [f.out]);
  for (let l = L - 1; l >= 0; l--) {
    us[l] = g.matMul(ds[l + 1], p[2 * l], false, true);
    ds[l] = l > 0 ? g.reluGrad(us[l], f.pre[l - 1]) : us[l];
  }
  const gx = ds[0];
  const norm = g.unary('Sqrt', g.add(g.op('Sum', [g.unary('Square', gx), g.constInts([1])], { Tidx: DT_INT32, keep_dims: true }), g.constFloat(1e-12)));
  const gap = g.sub(norm, g.constFloat(1));
  const value = g.mul(g.constFloat(lambda), g.meanAll(g.unary('Square', gap)));
  // dP/dgx = (2 lambda / B) (n - 1) / n . gx, then back down the chain.
  let du = g.mul(g.mul(g.constFloat((2 * lambda) / batch), g.div(gap, norm)), gx);
  const grads: string[] = p.map((w) => g.op('ZerosLike', [w]));
  for (let l = 0; l < L; l++) {
    if (l > 0) du = g.reluGrad(du, f.pre[l - 1]);       // through d_l = u_l (.) m_l
    grads[2 * l] = g.matMul(du, ds[l + 1], true, false);  // u_l = d_{l+1} . W^T  =>  dW = du^T . d_{l+1}
    if (l < L - 1) du = g.matMul(du, p[2 * l]);           // d(d_{l+1}) = du . W
  }
  return { value, grads };
}

/** Adam on each parameter; c1 = lr / (1 - b1^t) and c2 = 1 / (1 - b2^t) come in as scalars. */
function adamUpdate(g: Graph, p: Params, grads: string[], m: string[], v: string[], c1: string, c2: string) {
  const [b1, nb1, b2, nb2, eps] = [B1, 1 - B1, B2, 1 - B2, EPS].map((x) => g.constFloat(x));
  const m2 = grads.map((gr, i) => g.add(g.mul(b1, m[i]), g.mul(nb1, gr)));
  const v2 = grads.map((gr, i) => g.add(g.mul(b2, v[i]), g.mul(nb2, g.unary('Square', gr))));
  const p2 = p.map((w, i) => g.sub(w, g.div(g.mul(c1, m2[i]), g.add(g.unary('Sqrt', g.mul(v2[i], c2)), eps))));
  return { p2, m2, v2 };
}

const SHAPES = (inp: number, out: number) => [[inp, H], [H], [H, H], [H], [H, out], [out]];
const NAMES = ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'];

function buildStep(): { graph: Graph; inputs: Record<string, number[]>; outputs: Record<string, string> } {
  const g = new Graph();
  const inputs: Record<string, number[]> = {};
  const ph = (name: string, shape: number[]) => { inputs[name] = shape; return g.placeholder(name, shape); };
  const set = (who: string, shapes: number[][]) => ({
    p: NAMES.map((n, i) => ph(`${who}_${n}`, shapes[i])),
    m: NAMES.map((n, i) => ph(`${who}_${n}_m`, shapes[i])),
    v: NAMES.map((n, i) => ph(`${who}_${n}_v`, shapes[i])),
  });
  const G = set('G', SHAPES(LATENT, 2)), D = set('D', SHAPES(2, 1));
  const real = ph('real', [B, 2]), z1 = ph('z1', [B, LATENT]), z2 = ph('z2', [B, LATENT]);
  const c1 = ph('c1', []), c2 = ph('c2', []);
  const invB = g.constFloat(1 / B);
  // Discriminator step: mean softplus(-l_real) + mean softplus(l_fake); d/dl = -sigmoid(-l)/B and sigmoid(l)/B.
  const fake = forward(g, G.p, z1).out;
  const fr = forward(g, D.p, real), ff = forward(g, D.p, fake);
  const dLoss = g.add(g.meanAll(g.unary('Softplus', g.unary('Neg', fr.out))), g.meanAll(g.unary('Softplus', ff.out)));
  const gr = backward(g, D.p, fr, g.mul(g.unary('Neg', g.unary('Sigmoid', g.unary('Neg', fr.out))), invB));
  const gf = backward(g, D.p, ff, g.mul(g.unary('Sigmoid', ff.out), invB));
  const dNew = adamUpdate(g, D.p, addGrads(g, gr.grads, gf.grads), D.m, D.v, c1, c2);
  // Generator step against the updated discriminator: mean softplus(-D(G(z2))).
  const gfw = forward(g, G.p, z2);
  const dg = forward(g, dNew.p2, gfw.out);
  const gLoss = g.meanAll(g.unary('Softplus', g.unary('Neg', dg.out)));
  const throughD = backward(g, dNew.p2, dg, g.mul(g.unary('Neg', g.unary('Sigmoid', g.unary('Neg', dg.out))), invB));
  const throughG = backward(g, G.p, gfw, throughD.dx);
  const gNew = adamUpdate(g, G.p, throughG.grads, G.m, G.v, c1, c2);
  const outputs: Record<string, string> = { dLoss, gLoss };
  NAMES.forEach((n, i) => {
    Object.assign(outputs, { [`G_${n}`]: gNew.p2[i], [`G_${n}_m`]: gNew.m2[i], [`G_${n}_v`]: gNew.v2[i],
                             [`D_${n}`]: dNew.p2[i], [`D_${n}_m`]: dNew.m2[i], [`D_${n}_v`]: dNew.v2[i] });
  });
  return { graph: g, inputs, outputs };
}

/** The WGAN-GP toy step at the paper's size: 2 -> 512 x 3 -> out, batch 256, 5 critic updates, then the generator's. */
const GP = { H: 512, hidden: 3, B: 256, latent: 2, iters: 5, lambda: 0.1, lr: 1e-4, b1: 0.5, b2: 0.9 };
const gpShapes = (inp: number, out: number) => {
  const dims = [inp, ...new Array(GP.hidden).fill(GP.H), out];
  return dims.slice(1).flatMap((d, i) => [[dims[i], d], [d]]);
};
const gpNames = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `W${i / 2 + 1}` : `b${(i + 1) / 2}`));

function buildWganGpStep(): { graph: Graph; inputs: Record<string, number[]>; outputs: Record<string, string>; names: string[] } {
  const g = new Graph();
  const inputs: Record<string, number[]> = {};
  const ph = (name: string, shape: number[]) => { inputs[name] = shape; return g.placeholder(name, shape); };
  const names = gpNames(2 * (GP.hidden + 1));
  const set = (who: string, shapes: number[][]) => ({
    p: names.map((n, i) => ph(`${who}_${n}`, shapes[i])),
    m: names.map((n, i) => ph(`${who}_${n}_m`, shapes[i])),
    v: names.map((n, i) => ph(`${who}_${n}_v`, shapes[i])),
  });
  const G = set('G', gpShapes(GP.latent, 2));
  let D = set('D', gpShapes(2, 1));
  const B = GP.B, outputs: Record<string, string> = {};
  const adamAt = (cur: { p: string[]; m: string[]; v: string[] }, grads: string[], c1: string, c2: string) => {
    const [b1, nb1, b2, nb2, eps] = [GP.b1, 1 - GP.b1, GP.b2, 1 - GP.b2, EPS].map((x) => g.constFloat(x));
    const m = grads.map((gr, i) => g.add(g.mul(b1, cur.m[i]), g.mul(nb1, gr)));
    const v = grads.map((gr, i) => g.add(g.mul(b2, cur.v[i]), g.mul(nb2, g.unary('Square', gr))));
    return { p: cur.p.map((w, i) => g.sub(w, g.div(g.mul(c1, m[i]), g.add(g.unary('Sqrt', g.mul(v[i], c2)), eps)))), m, v };
  };
  for (let k = 0; k < GP.iters; k++) {
    const real = ph(`real${k}`, [B, 2]), z = ph(`z${k}`, [B, GP.latent]), e = ph(`eps${k}`, [B, 1]);
    const fake = forward(g, G.p, z).out;
    const interp = g.add(g.mul(e, real), g.mul(g.sub(g.constFloat(1), e), fake));
    const fr = forward(g, D.p, real), ff = forward(g, D.p, fake), fi = forward(g, D.p, interp);
    const w = g.sub(g.meanAll(ff.out), g.meanAll(fr.out));   // E D(fake) - E D(real)
    const pen = penalty(g, D.p, fi, GP.lambda, B);
    const gr = backward(g, D.p, fr, g.mul(g.op('OnesLike', [fr.out]), g.constFloat(-1 / B)));
    const gf = backward(g, D.p, ff, g.mul(g.op('OnesLike', [ff.out]), g.constFloat(1 / B)));
    D = adamAt(D, addGrads(g, addGrads(g, gr.grads, gf.grads), pen.grads), ph(`c1_${k}`, []), ph(`c2_${k}`, []));
    if (k === GP.iters - 1) Object.assign(outputs, { criticLoss: g.add(w, pen.value), penalty: pen.value });
  }
  const zg = ph('zg', [B, GP.latent]);
  const gfw = forward(g, G.p, zg), dg = forward(g, D.p, gfw.out);
  outputs.generatorLoss = g.unary('Neg', g.meanAll(dg.out));
  const throughD = backward(g, D.p, dg, g.mul(g.op('OnesLike', [dg.out]), g.constFloat(-1 / B)));
  const Gn = adamAt(G, backward(g, G.p, gfw, throughD.dx).grads, ph('cg1', []), ph('cg2', []));
  names.forEach((n, i) => {
    Object.assign(outputs, { [`G_${n}`]: Gn.p[i], [`G_${n}_m`]: Gn.m[i], [`G_${n}_v`]: Gn.v[i], [`D_${n}`]: D.p[i], [`D_${n}_m`]: D.m[i], [`D_${n}_v`]: D.v[i] });
  });
  return { graph: g, inputs, outputs, names };
}

function writeSavedModel(dir: string, step: ReturnType<typeof buildStep>): void {
  const gd = new pb.GraphDef();
  for (const n of step.graph.nodes) gd.addNode(n);
  const sig = new pb.SignatureDef();
  sig.setMethodName('tensorflow/serving/predict');
  const info = (name: string, shape: number[] = []) => {
    const t = new pb.TensorInfo(); t.setName(name); t.setDtype(DT_FLOAT);
    const s = new pb.TensorShape();
    for (const d of shape) { const dim = new pb.TensorShape.Dim(); dim.setSize(d); s.addDim(dim); }
    t.setTensorShape(s);
    return t;
  };
  for (const [k, shape] of Object.entries(step.inputs)) sig.getInputsMap().set(k, info(`${k}:0`, shape));
  for (const [k, v] of Object.entries(step.outputs)) sig.getOutputsMap().set(k, info(v));
  const meta = new pb.MetaGraphDef();
  const mi = new pb.MetaGraphDef.MetaInfoDef();
  mi.addTags('serve');
  meta.setMetaInfoDef(mi);
  meta.setGraphDef(gd);
  meta.getSignatureDefMap().set('serving_default', sig);
  const sm = new pb.SavedModel();
  sm.setSavedModelSchemaVersion(1);
  sm.addMetaGraphs(meta);
  fs.mkdirSync(path.join(dir, 'variables'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'saved_model.pb'), sm.serializeBinary());
}

/** The same step in eager TF.js ops (tf.grads; the same Adam formula): the reference the compiled step must match. */
function eagerReferenceStep(state: Record<string, TF.Tensor>, real: TF.Tensor, z1: TF.Tensor, z2: TF.Tensor, t: number): Record<string, TF.Tensor> {
  return tf.tidy(() => {
    const net = (p: TF.Tensor[], x: TF.Tensor) => {
      let h = x;
      for (let l = 0; l < 3; l++) { h = tf.add(tf.matMul(h, p[2 * l]), p[2 * l + 1]); if (l < 2) h = tf.relu(h); }
      return h;
    };
    const G = NAMES.map((n) => state[`G_${n}`]), D = NAMES.map((n) => state[`D_${n}`]);
    const adamStep = (who: string, p: TF.Tensor[], grads: TF.Tensor[], out: Record<string, TF.Tensor>) => NAMES.forEach((n, i) => {
      const m = tf.add(tf.mul(B1, state[`${who}_${n}_m`]), tf.mul(1 - B1, grads[i]));
      const v = tf.add(tf.mul(B2, state[`${who}_${n}_v`]), tf.mul(1 - B2, tf.square(grads[i])));
      out[`${who}_${n}_m`] = m; out[`${who}_${n}_v`] = v;
      out[`${who}_${n}`] = tf.sub(p[i], tf.div(tf.mul(LR / (1 - B1 ** t), m), tf.add(tf.sqrt(tf.mul(v, 1 / (1 - B2 ** t))), EPS)));
    });
    const out: Record<string, TF.Tensor> = {};
    const fake = net(G, z1);
    const dGrads = tf.grads((...d: TF.Tensor[]) => minimaxDiscriminatorLoss(net(d, real), net(d, fake)))(D);
    adamStep('D', D, dGrads, out);
    const D2 = NAMES.map((n) => out[`D_${n}`]);
    const gGrads = tf.grads((...g: TF.Tensor[]) => nonSaturatingGeneratorLoss(net(D2, net(g, z2))))(G);
    adamStep('G', G, gGrads, out);
    return out;
  });
}

async function smallMain() {
  const step = buildStep();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-compiled-'));
  writeSavedModel(dir, step);
  const model = await tfnode.loadSavedModel(dir, ['serve'], 'serving_default');
  console.log(`compiled step: ${step.graph.nodes.length} graph nodes, ${Object.keys(step.inputs).length} inputs, ${Object.keys(step.outputs).length} outputs`);

  // State: weights from the library's mlp (same init as the eager run), zero moments.
  const rng = new Rng(1);
  const gNet = mlp({ inputDim: LATENT, hidden: [H, H], outputDim: 2, seed: rng.seed(), name: 'generator' });
  const dNet = mlp({ inputDim: 2, hidden: [H, H], outputDim: 1, seed: rng.seed(), name: 'discriminator' });
  let state: Record<string, TF.Tensor> = {};
  NAMES.forEach((n, i) => {
    state[`G_${n}`] = gNet.params[i].clone(); state[`D_${n}`] = dNet.params[i].clone();
    for (const s of ['m', 'v']) { state[`G_${n}_${s}`] = tf.zerosLike(gNet.params[i]); state[`D_${n}_${s}`] = tf.zerosLike(dNet.params[i]); }
  });
  const data = eightGaussians(), noiseRng = new Rng(5);
  let t = 0;
  const batch = () => ({ real: data.sample(noiseRng, B) as TF.Tensor, z1: tf.randomNormal([B, LATENT], 0, 1, 'float32', noiseRng.seed()),
                         z2: tf.randomNormal([B, LATENT], 0, 1, 'float32', noiseRng.seed()) });
  const compiledStep = (inputs = batch()): TF.Tensor[] => {
    t += 1;
    const feeds: Record<string, TF.Tensor> = { ...state, ...inputs, c1: tf.scalar(LR / (1 - B1 ** t)), c2: tf.scalar(1 / (1 - B2 ** t)) };
    const out = model.predict(feeds) as Record<string, TF.Tensor>;
    tf.dispose([feeds.real, feeds.z1, feeds.z2, feeds.c1, feeds.c2, ...Object.values(state)]);
    const losses = [out.dLoss, out.gLoss];
    delete out.dLoss; delete out.gLoss;
    state = out;
    return losses;
  };
  const compiledRound = (n: number) => {
    const t0 = performance.now();
    let last: TF.Tensor[] = [];
    for (let i = 0; i < n; i++) {
      tf.dispose(last);
      last = compiledStep();
      if ((i + 1) % 50 === 0) last[0].dataSync();   // a read-back every 50 steps, as the eager loop does
    }
    last[0].dataSync(); tf.dispose(last);
    return (performance.now() - t0) / n;
  };
  // The library's eager step of the same GAN (bench/small-gan.bench.ts's default variant).
  const erng = new Rng(1);
  const eager = createGan({
    generator: mlp({ inputDim: LATENT, hidden: [H, H], outputDim: 2, seed: erng.seed(), name: 'generator' }),
    critic: mlp({ inputDim: 2, hidden: [H, H], outputDim: 1, seed: erng.seed(), name: 'discriminator' }),
    data, latentDim: LATENT, batchSize: B, seed: erng.seed(), criticIterations: 1,
    criticLoss: minimaxDiscriminatorLoss, generatorLoss: (f) => nonSaturatingGeneratorLoss(f),
    criticOptimizer: adam(LR, B1, B2), generatorOptimizer: adam(LR, B1, B2),
  });
  const eagerRound = async (n: number) => { const t0 = performance.now(); await trainGan(eager, { steps: n, readEvery: 50 }); return (performance.now() - t0) / n; };
  // Correctness: 20 compiled steps against 20 eager reference steps from the same state and the same batches.
  let ref: Record<string, TF.Tensor> = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v.clone()]));
  let worst = 0;
  for (let i = 0; i < 20; i++) {
    const inputs = batch();
    const next = eagerReferenceStep(ref, inputs.real, inputs.z1, inputs.z2, t + 1);
    tf.dispose([...compiledStep({ ...inputs, real: inputs.real.clone(), z1: inputs.z1.clone(), z2: inputs.z2.clone() })]);
    tf.dispose([inputs.real, inputs.z1, inputs.z2, ...Object.values(ref)]);
    ref = next;
  }
  for (const k of Object.keys(state)) worst = Math.max(worst, tf.tidy(() => tf.max(tf.abs(tf.sub(state[k], ref[k]))).dataSync()[0]));
  tf.dispose(Object.values(ref));
  console.log(`compiled vs eager reference after 20 steps: max |difference| over all weights and moments ${worst.toExponential(2)}`);
  compiledRound(50); await eagerRound(50);   // warm-up
  const before = tf.memory().numTensors;
  const c: number[] = [], e: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) { c.push(compiledRound(steps)); e.push(await eagerRound(steps)); } else { e.push(await eagerRound(steps)); c.push(compiledRound(steps)); }
    console.log(`round ${r + 1}: compiled ${c.at(-1)!.toFixed(2)} ms/step, eager ${e.at(-1)!.toFixed(2)} ms/step, load ${os.loadavg()[0].toFixed(2)}`);
  }
  compiledRound(20);
  console.log(`tensors flat across compiled steps: ${tf.memory().numTensors === before} (${before} -> ${tf.memory().numTensors})`);
  console.log(`median: compiled ${median(c).toFixed(2)} ms/step, eager ${median(e).toFixed(2)} ms/step, ratio compiled / eager ${(median(c) / median(e)).toFixed(2)}`);
  model.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}
/** The same WGAN-GP step in eager ops with the library's gradientPenalty (tf.grads through its second-order-correct relu). */
function eagerGpStep(state: Record<string, TF.Tensor>, names: string[], feeds: Record<string, TF.Tensor>, tD: number, tG: number): Record<string, TF.Tensor> {
  return tf.tidy(() => {
    const model = (p: TF.Tensor[]): Model => ({ name: 'm', params: p as TF.Variable[], apply: (x: TF.Tensor) => {
      let h = x;
      for (let l = 0; l < p.length / 2; l++) { h = tf.add(tf.matMul(h, p[2 * l]), p[2 * l + 1]); if (l < p.length / 2 - 1) h = activate('relu', h); }
      return h as TF.Tensor2D;
    } });
    const cur: Record<string, TF.Tensor> = { ...state };
    const adamStep = (who: string, grads: TF.Tensor[], t: number) => names.forEach((n, i) => {
      const m = tf.add(tf.mul(GP.b1, cur[`${who}_${n}_m`]), tf.mul(1 - GP.b1, grads[i]));
      const v = tf.add(tf.mul(GP.b2, cur[`${who}_${n}_v`]), tf.mul(1 - GP.b2, tf.square(grads[i])));
      cur[`${who}_${n}_m`] = m; cur[`${who}_${n}_v`] = v;
      cur[`${who}_${n}`] = tf.sub(cur[`${who}_${n}`], tf.div(tf.mul(GP.lr / (1 - GP.b1 ** t), m), tf.add(tf.sqrt(tf.mul(v, 1 / (1 - GP.b2 ** t))), EPS)));
    });
    const G = () => names.map((n) => cur[`G_${n}`]), D = () => names.map((n) => cur[`D_${n}`]);
    for (let k = 0; k < GP.iters; k++) {
      const real = feeds[`real${k}`] as TF.Tensor2D, e = feeds[`eps${k}`];
      const fake = model(G()).apply(feeds[`z${k}`] as TF.Tensor2D);
      const interp = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake)) as TF.Tensor2D;
      const grads = tf.grads((...d: TF.Tensor[]) => tf.add(wassersteinCriticLoss(model(d).apply(real), model(d).apply(fake)),
        gradientPenalty(model(d), interp, interp, { anchor: 'real', weight: GP.lambda })) as TF.Scalar)(D());
      adamStep('D', grads, tD + k + 1);
    }
    const dNow = D();
    const gGrads = tf.grads((...gp: TF.Tensor[]) => wassersteinGeneratorLoss(model(dNow).apply(model(gp).apply(feeds.zg as TF.Tensor2D))))(G());
    adamStep('G', gGrads, tG + 1);
    return cur;
  });
}

async function gpMain() {
  const step = buildWganGpStep();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wgan-compiled-gp-'));
  writeSavedModel(dir, step);
  const model = await tfnode.loadSavedModel(dir, ['serve'], 'serving_default');
  console.log(`\nWGAN-GP toy step at the paper's size (2-512-512-512, batch 256, 5 critic updates, closed-form ReLU penalty gradient): ` +
              `${step.graph.nodes.length} graph nodes`);
  const names = step.names;
  const hidden = new Array(GP.hidden).fill(GP.H);
  const gNet = mlp({ inputDim: GP.latent, hidden, outputDim: 2, activation: 'relu', seed: 1, name: 'G' });
  const dNet = mlp({ inputDim: 2, hidden, outputDim: 1, activation: 'relu', seed: 2, name: 'D' });
  let state: Record<string, TF.Tensor> = {};
  names.forEach((n, i) => {
    state[`G_${n}`] = gNet.params[i].clone(); state[`D_${n}`] = dNet.params[i].clone();
    for (const s of ['m', 'v']) { state[`G_${n}_${s}`] = tf.zerosLike(gNet.params[i]); state[`D_${n}_${s}`] = tf.zerosLike(dNet.params[i]); }
  });
  const data = eightGaussians(), rng = new Rng(7);
  let tD = 0, tG = 0;
  const batch = (): Record<string, TF.Tensor> => {
    const f: Record<string, TF.Tensor> = { zg: tf.randomNormal([GP.B, GP.latent], 0, 1, 'float32', rng.seed()) };
    for (let k = 0; k < GP.iters; k++) {
      f[`real${k}`] = data.sample(rng, GP.B); f[`z${k}`] = tf.randomNormal([GP.B, GP.latent], 0, 1, 'float32', rng.seed());
      f[`eps${k}`] = tf.randomUniform([GP.B, 1], 0, 1, 'float32', rng.seed());
    }
    return f;
  };
  const compiledStep = (inputs = batch()): TF.Tensor[] => {
    const feeds: Record<string, TF.Tensor> = { ...state, ...inputs };
    for (let k = 0; k < GP.iters; k++) {
      feeds[`c1_${k}`] = tf.scalar(GP.lr / (1 - GP.b1 ** (tD + k + 1))); feeds[`c2_${k}`] = tf.scalar(1 / (1 - GP.b2 ** (tD + k + 1)));
    }
    feeds.cg1 = tf.scalar(GP.lr / (1 - GP.b1 ** (tG + 1))); feeds.cg2 = tf.scalar(1 / (1 - GP.b2 ** (tG + 1)));
    tD += GP.iters; tG += 1;
    const out = model.predict(feeds) as Record<string, TF.Tensor>;
    tf.dispose(Object.values(feeds));
    const losses = [out.criticLoss, out.penalty, out.generatorLoss];
    delete out.criticLoss; delete out.penalty; delete out.generatorLoss;
    state = out;
    return losses;
  };
  // Correctness: 3 compiled generator steps (15 critic updates) against the eager reference from the same state and batches.
  let ref: Record<string, TF.Tensor> = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v.clone()]));
  for (let i = 0; i < 3; i++) {
    const inputs = batch();
    const next = eagerGpStep(ref, names, inputs, tD, tG);
    tf.dispose(compiledStep(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.clone()]))));
    tf.dispose([...Object.values(inputs), ...Object.values(ref)]);
    ref = next;
  }
  let worst = 0, worstRel = 0;
  for (const k of Object.keys(state)) {
    const [d, m] = tf.tidy(() => [tf.max(tf.abs(tf.sub(state[k], ref[k]))).dataSync()[0], tf.max(tf.abs(ref[k])).dataSync()[0]]);
    worst = Math.max(worst, d); if (m > 0) worstRel = Math.max(worstRel, d / m);
  }
  tf.dispose(Object.values(ref));
  console.log(`compiled vs eager reference after 3 steps (15 critic updates): max |difference| ${worst.toExponential(2)}, relative to the tensor's largest entry ${worstRel.toExponential(2)}`);
  const round = (n: number) => {
    const t0 = performance.now();
    let last: TF.Tensor[] = [];
    for (let i = 0; i < n; i++) { tf.dispose(last); last = compiledStep(); if ((i + 1) % 5 === 0) last[0].dataSync(); }
    last[0].dataSync(); tf.dispose(last);
    return (performance.now() - t0) / n;
  };
  // The library's eager step of the same configuration (bench/wgan-gp.bench.ts's run).
  const eager = createGan({
    generator: mlp({ inputDim: 2, hidden, outputDim: 2, activation: 'relu', seed: 1, name: 'G' }),
    critic: mlp({ inputDim: 2, hidden, outputDim: 1, activation: 'relu', seed: 2, name: 'D' }),
    data, latentDim: GP.latent, batchSize: GP.B, seed: 3, criticIterations: GP.iters,
    criticLoss: wassersteinCriticLoss, generatorLoss: (o) => wassersteinGeneratorLoss(o),
    lipschitz: penalize((D, r, f, rr) => gradientPenalty(D, r, f, { weight: GP.lambda, rng: rr })),
    criticOptimizer: tf.train.adam(GP.lr, GP.b1, GP.b2), generatorOptimizer: tf.train.adam(GP.lr, GP.b1, GP.b2),
  });
  const eagerRound = async (n: number) => { const t0 = performance.now(); await trainGan(eager, { steps: n, readEvery: 5, guardNaN: false }); return (performance.now() - t0) / n; };
  round(5); await eagerRound(5);
  const before = tf.memory().numTensors;
  const c: number[] = [], e: number[] = [];
  const n = Math.max(10, Math.round(steps / 10));
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) { c.push(round(n)); e.push(await eagerRound(n)); } else { e.push(await eagerRound(n)); c.push(round(n)); }
    console.log(`round ${r + 1}: compiled ${c.at(-1)!.toFixed(1)} ms/step, eager ${e.at(-1)!.toFixed(1)} ms/step, load ${os.loadavg()[0].toFixed(2)}`);
  }
  round(5);
  console.log(`tensors flat across compiled steps: ${tf.memory().numTensors === before}`);
  console.log(`median: compiled ${median(c).toFixed(1)} ms/step, eager ${median(e).toFixed(1)} ms/step, ratio compiled / eager ${(median(c) / median(e)).toFixed(2)}`);
  model.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}

(async () => {
  const which = process.argv[4] ?? 'both';
  if (which !== 'gp') await smallMain();
  if (which !== 'small') await gpMain();
})();
