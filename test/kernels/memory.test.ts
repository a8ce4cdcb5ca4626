import { describe, expect, it } from 'vitest';
import { predict } from '../../src/engine/evaluate';
import { createWasmKernels, type WasmKernels } from '../../src/engine/kernels';
import { Network, type ModelSpec } from '../../src/engine/network';
import { Random } from '../../src/engine/random';

// Weights, gradients, optimizer state and workspaces live in the WebAssembly tier's memory. The garbage
// collector does not see that memory fill up, so nothing may allocate in it per call.

const spec: ModelSpec = {
  inputSize: 784, hidden: [256, 128, 64].map((units) => ({ units, activation: 'relu' as const, dropout: 0 })),
  output: { units: 10, activation: 'softmax' }, init: 'auto',
};

describe("the WebAssembly tier's memory", () => {
  it("holds the network's parameters and gradients (no copies per batch)", () => {
    const kernels = createWasmKernels()!;
    const net = new Network(spec, { kernels });
    expect(kernels.reservedBytes).toBeGreaterThan(2 * net.params.length * 4);
    expect(net.kernels).toBe(kernels);
    expect(kernels.owns(net.params)).toBe(true);
    expect(kernels.owns(net.grads)).toBe(true);
    expect(kernels.owns(net.layers[0].weights)).toBe(true);
    expect(kernels.owns(new Float32Array(4)), 'a plain array is not in it (negative control)').toBe(false);
  });

  it('does not grow when predict() is called again and again', () => {
    const kernels = createWasmKernels()!;
    const net = new Network(spec, { kernels });
    net.initialize(new Random(1));
    const rows = new Float32Array(784 * 300).fill(0.5);
    predict(net, rows, 300);
    const after = kernels.reservedBytes;
    for (let i = 0; i < 50; i++) predict(net, rows, 300);
    expect(kernels.reservedBytes).toBe(after);
  });

  it('gives each network its own memory by default, and float64 networks typed arrays', () => {
    const a = new Network(spec), b = new Network(spec);
    expect(a.kernels.name).toBe('wasm-simd');
    expect(a.kernels).not.toBe(b.kernels);
    expect((a.kernels as WasmKernels).isShared).toBe(true);
    expect(new Network(spec, { precision: 'float64' }).kernels.name).toBe('typed-array');
  });
});
