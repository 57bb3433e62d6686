/**
 * A TensorFlow graph built from TypeScript and run in one call: a GraphDef of named nodes, wrapped in a SavedModel
 * (with the protobuf classes tfjs-node ships) and loaded into a TF_Session by tfjs-node's loadSavedModel. A step
 * that costs hundreds of eager ops, each dispatched from JavaScript, then costs one dispatch. The graph has no
 * variables: state goes in as tensors and comes out as new tensors. Graphs are cached by content, per process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import { sha256 } from '../runs/record';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const pb = require('@tensorflow/tfjs-node/dist/proto/api_pb');
const DT_FLOAT = 1;
const DT_INT32 = 3;
const TYPE_ATTRS = new Set(['T', 'dtype', 'Tidx', 'Tshape', 'Index', 'Tpaddings']);

/** What the builder knows of a node's output: its op, inputs, attributes and (static) shape. */
export interface NodeInfo {
  readonly type: string;
  readonly inputs: readonly string[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly shape: readonly number[];
  /** The values of a constant (axes, shapes: what gradients need to read). */
  readonly values?: readonly number[];
}

/** The shape two operands broadcast to (NumPy's rules), or an error naming both. */
function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length), out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RangeError(`GraphBuilder: shapes [${a}] and [${b}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The number of elements of a shape. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * A graph under construction: each method adds a node and returns its output's name ("node:0"). Every node's
 * shape is known when it is added (all shapes are static), which is what {@link gradients} needs.
 */
export class GraphBuilder {
  /** The NodeDefs, in the order added. */
  readonly nodes: unknown[] = [];
  /** Placeholders: name -> shape. */
  readonly inputs: Record<string, number[]> = {};
  /** Each output's op, inputs, attributes and shape, in the order added (inputs before the nodes that use them). */
  readonly info = new Map<string, NodeInfo>();
  private count = 0;

  /** Adds op `type` on `inputs` with attributes (T defaults to float32 for ops that take it); `shape` is its output's. */
  op(type: string, inputs: string[], attrs: Record<string, unknown>, shape: readonly number[], name = `${type.toLowerCase()}_${this.count++}`, values?: number[]): string {
    for (const i of inputs) if (!this.info.has(i)) throw new Error(`GraphBuilder: ${type} takes '${i}', which this graph does not have`);
    const node = new pb.NodeDef();
    node.setName(name);
    node.setOp(type);
    for (const i of inputs) node.addInput(i);
    const map = node.getAttrMap();
    const all = type === 'Placeholder' || type === 'Const' ? attrs : { T: DT_FLOAT, ...attrs };
    for (const [k, v] of Object.entries(all)) {
      const a = new pb.AttrValue();
      if (TYPE_ATTRS.has(k)) a.setType(v as number);
      else if (typeof v === 'number') a.setI(v);
      else if (typeof v === 'boolean') a.setB(v);
      else if (v instanceof pb.Tensor) a.setTensor(v);
      else if (v instanceof pb.TensorShape) a.setShape(v);
      else throw new Error(`GraphBuilder: attribute '${k}' of ${type} has an unsupported value`);
      map.set(k, a);
    }
    this.nodes.push(node);
    const out = `${name}:0`;
    this.info.set(out, { type, inputs: [...inputs], attrs, shape: [...shape], values });
    return out;
  }
  /** The static shape of an output. */
  shape(x: string): number[] {
    const i = this.info.get(x);
    if (!i) throw new Error(`GraphBuilder: no node '${x}' in this graph`);
    return [...i.shape];
  }
  /** A float32 input fed at every call. */
  input(name: string, shape: number[]): string {
    if (name in this.inputs) throw new Error(`GraphBuilder: two inputs named '${name}'`);
    this.inputs[name] = shape;
    return this.op('Placeholder', [], { dtype: DT_FLOAT, shape: tensorShape(shape) }, shape, name);
  }
  /** A constant of type `dtype` (float32 or int32) with this shape and values. */
  private constant(dtype: number, shape: number[], values: number[]): string {
    const t = new pb.Tensor();
    t.setDtype(dtype);
    t.setTensorShape(tensorShape(shape));
    for (const x of values) (dtype === DT_FLOAT ? t.addFloatVal(x) : t.addIntVal(x));
    return this.op('Const', [], { dtype, value: t }, shape, undefined, values);
  }
  /** A float32 scalar constant. */
  scalar(v: number): string { return this.constant(DT_FLOAT, [], [v]); }
  /** An int32 vector constant (axes, shapes, sizes). */
  ints(v: number[]): string { return this.constant(DT_INT32, [v.length], v); }
  /** An int32 [k, 2] constant (Pad's paddings). */
  private intMatrix(rows: [number, number][]): string { return this.constant(DT_INT32, [rows.length, 2], rows.flat()); }
  /** An int32 scalar constant (an axis). */
  scalarInt(v: number): string { return this.constant(DT_INT32, [], [v]); }
  matMul(a: string, b: string, transposeA = false, transposeB = false): string {
    const [sa, sb] = [this.shape(a), this.shape(b)];
    const [m, k1] = transposeA ? [sa[1], sa[0]] : sa, [k2, n] = transposeB ? [sb[1], sb[0]] : sb;
    if (sa.length !== 2 || sb.length !== 2 || k1 !== k2) throw new RangeError(`GraphBuilder: MatMul of [${sa}]${transposeA ? 'ᵀ' : ''} and [${sb}]${transposeB ? 'ᵀ' : ''}`);
    return this.op('MatMul', [a, b], { transpose_a: transposeA, transpose_b: transposeB }, [m, n]);
  }
  private binary(type: string, a: string, b: string): string { return this.op(type, [a, b], {}, broadcastShape(this.shape(a), this.shape(b))); }
  add(a: string, b: string): string { return this.binary('AddV2', a, b); }
  sub(a: string, b: string): string { return this.binary('Sub', a, b); }
  mul(a: string, b: string): string { return this.binary('Mul', a, b); }
  div(a: string, b: string): string { return this.binary('RealDiv', a, b); }
  /** An elementwise op of one input: Relu, Neg, Square, Sqrt, Exp, Abs, Sign, Sigmoid, Softplus, OnesLike, ZerosLike, ... */
  unary(type: string, a: string): string { return this.op(type, [a], {}, this.shape(a)); }
  /** dy where x > 0, else 0 (TensorFlow's ReluGrad). */
  reluGrad(dy: string, x: string): string { return this.op('ReluGrad', [dy, x], {}, this.shape(dy)); }
  private reduce(type: string, a: string, axes: number[], keepDims: boolean): string {
    const s = this.shape(a);
    const shape = keepDims ? s.map((d, i) => (axes.includes(i) ? 1 : d)) : s.filter((_, i) => !axes.includes(i));
    return this.op(type, [a, this.ints(axes)], { Tidx: DT_INT32, keep_dims: keepDims }, shape);
  }
  /** Sum over `axes`. */
  sum(a: string, axes: number[], keepDims = false): string { return this.reduce('Sum', a, axes, keepDims); }
  /** Mean over `axes`. */
  mean(a: string, axes: number[], keepDims = false): string { return this.reduce('Mean', a, axes, keepDims); }
  reshape(a: string, shape: number[]): string {
    if (sizeOf(shape) !== sizeOf(this.shape(a))) throw new RangeError(`GraphBuilder: cannot reshape [${this.shape(a)}] to [${shape}]`);
    return this.op('Reshape', [a, this.ints(shape)], { Tshape: DT_INT32 }, shape);
  }
  /** `a` repeated along its size-1 (or missing leading) axes to `shape`. */
  broadcastTo(a: string, shape: number[]): string {
    broadcastShape(this.shape(a), shape);
    return this.op('BroadcastTo', [a, this.ints(shape)], { Tidx: DT_INT32 }, shape);
  }
  /** Concatenation along `axis` (default 0). */
  concat(parts: string[], axis = 0): string {
    const shapes = parts.map((p) => this.shape(p));
    const shape = [...shapes[0]];
    shape[axis] = shapes.reduce((a, s) => a + s[axis], 0);
    return this.op('ConcatV2', [...parts, this.scalarInt(axis)], { N: parts.length, Tidx: DT_INT32 }, shape);
  }
  /** The block of `a` starting at `begin` with `size` entries along each axis (a number: a vector's entries [begin, begin + size)). */
  slice(a: string, begin: number | number[], size: number | number[]): string {
    const [b, s] = [typeof begin === 'number' ? [begin] : begin, typeof size === 'number' ? [size] : size];
    return this.op('Slice', [a, this.ints(b), this.ints(s)], { Index: DT_INT32 }, s);
  }
  /** `a` padded with zeros: `paddings[i]` = [before, after] along axis i. */
  pad(a: string, paddings: [number, number][]): string {
    const shape = this.shape(a).map((d, i) => d + paddings[i][0] + paddings[i][1]);
    return this.op('Pad', [a, this.intMatrix(paddings)], { Tpaddings: DT_INT32 }, shape);
  }
  /** Clips every entry into [lo, hi]. */
  clip(a: string, lo: number, hi: number): string { return this.op('ClipByValue', [a, this.scalar(lo), this.scalar(hi)], {}, this.shape(a)); }
}

function tensorShape(shape: number[]): unknown {
  const s = new pb.TensorShape();
  for (const d of shape) {
    const dim = new pb.TensorShape.Dim();
    dim.setSize(d);
    s.addDim(dim);
  }
  return s;
}

/** A compiled graph: feed tensors by input name, get new tensors by output name (the caller owns them). */
export interface GraphFunction {
  /** The graph's node count. */
  readonly nodes: number;
  /** The names of its inputs (all must be fed). */
  readonly inputs: readonly string[];
  /** Runs the graph once. */
  run(feeds: Record<string, Tensor>): Record<string, Tensor>;
}

interface SavedModelLike {
  predict(inputs: Record<string, Tensor>): Record<string, Tensor> | Tensor | Tensor[];
}

const cache = new Map<string, Promise<GraphFunction>>();

/** Serialises the graph as a SavedModel (cached on disk by content) and loads it into a session of this process. */
export function compileGraph(g: GraphBuilder, outputs: Record<string, string>): Promise<GraphFunction> {
  const gd = new pb.GraphDef();
  for (const n of g.nodes) gd.addNode(n);
  const sig = new pb.SignatureDef();
  sig.setMethodName('tensorflow/serving/predict');
  const info = (name: string, shape: number[] | null) => {
    const t = new pb.TensorInfo();
    t.setName(name);
    t.setDtype(DT_FLOAT);
    t.setTensorShape(shape ? tensorShape(shape) : new pb.TensorShape());
    return t;
  };
  for (const [k, shape] of Object.entries(g.inputs)) sig.getInputsMap().set(k, info(`${k}:0`, shape));
  for (const [k, v] of Object.entries(outputs)) sig.getOutputsMap().set(k, info(v, null));
  const meta = new pb.MetaGraphDef();
  const mi = new pb.MetaGraphDef.MetaInfoDef();
  mi.addTags('serve');
  meta.setMetaInfoDef(mi);
  meta.setGraphDef(gd);
  meta.getSignatureDefMap().set('serving_default', sig);
  const sm = new pb.SavedModel();
  sm.setSavedModelSchemaVersion(1);
  sm.addMetaGraphs(meta);
  const bytes: Uint8Array = sm.serializeBinary();
  const key = sha256(bytes).slice(0, 24);
  let f = cache.get(key);
  if (!f) {
    f = (async () => {
      const dir = path.join(os.tmpdir(), `wgan-lab-graphs-${process.getuid?.() ?? 'user'}`, key);
      if (!fs.existsSync(path.join(dir, 'saved_model.pb'))) {
        const tmp = `${dir}.tmp-${process.pid}`;
        fs.mkdirSync(path.join(tmp, 'variables'), { recursive: true });
        fs.writeFileSync(path.join(tmp, 'saved_model.pb'), bytes);
        try {
          fs.renameSync(tmp, dir);
        } catch {
          fs.rmSync(tmp, { recursive: true, force: true });   // another process wrote the same graph first
        }
      }
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const tfnode = require('@tensorflow/tfjs-node') as { node: { loadSavedModel(p: string, tags: string[], sig: string): Promise<SavedModelLike> } };
      const model = await tfnode.node.loadSavedModel(dir, ['serve'], 'serving_default');
      const nodes = g.nodes.length;
      return { nodes, inputs: Object.keys(g.inputs), run: (feeds) => model.predict(feeds) as Record<string, Tensor> };
    })();
    cache.set(key, f);
  }
  return f;
}
