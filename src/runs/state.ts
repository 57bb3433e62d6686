/**
 * A run's state as plain data, for checkpoints: the variables (weights, moving averages), the optimisers'
 * state, the random generators and anything else a run keeps (a sample tracker's snapshots, a step counter),
 * read off the backend once per checkpoint and written back exactly (float32 values bit for bit).
 *
 * {@link encodeValue} turns such data into JSON that keeps what JSON loses: typed arrays (as base64 of their
 * bytes), NaN and infinities, undefined.
 */
import type { Optimizer, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import type { Rng, RngState } from '../random';

/** Something that keeps state outside tensors and can hand it over as plain data and take it back. */
export interface Stateful {
  /** Its state, as numbers, strings, arrays, typed arrays and plain objects. */
  saveState(): unknown;
  /** Puts back a state {@link saveState} returned. */
  loadState(state: unknown): void;
}

/** Whether x (an object or a function with properties) has saveState and loadState. */
export function isStateful(x: unknown): x is Stateful {
  return (typeof x === 'function' || (typeof x === 'object' && x !== null)) &&
    typeof (x as Partial<Stateful>).saveState === 'function' && typeof (x as Partial<Stateful>).loadState === 'function';
}

/** Everything a checkpoint saves and restores, by name. */
export interface RunState {
  /** Lists of variables, e.g. { generator: G.params, critic: D.params, 'generator average': avg.params }. */
  variables?: Record<string, readonly Variable[]>;
  /** Optimisers (their moments, iteration counts and, for tf.train.adam, the running powers of beta). */
  optimizers?: Record<string, Optimizer>;
  /** Random generators. */
  rngs?: Record<string, Rng>;
  /** Anything else, e.g. { tracker } for a sampleTracker, or a step counter. */
  values?: Record<string, Stateful>;
}

interface SavedTensor {
  shape: number[];
  dtype: string;
  values: Float32Array | Int32Array;
}

interface SavedOptimizer {
  className: string;
  weights: { name: string; tensor: SavedTensor }[];
  /** tf.train.adam's running beta1^t and beta2^t (its setWeights recomputes them with pow, not bit-identical). */
  accBetas?: [SavedTensor, SavedTensor];
}

/** The plain-data form of a {@link RunState}. */
export interface SavedState {
  variables: Record<string, SavedTensor[]>;
  optimizers: Record<string, SavedOptimizer>;
  rngs: Record<string, RngState>;
  values: Record<string, unknown>;
}

function saveTensor(t: { shape: number[]; dtype: string; dataSync(): ArrayLike<number> }): SavedTensor {
  const data = t.dataSync();
  return { shape: [...t.shape], dtype: t.dtype, values: t.dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data) };
}

function toTensor(s: SavedTensor) {
  return tf.tensor(s.values, s.shape, s.dtype as 'float32' | 'int32');
}

interface AdamInternals {
  accBeta1?: Variable;
  accBeta2?: Variable;
}

/** Reads a run's state off the backend (once: checkpoints are rare, a few per run). */
export async function captureState(state: RunState): Promise<SavedState> {
  const optimizers: Record<string, SavedOptimizer> = {};
  for (const [name, o] of Object.entries(state.optimizers ?? {})) {
    const ws = await o.getWeights();
    const saved: SavedOptimizer = { className: o.getClassName(), weights: ws.map((w) => ({ name: w.name, tensor: saveTensor(w.tensor) })) };
    // getWeights' first entry is a fresh scalar of the iteration count; the rest are the live slot variables.
    if (ws[0]?.name === 'iter') ws[0].tensor.dispose();
    const a = o as unknown as AdamInternals;
    if (a.accBeta1 && a.accBeta2) saved.accBetas = [saveTensor(a.accBeta1), saveTensor(a.accBeta2)];
    optimizers[name] = saved;
  }
  return {
    variables: Object.fromEntries(Object.entries(state.variables ?? {}).map(([k, vs]) => [k, vs.map(saveTensor)])),
    optimizers,
    rngs: Object.fromEntries(Object.entries(state.rngs ?? {}).map(([k, r]) => [k, r.getState()])),
    values: Object.fromEntries(Object.entries(state.values ?? {}).map(([k, v]) => [k, v.saveState()])),
  };
}

