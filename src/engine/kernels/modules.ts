// The embedded WebAssembly builds of assembly/kernels.ts: the runtime's WebAssembly API typed locally
// (the engine's lib has no DOM and no Node types), the modules' exports, and feature detection.
import type { VectorExports } from './vector-ops';
import { kernelsFmaSharedWasm, kernelsFmaWasm, kernelsSharedWasm, kernelsWasm } from './wasm-binary.generated';

export interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer; grow(pages: number): number }
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
export const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The module's exports (assembly/kernels.ts): byte addresses and element counts; the vector ops from their declarations. */
export interface KernelExports extends VectorExports {
  gemm(a: number, sai: number, sap: number, b: number, ldb: number, bias: number, c: number, ldc: number, m: number, k: number, n: number): void;
  packPanels(b: number, ldb: number, k: number, n: number, dst: number): void;
  packPanelsTransposed(b: number, k: number, n: number, dst: number): void;
  gemmPacked(a: number, sai: number, sap: number, packed: number, bias: number, c: number, ldc: number, m: number, k: number, n: number, kc: number, mc: number, scratch: number): void;
  gemmTransB(a: number, b: number, c: number, m: number, n: number, k: number): void;
  sumRows(a: number, out: number, m: number, n: number): void;
  activate(kind: number, z: number, h: number, count: number): void;
  activationBackward(kind: number, z: number, h: number, dh: number, mask: number, dz: number, count: number): void;
  multiply(x: number, y: number, out: number, count: number): void;
  softmaxCrossEntropy(z: number, labels: number, probs: number, dz: number, m: number, classes: number, correct: number, weights: number, divisor: number): number;
  peakFlops(iterations: number): number;
  streamSum(x: number, count: number): number;
  addSquares(x: number, y: number, count: number): number;
  dropoutMask(mask: number, count: number, shiftedThreshold: number, keepScale: number, key: number): void;
  activateDropout(kind: number, z: number, h: number, mask: number, a: number, count: number, shiftedThreshold: number, keepScale: number, key: number): void;
}

function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, count = 0, out = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | value[clean.charCodeAt(i)];
    count += 6;
    if (count >= 8) { count -= 8; bytes[out++] = (bits >> count) & 0xff; }
  }
  return bytes;
}

/** The compiled modules: plain multiply+add always, the fused multiply-add builds where relaxed SIMD validates. */
export interface CompiledModules { plain: object; shared: object; fmaPlain: object | null; fmaShared: object | null }
let compiled: CompiledModules | null | undefined;

/** Compiles the modules once; null when WebAssembly or its 128-bit SIMD is unavailable (feature detection). */
export function compiledModules(): CompiledModules | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (!wasmApi) return null;
  try {
    const build = (base64: string): object | null => {
      const bytes = decodeBase64(base64);
      return wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
    };
    const plain = build(kernelsWasm);
    if (!plain) return null; // no SIMD here
    const fmaPlain = build(kernelsFmaWasm); // relaxed SIMD: by default in Chromium/Electron and Node ≥ 22
    compiled = {
      plain, shared: build(kernelsSharedWasm) ?? plain,
      fmaPlain, fmaShared: fmaPlain ? build(kernelsFmaSharedWasm) : null,
    };
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when the kernels multiply-add with relaxed SIMD's fused instruction here (faster where the CPU has FMA). */
export function wasmFmaAvailable(): boolean {
  return compiledModules()?.fmaPlain != null;
}

/** True when this runtime can run the WebAssembly SIMD tier. */
export function wasmSimdAvailable(): boolean {
  return compiledModules() !== null;
}
