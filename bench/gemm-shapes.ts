// `tsx bench/gemm-shapes.ts [seconds] [batch] [sizes…]`: GFLOP/s of each matmul of a training step by CPU
// time, fused build, one thread — where the kernel time goes, shape by shape: blocked and packed (the
// default; BENCH_PACKED=always packs every product) beside the unpacked 4×8 loops, interleaved, with the largest difference of their results.
import { createWasmKernels, Random, type WasmKernels } from '../src/engine';
import { enableRelaxedSimd } from '../src/node-host';

enableRelaxedSimd();

const packed = createWasmKernels({ shared: false, packed: process.env.BENCH_PACKED === 'always' ? 'always' : true })!;
const unpacked = createWasmKernels({ shared: false, packed: false })!;
const rng = new Random(3);

interface Product { name: string; flops: number; run: (kernels: WasmKernels) => Float32Array }

/** A buffer of `length` random floats in both instances' memories (the same values). */
function filled(length: number): [Float32Array, Float32Array] {
  const x = packed.allocate(length), y = unpacked.allocate(length);
  for (let i = 0; i < length; i++) x[i] = y[i] = rng.uniform() - 0.5;
  return [x, y];
}

const seconds = Number(process.argv[2] ?? 0.3);
const batch = Number(process.argv[3] ?? 64);
const sizes = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [784, 256, 128, 64, 10];
const products: Product[] = [];
for (let l = 1; l < sizes.length; l++) {
  const k = sizes[l - 1], n = sizes[l];
  const [x, w, bias, dz, z, dw, dx] = [batch * k, k * n, n, batch * n, batch * n, k * n, batch * k].map(filled);
  const pick = (pair: Float32Array[], kernels: WasmKernels): Float32Array => pair[kernels === packed ? 0 : 1];
  const flops = 2 * batch * k * n;
  products.push({ name: `X·W ${batch}×${k}×${n}`, flops, run: (K) => { K.matmulBias(pick(x, K), pick(w, K), pick(bias, K), pick(z, K), batch, k, n); return pick(z, K); } });
  products.push({ name: `Xᵀ·dZ ${k}×${batch}×${n}`, flops, run: (K) => { K.matmulTransA(pick(x, K), pick(dz, K), pick(dw, K), batch, k, n); return pick(dw, K); } });
  if (l > 1) products.push({ name: `dZ·Wᵀ ${batch}×${n}×${k}`, flops, run: (K) => { K.matmulTransB(pick(dz, K), pick(w, K), pick(dx, K), batch, n, k); return pick(dx, K); } });
}

/** µs of CPU time per call of `run` over about `seconds`. */
function time(run: () => void): number {
  for (let i = 0; i < 10; i++) run();
  const start = process.cpuUsage();
  let calls = 0, used = 0;
  while (used < seconds * 1e6) {
    for (let i = 0; i < 10; i++) run();
    calls += 10;
    const u = process.cpuUsage(start);
    used = u.user + u.system;
  }
  return used / calls;
}

const totals = { packed: 0, unpacked: 0, flops: 0 };
console.log(`${'product'.padEnd(22)} ${'packed'.padStart(14)} ${'unpacked'.padStart(14)}  ratio  max |diff|`);
for (const p of products) {
  const a = p.run(packed), b = p.run(unpacked);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  const tp = time(() => p.run(packed)), tu = time(() => p.run(unpacked));
  totals.packed += tp; totals.unpacked += tu; totals.flops += p.flops;
  const g = (t: number): string => `${(p.flops / t / 1e3).toFixed(1).padStart(5)} GFLOP/s`;
  console.log(`${p.name.padEnd(22)} ${g(tp)} ${g(tu)}  ${(tu / tp).toFixed(2)}×  ${diff.toExponential(1)}`);
}
const g = (t: number): string => `${(totals.flops / t / 1e3).toFixed(1)} GFLOP/s (${t.toFixed(0)} µs)`;
console.log(`step's matmuls: packed ${g(totals.packed)}, unpacked ${g(totals.unpacked)}, ${(totals.unpacked / totals.packed).toFixed(2)}×`);
