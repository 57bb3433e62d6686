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
module.exports = lib;
