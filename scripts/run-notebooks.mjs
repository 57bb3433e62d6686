// Runs the notebook runner (tests/run_notebooks.py) in the project's Python environment, in quick mode.
// Extra arguments select notebooks by name fragment: `npm run test:notebooks -- 01`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jupyterEnv, root, venvPython } from './project.mjs';

if (!existsSync(venvPython)) {
  console.error('The project\'s Python environment (.venv) is missing: run `npm run install:jupyter` (or `npm install`).');
  process.exit(1);
}
const env = jupyterEnv({ WGAN_LAB_QUICK: process.env.WGAN_LAB_QUICK ?? '1' });
const r = spawnSync(venvPython, [join(root, 'tests', 'run_notebooks.py'), ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: root });
process.exit(r.status ?? 1);
