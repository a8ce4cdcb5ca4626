// One kernel instance with its helper thread, kept warm across a session's runs: starting a thread (a
// Worker, its WebAssembly instance, V8 tiering its code up) costs a short run a noticeable share of its
// time, so every network big enough for two threads trains on the same instance; small ones get their own.
import { Network, THREADS_MIN_LAYER_WEIGHTS, createKernels, layerSizes, type KernelHelperStarter, type Kernels, type ModelSpec } from '../engine';

/** Weights of the largest dense layer: max over l of sizes[l]·sizes[l+1]. */
function largestLayerWeights(spec: ModelSpec): number {
  const sizes = layerSizes(spec);
  return Math.max(...sizes.slice(1).map((units, l) => units * sizes[l]));
}

export class WarmKernels {
  private kernels: Kernels | null = null;

  constructor(private readonly startHelper: KernelHelperStarter | null) {}

  /**
   * Starts the helper thread now, before any network needs it, so it boots while the caller does other
   * work (the CLI: while it reads the CSV). Under tsx a helper takes 200–400 ms to load the engine: a
   * 4-epoch MNIST run is over in about half a second.
   */
  prestart(): void {
    if (this.startHelper) this.kernels ??= createKernels('auto', { largestLayerWeights: THREADS_MIN_LAYER_WEIGHTS, startHelper: this.startHelper });
  }

  /** A new network for `spec`: on the warm two-thread instance when big enough and the host starts helpers. */
  network(spec: ModelSpec): Network {
    if (!this.startHelper || largestLayerWeights(spec) < THREADS_MIN_LAYER_WEIGHTS) return new Network(spec, { startHelper: this.startHelper });
    this.prestart();
    return new Network(spec, { kernels: this.kernels! });
  }

  /** Whether `kernels` is the warm instance (a replaced network must not end its thread). */
  owns(kernels: Kernels): boolean {
    return kernels === this.kernels;
  }

  /** Ends the warm helper thread (the session is over). */
  dispose(): void {
    this.kernels?.dispose();
    this.kernels = null;
  }
}
