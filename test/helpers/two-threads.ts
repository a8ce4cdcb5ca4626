/** WebAssembly kernels with a Node helper thread for the tests, each ended after its file (stopStartedThreads in afterAll). */
import { expect } from 'vitest';
import { createTwoThreadKernels } from '../../bench/threads';
import type { WasmKernels } from '../../src/engine/kernels';

const started: WasmKernels[] = [];

/** Kernels on two threads whose helper already serves them (the test fails if shared memory or the helper is missing). */
export function twoThreads(): WasmKernels {
  const kernels = createTwoThreadKernels();
  expect(kernels, 'shared WebAssembly memory is available in Node').not.toBeNull();
  started.push(kernels!);
  expect(kernels!.waitForHelper(30_000), 'the helper thread started').toBe(true);
  return kernels!;
}

/** Keeps `kernels` to be ended with the rest. */
export function endLater(kernels: WasmKernels): void {
  started.push(kernels);
}

/** Ends every helper thread the file started. */
export function stopStartedThreads(): void {
  started.splice(0).forEach((k) => k.stopThreads());
}
