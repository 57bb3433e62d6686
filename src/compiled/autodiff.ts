/**
 * Reverse-mode differentiation of a graph under construction: `gradients(g, y, xs)` adds to `g` the nodes of
 * dy/dx for each x, from one rule per op (the chain rule, node by node, from y back to the xs), the way
 * TensorFlow's own `tf.gradients` does for a graph. It lets the compiled step state only the forward pass of a
 * model, a loss or a trick and get its backward pass for free. First order only: the WGAN-GP penalty's parameter
 * gradient stays in closed form (gan-step.ts). Each rule is checked against TF.js's eager gradients in
 * tests/unit/autodiff.test.ts.
 */
import { GraphBuilder, sizeOf, type NodeInfo } from './graph';

/** The gradient of a broadcast operand: `dy` summed over the axes along which `shape` was broadcast. */
function unbroadcast(g: GraphBuilder, dy: string, shape: readonly number[]): string {
  const s = g.shape(dy);
  if (s.length === shape.length && s.every((d, i) => d === shape[i])) return dy;
  const lead = s.length - shape.length;
  const axes = s.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && s[i] !== 1));
  const summed = axes.length ? g.sum(dy, axes, true) : dy;
  return g.reshape(summed, [...shape]);
}

const axesOf = (g: GraphBuilder, n: NodeInfo): number[] => {
  const axes = g.info.get(n.inputs[1])!.values;
  if (!axes) throw new Error(`gradients: the axes of ${n.type} must be a constant`);
  const rank = g.shape(n.inputs[0]).length;
  return axes.map((a) => (a < 0 ? a + rank : a));
};

type Rule = (g: GraphBuilder, n: NodeInfo, y: string, dy: string) => (string | null)[];

/** The rules: for a node y = op(inputs) and the gradient dy of y, the gradient of each input (null: none flows). */
const RULES: Record<string, Rule> = {
  Identity: (_g, _n, _y, dy) => [dy],
  AddV2: (g, n, _y, dy) => n.inputs.map((x) => unbroadcast(g, dy, g.shape(x))),
  Sub: (g, n, _y, dy) => [unbroadcast(g, dy, g.shape(n.inputs[0])), unbroadcast(g, g.unary('Neg', dy), g.shape(n.inputs[1]))],
  Mul: (g, n, _y, dy) => {
    const [a, b] = n.inputs;
    return [unbroadcast(g, g.mul(dy, b), g.shape(a)), unbroadcast(g, g.mul(dy, a), g.shape(b))];
  },
  RealDiv: (g, n, y, dy) => {
    const [a, b] = n.inputs;
    return [unbroadcast(g, g.div(dy, b), g.shape(a)), unbroadcast(g, g.unary('Neg', g.div(g.mul(dy, y), b)), g.shape(b))];
  },
  MatMul: (g, n, _y, dy) => {
    const [a, b] = n.inputs;
    const ta = n.attrs.transpose_a as boolean, tb = n.attrs.transpose_b as boolean;
    if (!ta && !tb) return [g.matMul(dy, b, false, true), g.matMul(a, dy, true, false)];
    if (ta && !tb) return [g.matMul(b, dy, false, true), g.matMul(a, dy)];
    if (!ta && tb) return [g.matMul(dy, b), g.matMul(dy, a, true, false)];
    return [g.matMul(b, dy, true, true), g.matMul(dy, a, true, true)];
  },
  Relu: (g, n, _y, dy) => [g.reluGrad(dy, n.inputs[0])],
  ReluGrad: (g, n, _y, dy) => [g.reluGrad(dy, n.inputs[1]), null],   // linear in its first input; a step function of its second
  Neg: (g, _n, _y, dy) => [g.unary('Neg', dy)],
  Square: (g, n, _y, dy) => [g.mul(dy, g.mul(g.scalar(2), n.inputs[0]))],
  Sqrt: (g, _n, y, dy) => [g.div(g.mul(dy, g.scalar(0.5)), y)],
  Exp: (g, _n, y, dy) => [g.mul(dy, y)],
  Log: (g, n, _y, dy) => [g.div(dy, n.inputs[0])],
  Abs: (g, n, _y, dy) => [g.mul(dy, g.unary('Sign', n.inputs[0]))],   // sign(0) = 0, as the library's abs
  Sigmoid: (g, _n, y, dy) => [g.mul(dy, g.mul(y, g.sub(g.scalar(1), y)))],
  Softplus: (g, n, _y, dy) => [g.mul(dy, g.unary('Sigmoid', n.inputs[0]))],
  Sum: (g, n, _y, dy) => {
    const x = g.shape(n.inputs[0]), axes = axesOf(g, n);
    const kept = n.attrs.keep_dims ? dy : g.reshape(dy, x.map((d, i) => (axes.includes(i) ? 1 : d)));
    return [g.broadcastTo(kept, x), null];
  },
  Mean: (g, n, y, dy) => {
    const x = g.shape(n.inputs[0]), count = axesOf(g, n).reduce((a, i) => a * x[i], 1);
    return [RULES.Sum(g, n, y, g.mul(dy, g.scalar(1 / count)))[0], null];
  },
  Reshape: (g, n, _y, dy) => [g.reshape(dy, g.shape(n.inputs[0])), null],
  BroadcastTo: (g, n, _y, dy) => [unbroadcast(g, dy, g.shape(n.inputs[0])), null],
  ConcatV2: (g, n, _y, dy) => {
    const parts = n.inputs.slice(0, -1), axis = g.info.get(n.inputs.at(-1)!)!.values![0];
    let offset = 0;
    const out: (string | null)[] = parts.map((p) => {
      const s = g.shape(p), begin = s.map((_, i) => (i === axis ? offset : 0));
      offset += s[axis];
      return g.slice(dy, begin, s);
    });
    return [...out, null];
  },
  Slice: (g, n, _y, dy) => {
    const x = g.shape(n.inputs[0]), begin = g.info.get(n.inputs[1])!.values!, size = g.shape(dy);
    return [g.pad(dy, x.map((d, i) => [begin[i], d - begin[i] - size[i]] as [number, number])), null, null];
  },
};

