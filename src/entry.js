// The package entry of 'wgan-lab' (node_modules/wgan-lab links to this folder): it loads the compiled
// library from ../dist, which `npm install`, `npm run build` and `npm test` produce from these sources.
let lib;
try {
  lib = require('../dist/index.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/index.js')) {
    throw new Error("wgan-lab is not built yet: run `npm run build` in the project folder, then restart the kernel.");
  }
  throw err;
}
// The wgan-lab kernel (scripts/kernel.mjs) rebuilds a changed src/ before it starts; if that failed, say so here, in the notebook.
if (process.env.WGAN_LAB_BUILD_ERROR) console.warn(`wgan-lab: ${process.env.WGAN_LAB_BUILD_ERROR}`);
module.exports = lib;
