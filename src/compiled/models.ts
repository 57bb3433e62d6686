/**
 * The library's models as graph nodes, forward only (autodiff.ts differentiates them): an MLP from `mlp` with ReLU
 * or linear layers, the critic with minibatch discrimination, and the generator with virtual batch norm. Each
 * follows the eager forward pass op for op, so both compute the same function.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { GraphBuilder } from './graph';

/** A model in a graph: its layer outputs on x (as Model.layers: hidden, ..., output last), given its parameters' nodes. */
export interface GraphModel {
  /** Tensors the forward pass needs besides the parameters, fed as inputs at each call (the VBN reference batch). */
  readonly constants: Record<string, Tensor>;
  /** Adds the forward pass on x: `p` the parameters' nodes (in model.params' order), `c` the constants' nodes. */
  layers(g: GraphBuilder, p: readonly string[], x: string, c: Record<string, string>): string[];
}

const GRAPH_ACTIVATIONS = new Set(['relu', 'linear']);
const activate = (g: GraphBuilder, activation: string, z: string) => (activation === 'relu' ? g.unary('Relu', z) : z);

/** What mlp() models carry in `options` (the compiled forms read it). */
export interface MlpLike { options: { inputDim: number; hidden: number[]; outputDim: number; activation: string; outputActivation: string } }

/** Dense layers h <- act(h W + b) from parameters [W0, b0, W1, b1, ...]. */
function dense(g: GraphBuilder, p: readonly string[], h: string, layers: number, activations: (i: number) => string): string[] {
  const outs: string[] = [];
  for (let i = 0; i < layers; i++) {
    h = activate(g, activations(i), g.add(g.matMul(h, p[2 * i]), p[2 * i + 1]));
    outs.push(h);
  }
  return outs;
}

/** The model as a graph, or why it cannot be one. */
export function graphModel(model: Model): GraphModel | string {
  const m = model as Partial<MlpLike> & Model & Record<string, unknown>;
  const o = m.options;
  if (!o || !Array.isArray(o.hidden)) return `'${model.name}' is not a model of the library (an mlp, or a trick's critic or generator)`;
  if (!GRAPH_ACTIVATIONS.has(o.activation) || !GRAPH_ACTIVATIONS.has(o.outputActivation)) {
    return `'${model.name}' uses the activations ${o.activation} / ${o.outputActivation} (the compiled step has relu and linear)`;
  }
  const L = o.hidden.length;
  const act = (i: number) => (i < L ? o.activation : o.outputActivation);
  if ('minibatch' in m) {
    // criticWithMinibatchDiscrimination: hidden layers, concat(f, o(f)), the last layer (see tricks/minibatch-discrimination).
    const { kernels: B, kernelDim: C } = o as unknown as { kernels: number; kernelDim: number };
    const A = L > 0 ? o.hidden[L - 1] : o.inputDim;
    return {
      constants: {},
      layers: (g, p, x) => {
        const outs = dense(g, p, x, L, act);
        const f = outs.length ? outs[L - 1] : x, n = g.shape(x)[0];
        const M = g.reshape(g.matMul(f, g.reshape(p[2 * L], [A, B * C])), [n, 1, B, C]);
        const l1 = g.sum(g.unary('Abs', g.sub(M, g.reshape(M, [1, n, B, C]))), [3]);
        const sims = g.sub(g.sum(g.unary('Exp', g.unary('Neg', l1)), [1]), g.scalar(1));
        const h = g.concat([f, sims], 1);
        return [...outs, h, activate(g, o.outputActivation, g.add(g.matMul(h, p[2 * L + 1]), p[2 * L + 2]))];
      },
    };
  }
  if ('norms' in m && 'reference' in m) {
    // generatorWithVirtualBatchNorm: per hidden layer act(VBN(h W + b; r W + b)), the reference r run alongside.
    const norms = m.norms as { epsilon: number }[], reference = m.reference as Tensor2D, N = reference.shape[0], w = 1 / (N + 1);
    const P = 2 * (L + 1);   // the dense weights come first, then gamma_i, beta_i per layer
    return {
      constants: { reference },
      layers: (g, p, x, c) => {
        const vbn = (i: number, v: string, r: string) => {
          const mu = g.mean(r, [0]), sigma2 = g.mean(g.unary('Square', g.sub(r, g.mean(r, [0], true))), [0]);
          const d = g.sub(v, mu);
          const variance = g.add(g.mul(g.scalar(1 - w), sigma2), g.mul(g.scalar(w * (1 - w)), g.unary('Square', d)));
          const normalised = g.div(g.mul(g.scalar(1 - w), d), g.unary('Sqrt', g.add(variance, g.scalar(norms[i].epsilon))));
          return g.add(g.mul(p[P + 2 * i], normalised), p[P + 2 * i + 1]);
        };
        const outs: string[] = [];
        let [h, r] = [x, c.reference];
        for (let i = 0; i < L; i++) {
          const preH = g.add(g.matMul(h, p[2 * i]), p[2 * i + 1]), preR = g.add(g.matMul(r, p[2 * i]), p[2 * i + 1]);
          h = activate(g, o.activation, vbn(i, preH, preR));
          r = activate(g, o.activation, vbn(i, preR, preR));
          outs.push(h);
        }
        return [...outs, activate(g, o.outputActivation, g.add(g.matMul(h, p[2 * L]), p[2 * L + 1]))];
      },
    };
  }
  if (model.params.length !== 2 * (L + 1)) return `'${model.name}' has ${model.params.length} parameters where an mlp of ${L} hidden layers has ${2 * (L + 1)}`;
  return { constants: {}, layers: (g, p, x) => dense(g, p, x, L + 1, act) };
}
