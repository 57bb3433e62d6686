/**
 * Convolutional models from plain tf.Variables, in the style of mlp.ts: a critic of strided convolutions, a
 * generator of transposed ("fractionally strided") convolutions, a small classifier. A model takes and returns flat
 * rows ([n, height * width * channels], as the data samplers give them) and reshapes inside, so trainGan, the
 * penalties and the metrics treat images like any other data.
 *
 * A network is a list of layers: `conv` (a convolution, 'same' padding, so the output is ceil(input / stride)),
 * `upconv` (a transposed convolution, 'same' padding, output = input x stride), `dense` (flattens its input first),
 * `reshape` (rows to height x width x channels). Each layer has one of the library's activations (the ones with
 * correct second derivatives: a gradient penalty differentiates the critic twice; see second-order.ts).
 * tests/unit/conv-penalty.test.ts checks the penalty's parameter gradient through conv, dense and leakyRelu layers
 * against central finite differences, and the generator's gradient through upconv layers.
 */
import type { Tensor, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs';
import { tf } from '../backend';
import { Rng } from '../random';
import { fail, integer, oneOf } from '../validate';
import { ACTIVATIONS, activate, initLimit, type Activation } from './activations';
import { uniqueScope, type Model } from './model';

/** One layer of a {@link convNet}. */
export type ConvLayer =
  | { kind: 'conv'; filters: number; kernel: number; stride: number; activation: Activation }
  | { kind: 'upconv'; filters: number; kernel: number; stride: number; activation: Activation }
  | { kind: 'dense'; units: number; activation: Activation }
  | { kind: 'reshape'; shape: [number, number, number] };

/** Kernel size, stride and activation of a convolution (defaults: kernel 4, stride 2, linear). */
export interface ConvLayerOptions {
  kernel?: number;
  stride?: number;
  activation?: Activation;
}

/** A convolution with `filters` output channels, 'same' padding: output size ceil(input / stride). */
export function conv(filters: number, o: ConvLayerOptions = {}): ConvLayer {
  return { kind: 'conv', filters: integer('conv', 'filters', filters), kernel: integer('conv', 'kernel', o.kernel ?? 4), stride: integer('conv', 'stride', o.stride ?? 2), activation: o.activation ?? 'linear' };
}

/** A transposed convolution with `filters` output channels, 'same' padding: output size input x stride. */
export function upconv(filters: number, o: ConvLayerOptions = {}): ConvLayer {
  return { kind: 'upconv', filters: integer('upconv', 'filters', filters), kernel: integer('upconv', 'kernel', o.kernel ?? 4), stride: integer('upconv', 'stride', o.stride ?? 2), activation: o.activation ?? 'linear' };
}

/** A fully connected layer (its input flattened first). */
export function dense(units: number, activation: Activation = 'linear'): ConvLayer {
  return { kind: 'dense', units: integer('dense', 'units', units), activation };
}

/** Reshapes flat rows to height x width x channels (e.g. after a generator's first dense layer). */
export function reshape(shape: [number, number, number]): ConvLayer {
  if (!Array.isArray(shape) || shape.length !== 3) fail('reshape', 'shape', '[height, width, channels]', shape);
  shape.forEach((s, i) => integer('reshape', `shape[${i}]`, s));
  return { kind: 'reshape', shape: [...shape] as [number, number, number] };
}

/** How to build a {@link convNet}. */
export interface ConvNetOptions {
  /** The shape of one example: [height, width, channels] for images, [features] for vectors (e.g. latent codes). */
  input: number[];
  /** The layers, first to last. */
  layers: ConvLayer[];
  /** Seed of the initial weights. */
  seed: number;
  /** A name for messages and variable names (default 'convnet'). */
  name?: string;
}

/** A convolutional network: a {@link Model} on flat rows, with its layer list and output shape. */
export interface ConvNet extends Model {
  readonly layerList: readonly ConvLayer[];
  /** The shape of one example's input before flattening, e.g. [28, 28, 1] or [64]. */
  readonly inputShape: number[];
  /** The shape of one example's output before flattening, e.g. [28, 28, 1] or [1]. */
  readonly outputShape: number[];
  /** Every parameterised layer's output for x, flattened to [n, features] (the last is apply(x)). */
  layers(x: Tensor2D): Tensor2D[];
  /** Frees the variables. */
  dispose(): void;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/**
 * Builds a network from its layers with He-uniform initial weights before ReLU-like activations and Glorot-uniform
 * otherwise (as mlp), zero biases, all drawn from `seed`. Fan-in: kernel² x input channels for a convolution,
 * kernel² x input channels / stride² for a transposed one (the weights that reach one output).
 */
export function convNet(options: ConvNetOptions): ConvNet {
  const fn = 'convNet';
  const name = options.name ?? 'convnet';
  if (!Array.isArray(options.input) || (options.input.length !== 1 && options.input.length !== 3)) {
    fail(fn, 'input', '[height, width, channels] or [features]', options.input);
  }
  options.input.forEach((s, i) => integer(fn, `input[${i}]`, s));
  if (!Array.isArray(options.layers) || options.layers.length === 0) fail(fn, 'layers', 'a non-empty array of layers (conv, upconv, dense, reshape)', options.layers);
  const rng = new Rng(integer(fn, 'seed', options.seed, 0));
  const scope = uniqueScope(name);
  const params: Variable[] = [];
  const weights: { W: Variable; b: Variable }[] = [];
  const shapes: number[][] = [];
  let shape = [...options.input];
  const variable = (values: Float32Array, s: number[], label: string) =>
    tf.tidy(() => tf.variable(tf.tensor(values, s), true, `${scope}/${label}`));
  options.layers.forEach((layer, i) => {
    const at = `layers[${i}]`;
    oneOf(fn, `${at}.kind`, layer.kind, ['conv', 'upconv', 'dense', 'reshape'] as const);
    if (layer.kind === 'reshape') {
      if (size(layer.shape) !== size(shape)) {
        throw new RangeError(`${fn} '${name}': ${at} reshapes [${shape}] (${size(shape)} numbers) to [${layer.shape}] (${size(layer.shape)} numbers)`);
      }
      shape = [...layer.shape];
      shapes.push(shape);
      return;
    }
    oneOf(fn, `${at}.activation`, layer.activation, ACTIVATIONS);
    let wShape: number[];
    let fanIn: number;
    let fanOut: number;
    let out: number[];
    if (layer.kind === 'dense') {
      const inputs = size(shape);
      wShape = [inputs, layer.units];
      [fanIn, fanOut] = [inputs, layer.units];
      out = [layer.units];
    } else {
      if (shape.length !== 3) throw new RangeError(`${fn} '${name}': ${at} is a ${layer.kind}, which needs an image input [height, width, channels], got [${shape}]; add a reshape layer before it`);
      const [h, w, c] = shape;
      const { kernel: k, stride: s, filters } = layer;
      if (layer.kind === 'conv') {
        wShape = [k, k, c, filters];
        [fanIn, fanOut] = [k * k * c, k * k * filters];
        out = [Math.ceil(h / s), Math.ceil(w / s), filters];
      } else {
        wShape = [k, k, filters, c]; // conv2dTranspose's filter: [k, k, output channels, input channels]
        [fanIn, fanOut] = [(k * k * c) / (s * s), k * k * filters];
        out = [h * s, w * s, filters];
      }
    }
    const limit = initLimit(layer.activation, fanIn, fanOut);
    const W = variable(rng.uniforms(size(wShape), -limit, limit), wShape, `${layer.kind}${i}/W`);
    const b = variable(new Float32Array(out[out.length - 1]), [out[out.length - 1]], `${layer.kind}${i}/b`);
    params.push(W, b);
    weights.push({ W, b });
    shape = out;
    shapes.push(out);
  });
  const inputSize = size(options.input);

  const forward = (x: Tensor2D, every: boolean): Tensor2D[] => {
    if (x.rank !== 2 || x.shape[1] !== inputSize) {
      throw new RangeError(`${name}.apply: argument 'x' must have shape [batch, ${inputSize}] (flat rows of [${options.input}]), got [${x.shape}]`);
    }
    const n = x.shape[0];
    let h: Tensor = options.input.length === 3 ? tf.reshape(x, [n, ...options.input]) : x;
    const outs: Tensor2D[] = [];
    let k = 0;
    options.layers.forEach((layer, i) => {
      if (layer.kind === 'reshape') {
        h = tf.reshape(h, [n, ...layer.shape]);
        return;
      }
      const { W, b } = weights[k++];
      let z: Tensor;
      if (layer.kind === 'dense') {
        if (h.rank !== 2) h = tf.reshape(h, [n, -1]);
        z = tf.matMul(h as Tensor2D, W as Tensor2D);
      } else if (layer.kind === 'conv') {
        z = tf.conv2d(h as Tensor4D, W as Tensor4D, layer.stride, 'same');
      } else {
        const [oh, ow, oc] = shapes[i];
        z = tf.conv2dTranspose(h as Tensor4D, W as Tensor4D, [n, oh, ow, oc], layer.stride, 'same');
      }
      h = activate(layer.activation, tf.add(z, b));
      if (every) outs.push((h.rank === 2 ? h : tf.reshape(h, [n, -1])) as Tensor2D);
    });
    if (!every) outs.push((h.rank === 2 ? h : tf.reshape(h, [n, -1])) as Tensor2D);
    return outs;
  };
  return {
    name,
    params,
    layerList: options.layers,
    inputShape: [...options.input],
    outputShape: shape,
    apply: (x) => forward(x, false)[0],
    layers: (x) => forward(x, true),
    dispose: () => params.forEach((p) => p.dispose()),
  };
}

/** Options of {@link dcganCritic} and {@link dcganGenerator}: the image size and the channels of the hidden layers. */
export interface DcganOptions {
  /** Image size (e.g. 28 x 28) and channels (default 1); for the generator, each side divisible by 2^(filters.length). */
  height: number;
  width: number;
  channels?: number;
  /** Channels of the hidden feature maps, in the order the data flows (defaults: critic [16, 32], generator [64, 32]). */
  filters?: number[];
  seed: number;
  name?: string;
}

/**
 * A DCGAN-style critic (Radford et al. 2016, as WGAN-GP's MNIST critic, without batch norm, which the WGAN-GP paper
 * warns against with a penalty): strided 4 x 4 convolutions with leakyRelu (slope 0.2), then a linear score.
 * With the default filters on 28 x 28: 28 x 28 x 1 -> 14 x 14 x 16 -> 7 x 7 x 32 -> 1, 10,065 weights.
 */
export function dcganCritic(o: DcganOptions): ConvNet {
  const filters = o.filters ?? [16, 32];
  return convNet({
    name: o.name ?? 'critic', seed: o.seed, input: [o.height, o.width, o.channels ?? 1],
    layers: [...filters.map((f) => conv(f, { kernel: 4, stride: 2, activation: 'leakyRelu' })), dense(1)],
  });
}

/** Options of {@link dcganGenerator}: those of a critic, and the latent dimension. */
export interface DcganGeneratorOptions extends DcganOptions {
  latentDim: number;
}

/**
 * A DCGAN-style generator without batch norm (as WGAN-GP's MNIST generator): a dense layer to a small feature map,
 * then 4 x 4 transposed convolutions of stride 2 with relu, and a tanh image in [-1, 1]. With the defaults on
 * 28 x 28: z -> 7 x 7 x 64 -> 14 x 14 x 32 -> 28 x 28 x 1.
 */
export function dcganGenerator(o: DcganGeneratorOptions): ConvNet {
  const fn = 'dcganGenerator';
  const filters = o.filters ?? [64, 32];
  const up = 2 ** filters.length;
  if (o.height % up !== 0 || o.width % up !== 0) {
    throw new RangeError(`${fn}: height and width must be divisible by 2^${filters.length} = ${up} (one doubling per entry of 'filters'), got ${o.height} x ${o.width}`);
  }
  const [h, w] = [o.height / up, o.width / up];
  return convNet({
    name: o.name ?? 'generator', seed: o.seed, input: [integer(fn, 'latentDim', o.latentDim)],
    layers: [
      dense(h * w * filters[0], 'relu'), reshape([h, w, filters[0]]),
      ...filters.slice(1).map((f) => upconv(f, { kernel: 4, stride: 2, activation: 'relu' })),
      upconv(o.channels ?? 1, { kernel: 4, stride: 2, activation: 'tanh' }),
    ],
  });
}

/** A one-line description of a network's layers and shapes, e.g. '28x28x1 -> conv 4x4/2 leakyRelu -> 14x14x16 -> ... -> 1 (8,769 weights)'. */
export function describeNet(net: ConvNet): string {
  const fmt = (s: number[]) => s.join('x');
  let shape = net.inputShape;
  const parts = [fmt(shape)];
  for (const layer of net.layerList) {
    if (layer.kind === 'reshape') {
      shape = layer.shape;
      parts.push(`reshape ${fmt(shape)}`);
      continue;
    }
    if (layer.kind === 'dense') shape = [layer.units];
    else shape = layer.kind === 'conv' ? [Math.ceil(shape[0] / layer.stride), Math.ceil(shape[1] / layer.stride), layer.filters] : [shape[0] * layer.stride, shape[1] * layer.stride, layer.filters];
    const op = layer.kind === 'dense' ? 'dense' : `${layer.kind} ${layer.kernel}x${layer.kernel}/${layer.stride}`;
    parts.push(`${op}${layer.activation === 'linear' ? '' : ` ${layer.activation}`} ${fmt(shape)}`);
  }
  const weights = net.params.reduce((s, p) => s + p.size, 0);
  return `${parts.join(' -> ')} (${weights.toLocaleString('en')} weights)`;
}
