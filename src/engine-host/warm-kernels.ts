// One kernel instance with its helper thread, kept warm across a session's runs: starting a thread (a
// Worker, its WebAssembly instance, V8 tiering its code up) costs a short run a noticeable share of its
// time, so every network that gains from two threads trains on the same instance; small ones get their own.
import {
  Network, Random, Trainer, createKernels, defaultTrainSettings, gainsFromHelper,
  type Dataset, type KernelHelperStarter, type Kernels, type ModelSpec, type OptimizerName,
} from '../engine';
import { createYield } from './port';

/**
 * The warm-up's network: a first layer of 520 inputs (a forward split over k, a packed weight gradient, both
 * threads) and two smaller ones, as a typical big run has; batch 64.
 */
const WARM_UP_SPEC: ModelSpec = {
  inputSize: 520,
  hidden: [{ units: 128, activation: 'relu', dropout: 0 }, { units: 64, activation: 'relu', dropout: 0 }],
  output: { units: 10, activation: 'softmax' }, init: 'he',
};
/** Its steps, half with SGD, half with Adam (the studio's default): ~60 ms of both cores on a 2-core EPYC. */
export const WARM_UP_STEPS = 120;
const WARM_UP_OPTIMIZERS: OptimizerName[] = ['sgd', 'adam'];
/** Warm-up steps per turn of the event loop (~4 ms on 2 cores), and how often it looks whether the helper thread has booted. */
const WARM_UP_SLICE_STEPS = 8, HELPER_POLL_MS = 25;

/** 256 rows of uniform noise in 10 classes: what the warm-up trains on (the values do not matter, the code paths do). */
function warmUpData(): Dataset {
  const rows = 256, inputSize = WARM_UP_SPEC.inputSize, random = new Random(1);
  const features = new Float32Array(rows * inputSize).map(() => random.uniform());
  return { features, targets: new Float32Array(rows).map((_, i) => i % 10), rows, inputSize, targetSize: 1 };
}

export class WarmKernels {
  private kernels: Kernels | null = null;
  private warmUp: { data: Dataset; trainer: Trainer | null; done: number } | null = null;
  private warmUpStarted = false;
  /** the session ended, or a real network trains on the instance (it warms the code itself) */
  private warmUpOver = false;

  constructor(private readonly startHelper: KernelHelperStarter | null) {}

  /**
   * Starts the helper thread now, before any network needs it, so it boots while the caller does other
   * work (the CLI: while it reads the CSV). Under tsx a helper takes 200–400 ms to load the engine: a
   * 4-epoch MNIST run is over in about half a second.
   */
  prestart(): void {
    if (this.startHelper) this.kernels ??= createKernels('auto', { helper: true, startHelper: this.startHelper });
  }

  /**
   * Runs up to `steps` more steps of a synthetic training on the warm two-thread instance, once its helper
   * serves it, so that V8 has optimized the training step's code on both threads before the first real run:
   * a fresh studio page's first MNIST run was 35–54k samples/s against 53–59k for its next ones, on 2 cores
   * (bench/README.md). Returns 'waiting' while the helper boots, 'more' while steps remain, 'done' after the
   * last (or at once where the host starts no helper, after dispose, or once a big network trains here).
   */
  warmUpSlice(steps: number): 'waiting' | 'more' | 'done' {
    if (!this.startHelper || this.warmUpOver) return 'done';
    this.prestart();
    const kernels = this.kernels as Kernels & { waitForHelper?(timeoutMs: number): boolean };
    if (kernels.threads < 2) return 'done';
    if (!this.warmUp && !kernels.waitForHelper?.(0)) return 'waiting';
    const warmUp = this.warmUp ??= { data: warmUpData(), trainer: null, done: 0 };
    const stepsPerOptimizer = WARM_UP_STEPS / WARM_UP_OPTIMIZERS.length;
    for (let i = 0; i < steps && warmUp.done < WARM_UP_STEPS; i++, warmUp.done++) {
      if (warmUp.done % stepsPerOptimizer === 0) warmUp.trainer = this.warmUpTrainer(WARM_UP_OPTIMIZERS[warmUp.done / stepsPerOptimizer], warmUp.data);
      warmUp.trainer!.step();
    }
    if (warmUp.done < WARM_UP_STEPS) return 'more';
    this.endWarmUp();
    return 'done';
  }

  /** No more warm-up; its network's buffers go back to the instance's free blocks once collected. */
  private endWarmUp(): void {
    this.warmUpOver = true;
    this.warmUp = null;
  }

  /**
   * Runs the warm-up a slice per turn of the event loop (so a request waits at most one slice) until it is done,
   * the session ends, or a big network is built on the instance; once per instance (later calls return).
   */
  warmUpWhileIdle(): void {
    if (this.warmUpStarted) return;
    this.warmUpStarted = true;
    const yieldThen = createYield();
    const turn = (): void => {
      const state = this.warmUpSlice(WARM_UP_SLICE_STEPS);
      if (state === 'more') yieldThen(turn);
      else if (state === 'waiting') (setTimeout(turn, HELPER_POLL_MS) as { unref?(): void }).unref?.(); // never keeps a process alive
    };
    yieldThen(turn);
  }

  private warmUpTrainer(optimizer: OptimizerName, data: Dataset): Trainer {
    const net = new Network(WARM_UP_SPEC, { kernels: this.kernels! });
    return new Trainer(net, {
      ...defaultTrainSettings, epochs: 1_000, batchSize: 64, learningRate: 0.01, seed: 1,
      optimizer: { ...defaultTrainSettings.optimizer, name: optimizer },
    }, data);
  }

  /** A new network for `spec`: on the warm two-thread instance when it gains from a helper and the host starts them. */
  network(spec: ModelSpec): Network {
    if (!this.startHelper || !gainsFromHelper(spec)) return new Network(spec, { startHelper: this.startHelper });
    this.prestart();
    this.endWarmUp();
    return new Network(spec, { kernels: this.kernels! });
  }

  /** Whether `kernels` is the warm instance (a replaced network must not end its thread). */
  owns(kernels: Kernels): boolean {
    return kernels === this.kernels;
  }

  /** Ends the warm helper thread (the session is over). */
  dispose(): void {
    this.endWarmUp();
    this.kernels?.dispose();
    this.kernels = null;
  }
}
