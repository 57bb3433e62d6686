// `npm run clear-checkpoints`: deletes every saved training run (build/checkpoints/), so the next run of each
// lesson trains from scratch. Run records (build/runs/) stay. Extra arguments delete only the lessons whose
// folder name contains one of them: `npm run clear-checkpoints -- 06`.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './project.mjs';

const dir = join(root, 'build', 'checkpoints');
if (!existsSync(dir)) {
  console.log('no checkpoints (build/checkpoints/ does not exist)');
  process.exit(0);
}
const sizeOf = (p) => (statSync(p).isDirectory() ? readdirSync(p).reduce((a, f) => a + sizeOf(join(p, f)), 0) : statSync(p).size);
const args = process.argv.slice(2);
const lessons = readdirSync(dir).filter((d) => args.length === 0 || args.some((a) => d.includes(a)));
if (lessons.length === 0) {
  console.log(`no checkpoint folder matches ${args.join(', ')}; there are: ${readdirSync(dir).join(', ') || 'none'}`);
  process.exit(0);
}
for (const d of lessons) {
  const p = join(dir, d);
  const files = readdirSync(p).length;
  const mb = (sizeOf(p) / 1e6).toFixed(1);
  rmSync(p, { recursive: true, force: true });
  console.log(`deleted build/checkpoints/${d}/ (${files} file${files === 1 ? '' : 's'}, ${mb} MB)`);
}
