import { describe, expect, it } from 'vitest';
import { CRIPPLED_ANCHOR_RATIO, crippledAnchorWarning, describeBlas, describeTorch, type BlasReport } from '../../bench/anchors/blas';

// A faked probe report as blas_probe.py prints it on a Debian install (OpenBLAS through libblas.so.3).
const debianReport: BlasReport = {
  numpy: '1.24.2', torch: '1.13.0a0', torch_blas_info: 'generic', torch_mkldnn: true,
  torch_config: ['Intel(R) MKL-DNN v2.6.3 (Git Hash N/A)', 'CPU capability usage: AVX2'],
  blas_libraries: ['/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so'],
  openblas: [{ library: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so', config: 'OpenBLAS 0.3.21 DYNAMIC_ARCH Cooperlake', corename: 'Cooperlake' }],
  threadpoolctl: null,
};

describe('honest anchors', () => {
  it('warns loudly when PyTorch 1 thread runs below 0.3× numpy 1 thread on a workload', () => {
    const warning = crippledAnchorWarning('mnist', 4_172, 69_424);
    expect(warning).toMatch(/^WARNING mnist: PyTorch 1 thread runs at 0\.06× numpy/);
    expect(warning).toContain('not claimed');
  });

  it('gives no warning for a healthy anchor, even one just above the threshold (negative control)', () => {
    expect(crippledAnchorWarning('mnist', 74_851, 69_424)).toBeNull();
    expect(crippledAnchorWarning('mnist', CRIPPLED_ANCHOR_RATIO * 1000 + 1, 1000)).toBeNull();
    expect(crippledAnchorWarning('mnist', CRIPPLED_ANCHOR_RATIO * 1000 - 1, 1000)).not.toBeNull();
  });

  it('gives no warning when an anchor did not run (no ratio to judge)', () => {
    expect(crippledAnchorWarning('origin', NaN, 225_841)).toBeNull();
    expect(crippledAnchorWarning('origin', 122_834, NaN)).toBeNull();
  });

  it('names the BLAS kernel from OpenBLAS\'s own config when threadpoolctl is absent', () => {
    expect(describeBlas(debianReport)).toBe('OpenBLAS 0.3.21 DYNAMIC_ARCH Cooperlake kernel Cooperlake (libopenblasp-r0.3.21.so)');
  });

  it('prefers threadpoolctl\'s report, skipping its OpenMP pool', () => {
    const report: BlasReport = { ...debianReport, threadpoolctl: [
      { internal_api: 'openmp', version: null, num_threads: 1, filepath: '/usr/lib/libgomp.so.1' },
      { internal_api: 'openblas', version: '0.3.21', architecture: 'Haswell', num_threads: 1, filepath: '/x/libopenblas.so' },
    ] };
    expect(describeBlas(report)).toBe('openblas 0.3.21 kernel Haswell (libopenblas.so, threadpoolctl)');
  });

  it('says what PyTorch runs: its BLAS_INFO, oneDNN and CPU capability', () => {
    expect(describeTorch(debianReport)).toMatch(/^torch 1\.13\.0a0: BLAS_INFO=generic, oneDNN on, CPU capability usage: AVX2; linked OpenBLAS/);
    expect(describeBlas(null)).toContain('unknown');
  });
});
