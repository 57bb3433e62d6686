import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  tf, backendInfo, Rng, gaussian, normalCdf, normalQuantile, erfc, integrate, linspace, jensenShannon, optimalDiscriminator,
  optimalDiscriminatorLogit, ganValue, ganValueMonteCarlo, mlp, applyToArray, sigmoidArray, runSteps, NonFiniteLossError,
  trainCritic, Checks, CheckFailedError, renderSVG, saveFigure, curves, figuresDir, pick, quickMode, plotlyHTML,
  type Scalar, type Tensor2D, isVegaLite,
} from '../../src/index';

test('the backend is the native tensorflow one (unless WGAN_LAB_ALLOW_FALLBACK=1)', () => {
  const info = backendInfo();
  if (process.env.WGAN_LAB_ALLOW_FALLBACK === '1') return;
  assert.equal(info.backend, 'tensorflow', `backend is '${info.backend}': ${info.fallbackReason}`);
  assert.match(info.tensorflowCVersion ?? '', /^\d+\.\d+/);
});

test('Rng: same seed gives the same stream, different seeds differ, state restores', () => {
  const a = new Rng(7), b = new Rng(7), c = new Rng(8);
  const xa = a.normals(5), xb = b.normals(5), xc = c.normals(5);
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
  const s = a.getState();
  const next = a.normals(3);
  a.setState(s);
  assert.deepEqual(a.normals(3), next);
});

