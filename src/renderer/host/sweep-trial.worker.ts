/// <reference lib="webworker" />
// A sweep's trial worker (a nested Web Worker of the engine worker): trains the trials the engine sends it.
import { serveSweepTrials } from '../../engine-host/sweep-workers';

serveSweepTrials(self as unknown as DedicatedWorkerGlobalScope);
