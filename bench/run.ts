// `npm run bench`: training samples/s of the engine (each kernel tier) beside a naive ml-matrix MLP,
// TF.js on its wasm backend and — when ../shared/bench and python3 are there — the numpy and PyTorch
// anchors, on two workloads, in interleaved rounds; medians, ratios, GFLOP/s against this core's measured
// 128-bit multiply+add limit, and single-row prediction latency.
//
//   npm run bench                     3 rounds (default), ~2 s per contestant per round
//   npm run bench -- --rounds 5 --seconds 3 --only mnist --no-anchors
//   npm run bench -- --quick          smoke: a few batches each, one round, no anchors, no timing claims
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Network, Workspace, availableKernelTiers, createKernels, createWasmKernels, predict, Random, wasmFmaAvailable } from '../src/engine';
import { enableRelaxedSimd } from '../src/node-host';
import { engineContestant } from './contestants/engine';
import { mlMatrixContestant } from './contestants/ml-matrix';
import { anchorInterpreter, numpyContestant, torchContestant } from './contestants/python';
import { cpuLine, describeCpu, type CpuDescription } from './cpu';
import { describeCoreLatency, measureCoreLatency } from './core-latency';
import { crippledAnchorWarning, describeBlas, describeTorch, probeBlas, type BlasReport } from './anchors/blas';
import { tfjsContestant } from './contestants/tfjs';
import type { Contestant, Runner } from './contestants/types';
import { flopsPerSample, mnistWorkload, originWorkload, specOf, type Workload } from './workloads';

// Relaxed SIMD (the kernels' fused multiply-add build) is on by default in Chromium, Electron and Node ≥ 22;
// Node 20 needs a flag, set before the engine compiles its modules (it does so lazily).
enableRelaxedSimd();

export interface BenchOptions {
  rounds: number;
  secondsPerRun: number;
  quick: boolean;
  anchors: boolean;
  only: string[] | null; // workload names
  /** Also run the WebAssembly tier with the unpacked matmul loops only (old beside new in one run). */
  compareUnpacked: boolean;
  log: (line: string) => void;
}

export interface ContestantResult {
  contestant: string;
  samplesPerSecond: number[]; // wall clock, one per round
  median: number;
  gflops: number; // from the wall-clock median
  /** Samples per second of this process's CPU time (in-process contestants): what the work costs, whatever else runs. */
  samplesPerCpuSecond: number[];
  medianCpu: number;
  skipped: string | null;
}

export interface BenchReport {
  date: string;
  node: string;
  /** The CPU's model name and cache sizes (the figures hold for this CPU only). */
  cpu: CpuDescription;
  quick: boolean;
  rounds: number;
  /** The 128-bit limit the percentages use: the fused multiply-add probe where relaxed SIMD runs, else multiply+add. */
  peakGflops: number | null;
  /** Both probes: f32x4 fused multiply-add (null without relaxed SIMD) and multiply then add. */
  peaks: { fma: number | null; mulAdd: number | null };
  workloads: { name: string; title: string; flopsPerSample: number; results: ContestantResult[] }[];
  /** Wall clock: the median of 12 batches of calls, and the best batch (what a quiet machine gives). */
  latencyMicroseconds: { kernels: string; reusedWorkspace: number; reusedWorkspaceBest: number; freshWorkspace: number }[];
  /** One core's read bandwidth, GB/s: a 1 MB buffer (cache-resident) and a 64 MB one (memory). */
  bandwidthGBs: { cacheResident: number; memory: number };
  /** What the anchors ran (bench/anchors/blas_probe.py), when they ran. */
  anchorBlas: { numpy: BlasReport | null; torch: BlasReport | null } | null;
  /** One line per workload whose PyTorch anchor ran below 0.3× numpy (its ratios are not claimed). */
  anchorWarnings: string[];
  /** One-way core-to-core cache-line latency, ns, measured before each round (bench/core-latency.ts): how far the two threads' data travels. */
  coreLatencyNs: number[];
}

export const defaultBenchOptions: BenchOptions = {
  rounds: 3, secondsPerRun: 2, quick: false, anchors: true, only: null, compareUnpacked: false, log: (line) => console.log(line),
};