test('Rng: normal draws have mean 0 and variance 1 within 5 standard errors', () => {
  const n = 200_000;
  const xs = new Rng(1).normals(n);
  let m = 0, v = 0;
  for (const x of xs) m += x;
  m /= n;
  for (const x of xs) v += (x - m) ** 2;
  v /= n - 1;
  assert.ok(Math.abs(m) < 5 / Math.sqrt(n), `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 5 * Math.sqrt(2 / n), `variance ${v}`);
});

test('Rng: uniform draws lie in [0, 1) with mean 1/2', () => {
  const xs = new Rng(3).uniforms(100_000);
  let m = 0;
  for (const x of xs) {
    assert.ok(x >= 0 && x < 1);
    m += x;
  }
  assert.ok(Math.abs(m / xs.length - 0.5) < 5 * Math.sqrt(1 / 12 / xs.length));
});

test('normal CDF and quantile match tabulated values and invert each other', () => {
  assert.ok(Math.abs(normalCdf(1.959963984540054) - 0.975) < 1e-13);
  assert.ok(Math.abs(normalCdf(-10) - 7.619853024160593e-24) < 1e-36);
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-9);
  assert.ok(Math.abs(erfc(0) - 1) < 1e-15);
  assert.ok(Math.abs(erfc(0.5) - 0.4795001221869535) < 1e-14);
  assert.ok(Math.abs(erfc(3.5) / 7.430983723414128e-7 - 1) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
  for (const u of [1e-10, 1e-4, 0.02, 0.3, 0.5, 0.8, 0.999, 1 - 1e-9]) {
    assert.ok(Math.abs(normalCdf(normalQuantile(u)) - u) < 1e-13 * u + 4e-16, `u=${u}`);
  }
});

test('a Gaussian density integrates to 1 and has the right mean and variance', () => {
  const g = gaussian(1.5, 0.7);
  const [lo, hi] = g.support();
  assert.ok(Math.abs(integrate(g.pdf, lo, hi) - 1) < 1e-10);
  assert.ok(Math.abs(integrate((x) => x * g.pdf(x), lo, hi) - 1.5) < 1e-10);
  assert.ok(Math.abs(integrate((x) => (x - 1.5) ** 2 * g.pdf(x), lo, hi) - 0.49) < 1e-10);
  assert.ok(Math.abs(Math.log(g.pdf(0.3)) - g.logPdf(0.3)) < 1e-12);
});

test('Simpson integration is exact for cubics', () => {
  assert.ok(Math.abs(integrate((x) => x ** 3 - 2 * x + 1, -1, 2, 2) - (15 / 4 - 3 + 3)) < 1e-12);
});

test('JS divergence is symmetric and lies between 0 and log 2', () => {
  const p = gaussian(0, 1), q = gaussian(1, 2);
  const a = jensenShannon(p, q), b = jensenShannon(q, p);
  assert.ok(Math.abs(a - b) < 1e-12);
  assert.ok(a > 0 && a < Math.LN2);
});

test('V(D*) = -log 4 + 2 JSD (Goodfellow et al. 2014, Theorem 1) and D* maximises V', () => {
  const p = gaussian(0, 1), q = gaussian(1.5, 0.7);
  const js = jensenShannon(p, q);
  const vStar = ganValue(optimalDiscriminatorLogit(p, q), p, q);
  assert.ok(Math.abs(vStar - (-Math.log(4) + 2 * js)) < 1e-9);
  // Any other discriminator scores lower: shift the logit.
  const t = optimalDiscriminatorLogit(p, q);
  assert.ok(ganValue((x) => t(x) + 0.3, p, q) < vStar);
  assert.ok(ganValue((x) => 0.9 * t(x), p, q) < vStar);
  // D* is 1/2 where the densities cross.
  const d = optimalDiscriminator(p, gaussian(0, 1));
  assert.equal(d(0.37), 0.5);
});

test('the Monte Carlo GAN value is unbiased: D = 1/2 everywhere gives -log 4 exactly', () => {
  const zeros = new Float64Array(10).fill(0);
  const est = ganValueMonteCarlo(zeros, zeros);
  assert.ok(Math.abs(est.value + Math.log(4)) < 1e-12);
  assert.equal(est.standardError, 0);
});

test('sigmoidArray is stable for large logits', () => {
  const s = sigmoidArray([-1000, 0, 1000]);
  assert.deepEqual(Array.from(s), [0, 0.5, 1]);
});

test('mlp: the same seed builds the same weights; outputs have the expected shape', () => {
  const a = mlp({ inputDim: 2, hidden: [4, 3], outputDim: 1, seed: 5 });
  const b = mlp({ inputDim: 2, hidden: [4, 3], outputDim: 1, seed: 5 });
  assert.equal(a.params.length, 6);
  a.params.forEach((p, i) => assert.deepEqual(p.dataSync(), b.params[i].dataSync()));
  const out = applyToArray(a, [0.1, 0.2, 0.3, 0.4], 2);
  assert.equal(out.length, 2);
  a.dispose();
  b.dispose();
});

test('mlp: a batch of the wrong width gets an error naming both shapes', () => {
  const m = mlp({ inputDim: 2, hidden: [4], outputDim: 1, seed: 1, name: 'critic' });
  assert.throws(() => tf.tidy(() => m.apply(tf.zeros([3, 5]))), /critic\.apply: argument 'x' must have shape \[any, 2\], got shape \[3, 5\]/);
  m.dispose();
});

test('runSteps reads back every N steps and reports a NaN naming its first step and the last finite values', async () => {
  let reads = 0;
  await assert.rejects(
    runSteps({
      steps: 40,
      readEvery: 10,
      onRead: () => void reads++,
      step: (i) => ({ loss: tf.scalar(i === 23 || i === 27 ? NaN : i) }),
    }),
    (err: unknown) => {
      assert.ok(err instanceof NonFiniteLossError);
      assert.equal(err.step, 23);
      assert.equal(err.metric, 'loss');
      assert.equal(err.lastFinite?.step, 22);
      assert.match(err.message, /'loss' became NaN at step 23; last finite values \(step 22\): loss=22/);
      return true;
    },
  );
  assert.equal(reads, 2);
});

test('runSteps calls progress at every read-back, before onRead, with the steps done so far', async () => {
  const calls: string[] = [];
  await runSteps({
    steps: 25,
    readEvery: 10,
    progress: (p) => void calls.push(`progress ${p.step}/${p.steps}`),
    onRead: (p) => void calls.push(`onRead ${p.step}`),
    step: (i) => ({ loss: tf.scalar(i) }),
  });
  assert.deepEqual(calls, ['progress 10/25', 'onRead 10', 'progress 20/25', 'onRead 20', 'progress 25/25', 'onRead 25']);
});

test('runSteps and trainCritic keep tf.memory().numTensors flat across steps', async () => {
  const rng = new Rng(2);
  const critic = mlp({ inputDim: 1, hidden: [8], outputDim: 1, seed: 3 });
  const optimizer = tf.train.adam(1e-2);
  const sample = (n: number) => tf.tensor2d(rng.normals(n), [n, 1]);
  const loss = (r: Tensor2D, f: Tensor2D) => tf.sub(tf.mean(f), tf.mean(r)) as Scalar;
  const run = (steps: number) => trainCritic({ critic, sampleReal: sample, sampleFake: sample, loss, optimizer, steps, batchSize: 16, readEvery: 7 });
  await run(20); // warm-up creates the optimiser's slots
  const before = tf.memory().numTensors;
  const history = await run(50);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(history.loss.length, 50);
  critic.dispose();
  optimizer.dispose();
});

test('trainCritic refuses samplers of different shapes, naming both', async () => {
  const critic = mlp({ inputDim: 1, hidden: [2], outputDim: 1, seed: 3 });
  await assert.rejects(
    trainCritic({
      critic, optimizer: tf.train.sgd(0.1), steps: 1, batchSize: 4,
      sampleReal: (n) => tf.zeros([n, 1]), sampleFake: (n) => tf.zeros([n + 1, 1]),
      loss: (r) => tf.mean(r) as Scalar,
    }),
    /must have shape \[4, 1\], got shape \[5, 1\]/,
  );
  critic.dispose();
});

test('a trained discriminator approaches D* (a small, fast version of lesson 01)', async () => {
  const rng = new Rng(11);
  const p = gaussian(0, 1), q = gaussian(2, 1);
  const D = mlp({ inputDim: 1, hidden: [16], outputDim: 1, activation: 'tanh', seed: 4 });
  const col = (xs: Float64Array) => tf.tensor2d(Float32Array.from(xs), [xs.length, 1]);
  const bce = (r: Tensor2D, f: Tensor2D) => tf.add(tf.mean(tf.softplus(tf.neg(r))), tf.mean(tf.softplus(f))) as Scalar;
  await trainCritic({ critic: D, sampleReal: (n) => col(p.sample(rng, n)), sampleFake: (n) => col(q.sample(rng, n)), loss: bce, optimizer: tf.train.adam(1e-2), steps: 600, batchSize: 256 });
  const xs = linspace(-1, 3, 41);
  const d = sigmoidArray(applyToArray(D, xs));
  const dStar = optimalDiscriminator(p, q);
  const maxErr = Math.max(...Array.from(xs, (x, i) => Math.abs(d[i] - dStar(x))));
  assert.ok(maxErr < 0.08, `max |D - D*| = ${maxErr}`);
  D.dispose();
});

test('validation errors name the function, the argument, the expectation and the value', () => {
  assert.throws(() => gaussian(0, 0), /gaussian: argument 'std' must be a finite number > 0, got 0/);
  assert.throws(() => gaussian(NaN, 1), /gaussian: argument 'mean' must be a finite number, got NaN/);
  assert.throws(() => new Rng(-1), /Rng: argument 'seed' must be an integer >= 0, got -1/);
  assert.throws(() => new Rng(1).int(0), /Rng\.int: argument 'n' must be an integer >= 1/);
  assert.throws(() => linspace(0, 1, 1), /linspace: argument 'n' must be an integer >= 2, got 1/);
  assert.throws(() => integrate(Math.sin, 0, Infinity), /integrate: argument 'hi' must be a finite number, got Infinity/);
  assert.throws(() => jensenShannon(gaussian(0, 1), gaussian(0, 1), 1.5), /jensenShannon: argument 'intervals' must be an integer/);
  assert.throws(() => ganValueMonteCarlo([0, NaN], [0, 1]), /ganValueMonteCarlo: argument 'logitsReal' must hold finite numbers, but logitsReal\[1\] is NaN/);
  assert.throws(() => ganValueMonteCarlo([0], [0, 1]), /argument 'logitsReal' must be an array of at least 2 numbers/);
  assert.throws(() => mlp({ inputDim: 0, hidden: [2], outputDim: 1, seed: 1 }), /mlp: argument 'inputDim' must be an integer >= 1, got 0/);
  assert.throws(() => mlp({ inputDim: 1, hidden: [2, -1], outputDim: 1, seed: 1 }), /mlp: argument 'hidden\[1\]' must be an integer >= 1, got -1/);
  assert.throws(() => mlp({ inputDim: 1, hidden: [2], outputDim: 1, seed: 1, activation: 'swish' as never }), /mlp: argument 'activation' must be one of 'relu'/);
  assert.throws(() => applyToArray({ name: 'identity', params: [], apply: (x: Tensor2D) => x }, [1, 2, 3], 2), /applyToArray: argument 'points' must hold a multiple of inputDim = 2 numbers, got 3/);
  assert.throws(() => normalQuantile(1.5), /normalQuantile: argument 'u' must be a number in \[0, 1\], got 1.5/);
  assert.rejects(saveFigure({}, '../escape'), /saveFigure: argument 'name' must be a file name/);
});

test('Checks.finish throws listing every failed check, and refuses an empty list', () => {
  const c = new Checks('test lesson');
  c.atMost('small', 0.5, 1);
  c.near('close', 1.2, 1, 0.1);
  c.atLeast('big', 0, 1);
  assert.throws(() => c.finish(), (err: unknown) => {
    assert.ok(err instanceof CheckFailedError);
    assert.equal(err.failures.length, 2);
    assert.match(err.message, /2 checks failed:\n {2}- close: measured 1\.2, expected 1 ± 0\.1/);
    return true;
  });
  assert.throws(() => new Checks('empty').finish(), /no checks ran/);
});

test('figures render to SVG, and quick mode saves them under build/, never into the gallery', async () => {
  const spec = curves([0, 1, 2], { y: [0, 1, 4] }, { title: 'parabola' });
  const svg = await renderSVG(spec);
  assert.match(svg, /^<svg/);
  assert.match(svg, /parabola/);
  const old = process.env.WGAN_LAB_QUICK;
  process.env.WGAN_LAB_QUICK = '1';
  try {
    assert.equal(quickMode(), true);
    assert.equal(pick('quick', 'full'), 'quick');
    assert.ok(figuresDir().endsWith(path.join('build', 'figures')));
    await saveFigure(spec, 'unit-test-figure');
    const file = path.join(figuresDir(), 'unit-test-figure.svg');
    assert.ok(fs.readFileSync(file, 'utf8').startsWith('<svg'));
    fs.rmSync(file);
    fs.rmSync(file.replace(/\.svg$/, '.png'), { force: true });
  } finally {
    if (old === undefined) delete process.env.WGAN_LAB_QUICK;
    else process.env.WGAN_LAB_QUICK = old;
  }
  process.env.WGAN_LAB_QUICK = '0';
  assert.ok(figuresDir().endsWith(`${path.sep}figures`) && !figuresDir().includes('build'));
  if (old === undefined) delete process.env.WGAN_LAB_QUICK;
  else process.env.WGAN_LAB_QUICK = old;
});

test('plotly figures carry plotly.js itself (offline), only the first one of a session', () => {
  const first = plotlyHTML([{ type: 'surface', z: [[1, 2], [3, 4]] }], {}, true);
  assert.ok(first.length > 1_000_000);
  assert.match(first, /Plotly\.newPlot/);
  const later = plotlyHTML([{ type: 'surface', z: [[1, 2], [3, 4]] }]);
  assert.ok(later.length < 10_000, 'a later figure reuses window.Plotly');
  assert.match(later, /needs a trusted notebook/);
});

test('plain vega v5 specs (a contour plot) render through the same path as vega-lite, and broken specs throw', async () => {
  const n = 20;
  const grid = Array.from({ length: n * n }, (_, k) => Math.sin((3 * (k % n)) / n) * Math.cos((3 * Math.floor(k / n)) / n));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: 200, height: 200,
    data: [{ name: 'contours', values: [{ grid: { values: grid, width: n, height: n } }],
             transform: [{ type: 'isocontour', field: 'grid', thresholds: [-0.5, 0, 0.5], scale: { expr: 'width / 20' } }] }],
    marks: [{ type: 'shape', from: { data: 'contours' }, encode: { enter: { stroke: { value: '#333' }, fill: { value: 'none' } } },
              transform: [{ type: 'geoshape' }] }],
  };
  assert.equal(isVegaLite(spec), false);
  const svg = await renderSVG(spec);
  assert.match(svg, /^<svg/);
  assert.equal((svg.match(/<path[^>]*stroke="#333"/g) ?? []).length, 3, 'one path per contour level');
  const broken = { ...spec, data: [{ name: 'contours', values: [{ v: 1 }], transform: [{ type: 'isocontour', field: 'v', thresholds: [0] }] }] };
  await assert.rejects(renderSVG(broken), /renderSVG: vega could not render the spec: .*invalid size/);
});

test('building and disposing an MLP leaves no tensor behind', () => {
  const before = tf.memory().numTensors;
  mlp({ inputDim: 3, hidden: [5, 4], outputDim: 1, seed: 2 }).dispose();
  assert.equal(tf.memory().numTensors, before);
});
