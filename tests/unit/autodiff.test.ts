/** The compiled step's reverse-mode differentiation (compiled/autodiff.ts) against TF.js's eager gradients, op by op. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../../src/backend';
import { Rng } from '../../src/index';
import { GraphBuilder, compileGraph } from '../../src/compiled/graph';
import { gradients } from '../../src/compiled/autodiff';

type Expr<T> = (ops: Ops<T>, a: T, b: T) => T;

/** The same few ops on graph nodes and on eager tensors, so one expression is written once and computed both ways. */
interface Ops<T> {
  matMul(a: T, b: T, ta?: boolean, tb?: boolean): T; add(a: T, b: T): T; sub(a: T, b: T): T; mul(a: T, b: T): T; div(a: T, b: T): T;
  unary(op: 'Relu' | 'Neg' | 'Square' | 'Sqrt' | 'Exp' | 'Abs' | 'Sigmoid' | 'Softplus' | 'Log', a: T): T;
  sum(a: T, axes: number[], keep?: boolean): T; mean(a: T, axes: number[], keep?: boolean): T; reshape(a: T, s: number[]): T;
  broadcastTo(a: T, s: number[]): T; concat(parts: T[], axis: number): T; slice(a: T, begin: number[], size: number[]): T; scalar(v: number): T;
}

const eager: Ops<Tensor> = {
  matMul: (a, b, ta = false, tb = false) => tf.matMul(a as Tensor2D, b as Tensor2D, ta, tb), add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div,
  unary: (op, a) => ({ Relu: tf.relu, Neg: tf.neg, Square: tf.square, Sqrt: tf.sqrt, Exp: tf.exp, Abs: tf.abs, Sigmoid: tf.sigmoid, Softplus: tf.softplus, Log: tf.log })[op](a),
  sum: (a, axes, keep) => tf.sum(a, axes, keep), mean: (a, axes, keep) => tf.mean(a, axes, keep), reshape: (a, s) => tf.reshape(a, s),
  broadcastTo: (a, s) => tf.broadcastTo(a, s), concat: (p, axis) => tf.concat(p, axis), slice: (a, b, s) => tf.slice(a, b, s), scalar: (v) => tf.scalar(v),
};

function graphOps(g: GraphBuilder): Ops<string> {
  return {
    matMul: (a, b, ta, tb) => g.matMul(a, b, ta, tb), add: (a, b) => g.add(a, b), sub: (a, b) => g.sub(a, b), mul: (a, b) => g.mul(a, b), div: (a, b) => g.div(a, b),
    unary: (op, a) => g.unary(op, a), sum: (a, axes, keep) => g.sum(a, axes, keep), mean: (a, axes, keep) => g.mean(a, axes, keep),
    reshape: (a, s) => g.reshape(a, s), broadcastTo: (a, s) => g.broadcastTo(a, s), concat: (p, axis) => g.concat(p, axis),
    slice: (a, b, s) => g.slice(a, b, s), scalar: (v) => g.scalar(v),
  };
}

/** d(sum of expr(a, b) * weights)/da and /db by the graph's autodiff and by tf.grads; the largest difference relative to the largest entry. */
async function compare(expr: Expr<unknown>, shapeA: number[], shapeB: number[], positive = false): Promise<number> {
  const rng = new Rng(7);
  const draw = (s: number[]) => tf.tensor(Float32Array.from(rng.normals(s.reduce((x, y) => x * y, 1)), (v) => (positive ? Math.abs(v) + 0.5 : v)), s);
  const [a, b] = [draw(shapeA), draw(shapeB)];
  const outShape = tf.tidy(() => (expr as Expr<Tensor>)(eager, a, b).shape);
  const w = draw(outShape);   // a random weighting, so every output entry's gradient counts
  const [ea, eb] = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.mul((expr as Expr<Tensor>)(eager, x, y), w)))([a, b]);
  const g = new GraphBuilder();
  const [na, nb, nw] = [g.input('a', shapeA), g.input('b', shapeB), g.input('w', outShape)];
  const y = g.sum(g.mul((expr as Expr<string>)(graphOps(g), na, nb), nw), outShape.map((_, i) => i));
  const [ga, gb] = gradients(g, y, [na, nb]);
  const out = (await compileGraph(g, { ga, gb })).run({ a, b, w });
  let worst = 0;
  for (const [e, c] of [[ea, out.ga], [eb, out.gb]]) {
    assert.deepEqual(c.shape, e.shape, 'gradient shape');
    const [x, z] = [e.dataSync(), c.dataSync()];
    const scale = Math.max(1e-6, ...Array.from(x, Math.abs));
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - z[i]) / scale);
  }
  tf.dispose([a, b, w, ea, eb, ...Object.values(out)]);
  return worst;
}

