// Tests run the kernels users get: Chromium and Electron validate relaxed SIMD (the fused multiply-add
// build) by default; Node 20 needs this V8 flag, set before the engine compiles its modules (lazily).
import { setFlagsFromString } from 'node:v8';

if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-relaxed-simd');