const median = (values: number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Samples/s of `runner` over about `seconds` (at least `minSteps` batches): by the wall clock and by CPU time. */
function timeRunner(runner: Runner, seconds: number, minSteps: number): { wall: number; cpu: number } {
  let rows = 0, steps = 0;
  const start = performance.now(), cpuStart = process.cpuUsage();
  let elapsed = 0;
  while (steps < minSteps || elapsed < seconds * 1000) {
    rows += runner.step();
    steps++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (rows * 1000) / elapsed, cpu: (rows * 1e6) / Math.max(1, cpu.user + cpu.system) };
}

/**
 * GFLOP/s this core reaches with f32x4 multiply-adds in registers (best CPU time of seven ~0.1 s runs):
 * fused (relaxed SIMD's madd) or a multiply then an add; null where that build cannot run.
 */
function measurePeakGflops(quick: boolean, fma: boolean): number | null {
  if (fma && !wasmFmaAvailable()) return null;
  const kernels = createWasmKernels({ shared: false, fma });
  if (!kernels) return null;
  const iterations = quick ? 200_000 : 5_000_000;
  for (let i = 0; i < 50; i++) kernels.peakProbe(10_000); // let V8 tier the probe up to optimized code
  let best = Infinity;
  for (let run = 0; run < (quick ? 1 : 7); run++) {
    const cpuStart = process.cpuUsage(); // CPU time: other processes on the machine do not count against it
    kernels.peakProbe(iterations);
    const used = process.cpuUsage(cpuStart);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return (iterations * 96) / (best * 1e6);
}

/**
 * Read bandwidth of one core in GB/s, streaming a buffer with the kernels' probe (assembly/bandwidth.ts):
 * `bytes` of 1 MB (the MNIST net's weights, cache-resident after the first pass) and of 64 MB (past a
 * 32 MB L3: memory). Best of several passes, wall clock.
 */
function measureBandwidth(quick: boolean): { cacheResident: number; memory: number } {
  const kernels = createWasmKernels({ shared: true, packed: false })!;
  const warm = kernels.allocate(16_384);
  for (let i = 0; i < 300; i++) kernels.bandwidthProbe(warm); // let V8 tier the probe up to optimized code
  const rate = (bytes: number): number => {
    const values = kernels.allocate(bytes / 4);
    values.fill(0.5);
    let best = Infinity;
    const passes = Math.max(quick ? 3 : 5, Math.round((quick ? 2e7 : 2e8) / bytes));
    for (let pass = 0; pass < passes; pass++) {
      const start = performance.now();
      kernels.bandwidthProbe(values);
      best = Math.min(best, performance.now() - start);
    }
    return bytes / (best * 1e6);
  };
  const result = { cacheResident: rate(1 << 20), memory: rate(64 << 20) };
  kernels.dispose();
  return result;
}

/** Median µs of one-row prediction on the MNIST net: with a reused workspace, and predict's default (fresh) one. */
function measureLatency(quick: boolean): BenchReport['latencyMicroseconds'] {
  const workload = { sizes: [784, 256, 128, 64, 10], activation: 'relu', dropout: 0 } as Workload;
  const row = new Float32Array(784);
  const rng = new Random(9);
  for (let i = 0; i < row.length; i++) row[i] = rng.uniform();
  return availableKernelTiers().map((tier) => {
    const net = new Network(specOf(workload), { kernels: createKernels(tier) });
    net.initialize(new Random(1));
    const ws = new Workspace(net, 1);
    const sample = (fresh: boolean): { median: number; best: number } => {
      const calls = quick ? 5 : 200, batches = quick ? 2 : 15;
      const perCall: number[] = [];
      for (let b = 0; b < batches; b++) {
        const start = performance.now();
        for (let c = 0; c < calls; c++) predict(net, row, 1, fresh ? undefined : ws);
        perCall.push(((performance.now() - start) * 1000) / calls);
      }
      const warm = perCall.slice(quick ? 0 : 3); // the first batches warm the JIT
      return { median: median(warm), best: Math.min(...warm) };
    };
    const reused = sample(false);
    return { kernels: net.kernels.name, reusedWorkspace: reused.median, reusedWorkspaceBest: reused.best, freshWorkspace: sample(true).median };
  });
}

function describePeak(gflops: number | null): string {
  return gflops === null ? 'n/a' : `${format(gflops, 1)} GFLOP/s`;
}

function format(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';
}

function printWorkload(log: (line: string) => void, w: BenchReport['workloads'][number], peak: number | null): void {
  const engine = w.results.filter((r) => r.contestant.startsWith('engine') && !r.skipped);
  const best = engine.reduce((a, b) => (b.median > a.median ? b : a), engine[0]);
  log('');
  log(`${w.title}  (${format(w.flopsPerSample / 1e6, 3)} MFLOP per training sample)`);
  log(`  ${'contestant'.padEnd(28)} ${'median samples/s'.padStart(16)}  ${'rounds'.padEnd(26)} ${'GFLOP/s'.padStart(7)} ${'% peak'.padStart(6)}  ${`${best?.contestant ?? 'engine'} ÷ this`.padEnd(24)} ${'per CPU-second'.padStart(14)} ${'GFLOP/s, % peak by CPU'.padStart(22)}`);
  for (const r of w.results) {
    if (r.skipped) { log(`  ${r.contestant.padEnd(28)} skipped: ${r.skipped}`); continue; }
    const rounds = r.samplesPerSecond.map((s) => format(s)).join(' / ');
    const ofPeak = peak ? `${format((100 * r.gflops) / peak)}%` : '—';
    const ratio = best ? `${format(best.median / r.median, 2)}×` : '';
    const cpuGflops = (r.medianCpu * w.flopsPerSample) / 1e9;
    const byCpu = Number.isFinite(cpuGflops) ? `${format(cpuGflops, 1)}, ${peak ? format((100 * cpuGflops) / peak) : '—'}%` : '—';
    log(`  ${r.contestant.padEnd(28)} ${format(r.median).padStart(16)}  ${rounds.padEnd(26)} ${format(r.gflops, 1).padStart(7)} ${ofPeak.padStart(6)}  ${ratio.padEnd(24)} ${format(r.medianCpu).padStart(14)} ${byCpu.padStart(22)}`);
  }
}

/** Forward flops of one sample (2Σk·n); 3× this is the usual accounting of a training sample's cost. */
function forwardFlops(sizes: number[]): number {
  let flops = 0;
  for (let l = 1; l < sizes.length; l++) flops += 2 * sizes[l - 1] * sizes[l];
  return flops;
}

/** The issue's targets, each as a measured ratio (medians of this run). */
function printTargets(log: (line: string) => void, report: BenchReport): void {
  const sizes: Record<string, number[]> = { mnist: mnistSizes, origin: originSizes };
  log('');
  log('targets (medians of this run):');
  log(`  two threads' core-to-core latency by round: ${report.coreLatencyNs.map((ns) => describeCoreLatency(ns)).join(' / ')} — two-thread figures drop by about a third when the cores sit under separate L3s`);
  for (const w of report.workloads) {
    const get = (name: string): number => w.results.find((r) => r.contestant === name && !r.skipped)?.median ?? NaN;
    const engines = w.results.filter((r) => r.contestant.startsWith('engine wasm-simd') && !r.skipped);
    const oneThread = Math.max(...engines.filter((r) => !r.contestant.includes('threads')).map((r) => r.median));
    const twoThreads = Math.max(...engines.filter((r) => r.contestant.includes('threads')).map((r) => r.median));
    const bestEngine = Math.max(oneThread, twoThreads);
    const ratio = (x: number, y: number): string => `${format(x / y, 2)}×`;
    const warning = crippledAnchorWarning(w.name, get('PyTorch 1 thread'), get('numpy f32 1 thread'));
    log(`  ${w.name}: engine ${format(bestEngine)} samples/s (1 thread ${format(oneThread)}, 2 threads ${format(twoThreads)})`);
    const vsTorch = warning ? 'vs PyTorch 1 thread: not claimed (crippled anchor, see the warning)' :
      `vs PyTorch 1 thread ${ratio(bestEngine, get('PyTorch 1 thread'))} (1 thread ${ratio(oneThread, get('PyTorch 1 thread'))})`;
    if (warning) log(`  !!! ${warning}`);
    log(`    ${vsTorch}; vs TF.js wasm ${ratio(bestEngine, get('TF.js wasm'))}; vs numpy f32 1 thread ${ratio(bestEngine, get('numpy f32 1 thread'))} (1 thread ${ratio(oneThread, get('numpy f32 1 thread'))})`);
    if (report.peakGflops && sizes[w.name]) {
      const executed = (oneThread * w.flopsPerSample) / 1e9, nominal = (oneThread * 3 * forwardFlops(sizes[w.name])) / 1e9;
      log(`    1 thread: ${format(executed, 1)} GFLOP/s executed (${format(w.flopsPerSample / 1e6, 3)} MFLOP/sample) = ${format((100 * executed) / report.peakGflops)}% of the limit; ` +
        `${format(nominal, 1)} GFLOP/s counted as 3× forward (${format((3 * forwardFlops(sizes[w.name])) / 1e6, 3)} MFLOP/sample, the issue's accounting) = ${format((100 * nominal) / report.peakGflops)}%`);
    }
  }
}

const mnistSizes = [784, 256, 128, 64, 10], originSizes = [10, 128, 64, 32, 3];

/** Runs the whole benchmark and returns (and logs) the report. */
export async function runBench(options: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const o: BenchOptions = { ...defaultBenchOptions, ...options };
  const rounds = o.quick ? 1 : o.rounds;
  const log = o.log;
  const contestants: Contestant[] = [
    ...availableKernelTiers().map((tier) => engineContestant(tier)),
    ...(wasmFmaAvailable() ? [engineContestant('wasm-simd', 1, false)] : []),
    ...(o.compareUnpacked && availableKernelTiers().includes('wasm-simd') ? [engineContestant('wasm-simd', 1, true, false)] : []),
    ...(availableKernelTiers().includes('wasm-simd') ? [engineContestant('wasm-simd', 2)] : []),
    mlMatrixContestant, tfjsContestant,
    ...(o.anchors && !o.quick ? [numpyContestant, torchContestant] : []),
  ];
  const skipped = new Map<Contestant, string>();
  for (const c of contestants) {
    const reason = await c.unavailable();
    if (reason) skipped.set(c, reason);
  }
  if (!o.anchors || o.quick) log('anchors (numpy, PyTorch) not run in this mode');
  for (const [c, reason] of skipped) log(`skipping ${c.name}: ${reason}`);

  const workloads = [mnistWorkload(), originWorkload()].filter((w) => !o.only || o.only.includes(w.name));
  const probes = (): { fma: number | null; mulAdd: number | null } => ({ fma: measurePeakGflops(o.quick, true), mulAdd: measurePeakGflops(o.quick, false) });
  const cpu = describeCpu();
  log(`CPU: ${cpuLine(cpu)}`);
  const before = probes();
  log(`node ${process.version}; this core's f32x4 limits: fused multiply-add ${describePeak(before.fma)}, multiply+add ${describePeak(before.mulAdd)}`);

  const runners = new Map<string, Runner>();
  const samples = new Map<string, number[]>();
  const cpuSamples = new Map<string, number[]>();
  const key = (w: Workload, c: Contestant): string => `${w.name}\u0000${c.name}`;
  for (const w of workloads) {
    for (const c of contestants) {
      if (skipped.has(c) || !c.prepare) continue;
      const runner = await c.prepare(w);
      timeRunner(runner, o.quick ? 0 : 0.5, 2); // warm-up: JIT, TF.js kernels, memory
      runners.set(key(w, c), runner);
    }
  }
  const coreLatencyNs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    coreLatencyNs.push(await measureCoreLatency(o.quick ? 1 : 5, o.quick ? 2_000 : 20_000));
    for (const w of workloads) {
      for (const c of contestants) {
        if (skipped.has(c)) continue;
        let value: number;
        try {
          if (c.prepare) {
            const timed = timeRunner(runners.get(key(w, c))!, o.quick ? 0 : o.secondsPerRun, o.quick ? 2 : 4);
            value = timed.wall;
            cpuSamples.set(key(w, c), [...(cpuSamples.get(key(w, c)) ?? []), timed.cpu]);
          } else {
            value = await c.measureExternal!(w, o.quick);
          }
        } catch (error) {
          skipped.set(c, (error as Error).message.split('\n')[0]);
          log(`skipping ${c.name}: ${skipped.get(c)}`);
          continue;
        }
        samples.set(key(w, c), [...(samples.get(key(w, c)) ?? []), value]);
      }
    }
    log(`round ${round}/${rounds} done · core-to-core latency before it ${describeCoreLatency(coreLatencyNs[round - 1])}`);
  }
  for (const runner of runners.values()) runner.dispose?.();

  const latency = measureLatency(o.quick);
  const bandwidth = measureBandwidth(o.quick);
  const after = probes(); // a limit is the best its probe reaches, before or after the rounds
  const best = (a: number | null, b: number | null): number | null => (a === null || b === null ? a ?? b : Math.max(a, b));
  const peaks = { fma: best(before.fma, after.fma), mulAdd: best(before.mulAdd, after.mulAdd) };
  const peakGflops = peaks.fma ?? peaks.mulAdd;
  log(`f32x4 limits after the rounds: fused multiply-add ${describePeak(after.fma)}, multiply+add ${describePeak(after.mulAdd)}`);
  log(`% peak below: of the ${peaks.fma !== null ? 'fused multiply-add' : 'multiply+add'} limit, ${describePeak(peakGflops)} (the best probe, before or after)`);
  const report: BenchReport = {
    date: new Date().toISOString(), node: process.version, cpu, quick: o.quick, rounds, peakGflops, peaks,
    workloads: workloads.map((w) => {
      const flops = flopsPerSample(w.sizes);
      return {
        name: w.name, title: w.title, flopsPerSample: flops,
        results: contestants.map((c) => {
          const values = samples.get(key(w, c)) ?? [];
          const m = median(values);
          const cpu = cpuSamples.get(key(w, c)) ?? [];
          return {
            contestant: c.name, samplesPerSecond: values, median: m, gflops: (m * flops) / 1e9,
            samplesPerCpuSecond: cpu, medianCpu: median(cpu), skipped: values.length ? null : skipped.get(c) ?? 'no result',
          };
        }),
      };
    }),
    latencyMicroseconds: latency, bandwidthGBs: bandwidth,
    anchorBlas: null, anchorWarnings: [], coreLatencyNs,
  };
  report.anchorWarnings = report.workloads.flatMap((w) => {
    const get = (name: string): number => w.results.find((r) => r.contestant === name && !r.skipped)?.median ?? NaN;
    return [crippledAnchorWarning(w.name, get('PyTorch 1 thread'), get('numpy f32 1 thread'))].filter((line): line is string => line !== null);
  });
  if (o.anchors && !o.quick) {
    const numpyPython = anchorInterpreter('numpy'), torchPython = anchorInterpreter('torch');
    report.anchorBlas = {
      numpy: numpyPython ? await probeBlas(numpyPython, false) : null,
      torch: torchPython ? await probeBlas(torchPython, true) : null,
    };
    log('');
    log('anchors ran (bench/anchors/blas_probe.py):');
    log(`  numpy ${report.anchorBlas.numpy?.numpy ?? ''} (${numpyPython ?? 'not run'}): ${describeBlas(report.anchorBlas.numpy)}`);
    log(`  PyTorch (${torchPython ?? 'not run'}): ${describeTorch(report.anchorBlas.torch)}`);
  }
  for (const w of report.workloads) printWorkload(log, w, peakGflops);
  printTargets(log, report);
  log('');
  log('single-row prediction, MNIST net (median µs per call):');
  for (const l of latency) {
    log(`  ${l.kernels.padEnd(12)} given a workspace ${format(l.reusedWorkspace, 1)} µs (best batch ${format(l.reusedWorkspaceBest, 1)} µs); predict() default ${format(l.freshWorkspace, 1)} µs`);
  }
  const weightBytes = 4 * (784 * 256 + 256 * 128 + 128 * 64 + 64 * 10 + 256 + 128 + 64 + 10);
  const wasmLatency = latency.find((l) => l.kernels === 'wasm-simd');
  log(`  one core's read bandwidth: ${format(bandwidth.cacheResident, 1)} GB/s from a 1 MB buffer (cache-resident), ${format(bandwidth.memory, 1)} GB/s from 64 MB (memory)`);
  if (wasmLatency) {
    log(`  one row streams the net's ${format(weightBytes / 1e6, 2)} MB of weights: ${format(weightBytes / (wasmLatency.reusedWorkspaceBest * 1e3), 1)} GB/s at the best batch ` +
      `(${format((100 * weightBytes) / (wasmLatency.reusedWorkspaceBest * 1e3) / bandwidth.cacheResident)}% of the cache-resident figure)`);
  }
  for (const warning of report.anchorWarnings) { log(''); log(`!!! ${warning}`); }
  return report;
}

function parseArgs(argv: string[]): Partial<BenchOptions> {
  const options: Partial<BenchOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-anchors') options.anchors = false;
    else if (arg === '--rounds') options.rounds = Math.max(1, Number(argv[++i]));
    else if (arg === '--seconds') options.secondsPerRun = Number(argv[++i]);
    else if (arg === '--only') options.only = argv[++i].split(',');
    else if (arg === '--compare-unpacked') options.compareUnpacked = true;
    else throw new Error(`unknown option ${arg}; expected --quick, --no-anchors, --compare-unpacked, --rounds N, --seconds S, --only mnist,origin`);
  }
  return options;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const report = await runBench(parseArgs(process.argv.slice(2)));
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 1));
  console.log(`\nreport: ${file}`);
}
