// CI checks every fast-check property with one fixed seed, so a clean checkout passes or fails the same
// way on every run; a local run draws a new seed each time (fast-check prints it with any counterexample,
// as it did for test/data/column-store.test.ts) and keeps exploring.
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20_261_130 });