const CASES: [string, Expr<unknown>, number[], number[], boolean?][] = [
  ['matMul', (o, a, b) => o.matMul(a, b), [5, 3], [3, 4]],
  ['matMul, a transposed', (o, a, b) => o.matMul(a, b, true, false), [3, 5], [3, 4]],
  ['matMul, b transposed', (o, a, b) => o.matMul(a, b, false, true), [5, 3], [4, 3]],
  ['matMul, both transposed', (o, a, b) => o.matMul(a, b, true, true), [3, 5], [4, 3]],
  ['add and sub with a broadcast row', (o, a, b) => o.sub(o.add(a, b), o.mul(b, o.scalar(3))), [5, 4], [4]],
  ['mul and div broadcasting both ways (4-D)', (o, a, b) => o.div(o.mul(a, b), o.add(b, o.scalar(3))), [3, 1, 2, 4], [1, 3, 2, 4], true],
  ['relu, neg, square, exp', (o, a, b) => o.mul(o.unary('Relu', a), o.unary('Exp', o.unary('Neg', o.unary('Square', b)))), [6, 3], [6, 3]],
  ['sqrt, log, abs (positive inputs)', (o, a, b) => o.add(o.unary('Sqrt', a), o.mul(o.unary('Log', b), o.unary('Abs', o.sub(a, b)))), [4, 3], [4, 3], true],
  ['sigmoid, softplus', (o, a, b) => o.mul(o.unary('Sigmoid', a), o.unary('Softplus', b)), [4, 3], [4, 3]],
  ['sum and mean, kept and dropped axes', (o, a, b) => o.add(o.sum(o.mul(a, a), [1], true), o.reshape(o.mean(o.mul(b, a), [1]), [3, 1, 2])), [3, 4, 2], [3, 4, 2]],
  ['reshape, broadcastTo', (o, a, b) => o.mul(o.reshape(a, [3, 4]), o.broadcastTo(b, [3, 4])), [12], [1, 4]],
  ['concat on axis 1, slice', (o, a, b) => o.slice(o.concat([a, o.mul(b, b)], 1), [1, 1], [3, 4]), [4, 2], [4, 3]],
  ['concat on axis 0', (o, a, b) => o.concat([a, b, a], 0), [2, 3], [4, 3]],
];

for (const [name, expr, sa, sb, positive] of CASES) {
  test(`autodiff = tf.grads: ${name}`, async () => {
    const worst = await compare(expr, sa, sb, positive);
    assert.ok(worst < 1e-5, `largest difference from TF.js's eager gradient, relative to its largest entry: ${worst}`);
  });
}

test('autodiff: a zero gradient for an input the output does not depend on; a clear error for an op without a rule', () => {
  const g = new GraphBuilder();
  const [a, b] = [g.input('a', [2, 2]), g.input('b', [2, 2])];
  const [, gb] = gradients(g, g.sum(g.mul(a, a), [0, 1]), [a, b]);
  assert.equal(g.info.get(gb)!.type, 'ZerosLike');
  assert.throws(() => gradients(g, g.sum(g.clip(a, -1, 1), [0, 1]), [a]), /gradients: no rule for the op ClipByValue/);
  assert.throws(() => gradients(g, a, [a]), /y must be a scalar, got shape \[2,2\]/);
});
