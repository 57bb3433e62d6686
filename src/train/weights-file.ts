/**
 * A GAN run's weights on disk (weights.json: the generator's and the critic's shapes and values, and the
 * step), for keeping a trained pair between sessions. Optimiser and random state are not saved: a loaded run
 * samples like the saved one, but does not resume its training exactly (snapshot.ts keeps everything, in memory).
 */
import * as fs from 'fs';
import * as path from 'path';
import { tf } from '../backend';
import type { Model } from '../models/model';
import { finite } from '../validate';
import type { GanRun } from './gan';

/** Saves the generator's and the critic's weights to `dir`/weights.json; returns the file's path. */
export async function saveGanWeights(run: GanRun, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const dump = async (m: Model) => Promise.all(m.params.map(async (p) => ({ shape: p.shape, values: Array.from(await p.data()) })));
  const file = path.join(dir, 'weights.json');
  fs.writeFileSync(file, JSON.stringify({ step: run.step, generator: await dump(run.generator), critic: await dump(run.critic) }));
  return file;
}

/** Loads weights saved by {@link saveGanWeights}; shapes must match the run's models. */
export function loadGanWeights(run: GanRun, dir: string): void {
  const file = path.join(dir, 'weights.json');
  if (!fs.existsSync(file)) throw new RangeError(`loadGanWeights: argument 'dir' must hold weights.json saved by saveGanWeights, but ${file} does not exist`);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { step: number; generator: { shape: number[]; values: number[] }[]; critic: { shape: number[]; values: number[] }[] };
  const load = (m: Model, ws: { shape: number[]; values: number[] }[], which: string) => {
    if (ws.length !== m.params.length) throw new RangeError(`loadGanWeights: the saved ${which} has ${ws.length} weight tensors, the run's '${m.name}' has ${m.params.length}`);
    m.params.forEach((p, i) => {
      if (ws[i].shape.join() !== p.shape.join()) {
        throw new RangeError(`loadGanWeights: saved ${which} weight ${i} has shape [${ws[i].shape}], the run's '${m.name}' has shape [${p.shape}]`);
      }
      p.assign(tf.tensor(ws[i].values, p.shape));
    });
  };
  tf.tidy(() => {
    load(run.generator, saved.generator, 'generator');
    load(run.critic, saved.critic, 'critic');
  });
  finite('loadGanWeights', 'step', saved.step);
  run.step = saved.step;
}
