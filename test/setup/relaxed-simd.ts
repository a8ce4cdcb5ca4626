// Tests run the kernels users get: Chromium and Electron validate relaxed SIMD (the fused multiply-add
// build) by default; Node 20 needs a V8 flag, set before the engine compiles its modules (lazily).
import { enableRelaxedSimd } from '../../src/node-host';

enableRelaxedSimd();
