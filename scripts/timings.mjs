// `npm run timings`: each lesson's latest quick and full wall time from its run records (build/runs/<lesson>/*.json),
// only runs that finished with every check passing; prints the rows of the README's lesson-time table.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './project.mjs';

const dir = join(root, 'build', 'runs');
if (!existsSync(dir)) {
  console.log('no run records yet: run a lesson (npm test runs every lesson in quick mode; WGAN_LAB_QUICK=0 npm run test:notebooks -- 06 runs one in full)');
  process.exit(0);
}
const fmt = (r) => (r ? `${Math.round(r.wallSeconds)} s (${r.started.slice(0, 10)}, ${r.machine.cores} cores)` : 'not run');
console.log('| lesson | quick | full |\n|---|---|---|');
for (const lesson of readdirSync(dir).sort()) {
  const records = readdirSync(join(dir, lesson)).filter((f) => f.endsWith('.json')).sort()
    .map((f) => { try { return JSON.parse(readFileSync(join(dir, lesson, f), 'utf8')); } catch { return null; } })
    .filter((r) => r && r.wallSeconds !== null && Object.values(r.checks ?? {}).length > 0 && Object.values(r.checks).every(Boolean));
  const latest = (quick) => records.filter((r) => r.quick === quick).at(-1);
  console.log(`| ${lesson} | ${fmt(latest(true))} | ${fmt(latest(false))} |`);
}
