// Honest anchors: which BLAS numpy and PyTorch run (bench/anchors/blas_probe.py), and a loud warning
// instead of a flattering ratio when PyTorch on one thread runs far below numpy on the same workload.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What blas_probe.py prints (plain data; every field may be missing on an odd install). */
export interface BlasReport {
  numpy?: string;
  torch?: string;
  torch_error?: string;
  torch_config?: string[];
  torch_blas_info?: string | null;
  torch_mkldnn?: boolean;
  blas_libraries?: string[];
  openblas?: { library: string; config?: string; corename?: string }[];
  threadpoolctl?: { internal_api?: string; version?: string | null; architecture?: string; num_threads?: number; filepath?: string }[] | null;
}

/** PyTorch 1 thread below this share of numpy f32 1 thread on one workload: a crippled anchor. */
export const CRIPPLED_ANCHOR_RATIO = 0.3;

const probeScript = join(dirname(fileURLToPath(import.meta.url)), 'blas_probe.py');

/** Runs the probe under `python` (importing torch too when asked); null when it fails (the bench goes on). */
export function probeBlas(python: string, withTorch: boolean): Promise<BlasReport | null> {
  return new Promise((done) => {
    execFile(python, [probeScript, ...(withTorch ? ['--torch'] : [])], { timeout: 120_000 }, (error, stdout) => {
      if (error) { done(null); return; }
      try { done(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as BlasReport); } catch { done(null); }
    });
  });
}

const fileName = (path: string): string => path.split('/').at(-1) ?? path;

/** One line: the BLAS library, its version and the kernel (core) it picked, from the best source present. */
export function describeBlas(report: BlasReport | null): string {
  if (!report) return 'unknown (the probe did not run)';
  const pool = report.threadpoolctl?.find((p) => p.internal_api && p.internal_api !== 'openmp');
  if (pool) return `${pool.internal_api} ${pool.version ?? ''} kernel ${pool.architecture ?? '?'} (${fileName(pool.filepath ?? '')}, threadpoolctl)`.replace(/\s+/g, ' ');
  const openblas = report.openblas?.find((o) => o.config);
  if (openblas) return `${openblas.config} kernel ${openblas.corename ?? '?'} (${fileName(openblas.library)})`.replace(/\s+/g, ' ');
  const libraries = report.blas_libraries ?? [];
  return libraries.length ? `${libraries.map(fileName).join(', ')} (kernel not reported)` : 'no BLAS library mapped';
}

/** PyTorch's own matmul path: BLAS_INFO, oneDNN, its CPU capability line (torch.__config__.show()). */
export function describeTorch(report: BlasReport | null): string {
  if (!report || !report.torch) return report?.torch_error ? `torch failed: ${report.torch_error}` : 'unknown';
  const capability = report.torch_config?.find((line) => line.startsWith('CPU capability')) ?? 'CPU capability not reported';
  const dnn = report.torch_mkldnn ? 'oneDNN on' : 'oneDNN off';
  return `torch ${report.torch}: BLAS_INFO=${report.torch_blas_info ?? '?'}, ${dnn}, ${capability}; linked ${describeBlas(report)}`;
}

/**
 * The warning for one workload when PyTorch 1 thread runs below CRIPPLED_ANCHOR_RATIO × numpy f32
 * 1 thread (same MLP, same data), else null: such an anchor flatters every ratio against it.
 */
export function crippledAnchorWarning(workload: string, torchPerSecond: number, numpyPerSecond: number): string | null {
  if (!(torchPerSecond > 0) || !(numpyPerSecond > 0)) return null;
  const ratio = torchPerSecond / numpyPerSecond;
  if (ratio >= CRIPPLED_ANCHOR_RATIO) return null;
  return `WARNING ${workload}: PyTorch 1 thread runs at ${ratio.toFixed(2)}× numpy f32 1 thread (below ${CRIPPLED_ANCHOR_RATIO}×): ` +
    'a crippled anchor (a slow BLAS kernel, OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, a busy core); ratios against PyTorch are not claimed';
}