/**
 * Checks that a saved state fits the run (the same names, and variables of the same count and shapes);
 * returns what does not fit, or null.
 */
export function stateMismatch(state: RunState, saved: SavedState): string | null {
  const names = (o: object | undefined) => Object.keys(o ?? {}).sort().join(', ');
  for (const part of ['variables', 'optimizers', 'rngs', 'values'] as const) {
    if (names(state[part]) !== names(saved[part])) return `${part}: the run has [${names(state[part])}], the checkpoint [${names(saved[part])}]`;
  }
  for (const [k, vs] of Object.entries(state.variables ?? {})) {
    const s = saved.variables[k];
    if (s.length !== vs.length) return `variables '${k}': the run has ${vs.length}, the checkpoint ${s.length}`;
    for (let i = 0; i < vs.length; i++) {
      if (s[i].shape.join() !== vs[i].shape.join()) return `variables '${k}'[${i}]: the run's shape is [${vs[i].shape}], the checkpoint's [${s[i].shape}]`;
    }
  }
  for (const [k, o] of Object.entries(state.optimizers ?? {})) {
    if (saved.optimizers[k].className !== o.getClassName()) return `optimizer '${k}': the run's is ${o.getClassName()}, the checkpoint's ${saved.optimizers[k].className}`;
  }
  return null;
}

/** Writes a saved state back into the run (check {@link stateMismatch} first). */
export async function restoreState(state: RunState, saved: SavedState): Promise<void> {
  tf.tidy(() => {
    for (const [k, vs] of Object.entries(state.variables ?? {})) vs.forEach((v, i) => v.assign(toTensor(saved.variables[k][i])));
  });
  for (const [k, o] of Object.entries(state.optimizers ?? {})) {
    const s = saved.optimizers[k];
    const old = await o.getWeights();
    const given = s.weights.map((w) => ({ name: w.name, tensor: toTensor(w.tensor) }));
    await o.setWeights(given);
    // setWeights wraps the given tensors in new variables: free the given tensors and the replaced slots.
    given.forEach((w) => w.tensor.dispose());
    old.forEach((w) => w.tensor.dispose());
    const a = o as unknown as AdamInternals;
    if (s.accBetas && a.accBeta1 && a.accBeta2) {
      tf.tidy(() => {
        a.accBeta1!.assign(toTensor(s.accBetas![0]));
        a.accBeta2!.assign(toTensor(s.accBetas![1]));
      });
    }
  }
  for (const [k, r] of Object.entries(state.rngs ?? {})) r.setState(saved.rngs[k]);
  for (const [k, v] of Object.entries(state.values ?? {})) v.loadState(saved.values[k]);
}

const TYPED = { Float32Array, Float64Array, Int32Array, Uint8Array, Uint32Array } as const;
type TypedName = keyof typeof TYPED;

/** JSON-ready form of plain data with typed arrays (base64 of their bytes), NaN, +-Infinity and undefined kept. */
export function encodeValue(v: unknown): unknown {
  if (v === undefined) return { $undefined: true };
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $number: String(v) };
  if (v === null || typeof v !== 'object') return v;
  for (const name of Object.keys(TYPED) as TypedName[]) {
    if (v instanceof TYPED[name]) {
      const a = v as Float32Array;
      return { $typed: name, base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
    }
  }
  if (Array.isArray(v)) return v.map(encodeValue);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeValue(x)]));
}

/** The inverse of {@link encodeValue}. */
export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  if (o.$undefined === true) return undefined;
  if (typeof o.$number === 'string') return Number(o.$number);
  if (typeof o.$typed === 'string' && o.$typed in TYPED) {
    const bytes = Buffer.from(o.base64 as string, 'base64');
    const Ctor = TYPED[o.$typed as TypedName];
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new Ctor(copy.buffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeValue(x)]));
}
