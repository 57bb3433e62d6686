// Types of the 'wgan-lab' package: those of the compiled library in ../dist (see entry.js).
export * from '../dist/index';