/** Ops through which no gradient flows (constant in their input almost everywhere, or not differentiable here). */
const CONSTANT = new Set(['Placeholder', 'Const', 'OnesLike', 'ZerosLike', 'Sign', 'StopGradient']);

/**
 * Adds to `g` the gradients of the scalar `y` with respect to each of `xs` (any nodes of g, typically the
 * placeholders of parameters) and returns them in the order of `xs`: d(y)/d(x) with x's shape, a zero node for an x
 * that y does not depend on. Throws naming the op if a path from an x to y goes through an op without a rule.
 */
export function gradients(g: GraphBuilder, y: string, xs: readonly string[]): string[] {
  if (sizeOf(g.shape(y)) !== 1) throw new RangeError(`gradients: y must be a scalar, got shape [${g.shape(y)}]`);
  // The nodes on a path from some x: in the order added, every input comes before its users.
  const order = [...g.info.keys()];
  const leaves = new Set(xs), fromX = new Set(xs);
  for (const name of order) if (g.info.get(name)!.inputs.some((i) => fromX.has(i))) fromX.add(name);
  const adjoints = new Map<string, string>([[y, g.unary('OnesLike', y)]]);
  for (let k = order.indexOf(y); k >= 0; k--) {
    const name = order[k], dy = adjoints.get(name);
    if (dy === undefined || !fromX.has(name) || leaves.has(name)) continue;   // the xs are leaves: nothing beyond them
    const n = g.info.get(name)!;
    if (CONSTANT.has(n.type)) continue;
    const rule = RULES[n.type];
    if (!rule) throw new RangeError(`gradients: no rule for the op ${n.type} (${name}), which lies between a parameter and the loss`);
    rule(g, n, name, dy).forEach((dx, i) => {
      const x = n.inputs[i];
      if (dx === null || !fromX.has(x)) return;
      const prev = adjoints.get(x);
      adjoints.set(x, prev === undefined ? dx : g.add(prev, dx));
    });
  }
  return xs.map((x) => adjoints.get(x) ?? g.unary('ZerosLike', x));
}
