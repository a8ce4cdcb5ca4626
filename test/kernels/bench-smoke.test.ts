import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run';

// CI runs the benchmark's smoke mode so the WebAssembly kernels are always built and exercised end to
// end. No time thresholds: the figures only have to exist and be finite.

describe('npm run bench -- --quick', () => {
  it('trains a few batches of every contestant on both workloads and reports finite figures', async () => {
    const lines: string[] = [];
    const report = await runBench({ quick: true, log: (line) => lines.push(line) });
    expect(report.workloads.map((w) => w.name)).toEqual(['mnist', 'origin']);
    for (const workload of report.workloads) {
      const byName = new Map(workload.results.map((r) => [r.contestant, r]));
      const engines = ['engine wasm-simd fma', 'engine wasm-simd mul+add', 'engine typed-array', 'engine wasm-simd fma ×2 threads'];
      for (const name of [...engines, 'ml-matrix naive', 'TF.js wasm']) {
        const result = byName.get(name)!;
        expect(result.skipped, `${workload.name}: ${name}`).toBeNull();
        expect(result.median).toBeGreaterThan(0);
        expect(Number.isFinite(result.gflops)).toBe(true);
      }
    }
    expect(report.peakGflops).toBeGreaterThan(0);
    expect(report.peaks.fma, 'the fused multiply-add probe runs (tests enable relaxed SIMD)').toBeGreaterThan(0);
    expect(report.peaks.mulAdd).toBeGreaterThan(0);
    expect(lines.some((line) => line.startsWith('targets'))).toBe(true);
    expect(report.latencyMicroseconds.map((l) => l.kernels)).toEqual(['wasm-simd', 'typed-array']);
    for (const l of report.latencyMicroseconds) expect([l.reusedWorkspace, l.reusedWorkspaceBest, l.freshWorkspace].every(Number.isFinite)).toBe(true);
    expect(lines.some((line) => line.includes('÷ this'))).toBe(true);
  });
});
