import type { Network } from './network';
import { Workspace, copyWorkspace } from './passes';
import type { Floats } from './kernels/types';

/**
 * One recorded step's buffers, for the backprop inspector: the workspace as backward left it, the
 * parameters the step used (before its update) and the data-loss gradient Σ_s (before L1/L2 and clipping).
 */
export interface StepRecord {
  step: number;
  rows: number;
  ws: Workspace;
  params: Floats;
  dataGradient: Floats;
}

/**
 * Copies a step's workspace, parameters and data gradient into `record` (made on first use, then reused):
 * O(parameters + batch·units), taken only for a recorded step (the trainer's recordSteps).
 */
export function recordStep(record: StepRecord | null, net: Network, ws: Workspace, step: number, m: number): StepRecord {
  const kept = record ?? {
    step: 0, rows: 0, ws: new Workspace(net, ws.capacity),
    params: net.allocate(net.params.length), dataGradient: net.allocate(net.params.length),
  };
  copyWorkspace(ws, kept.ws);
  kept.params.set(net.params);
  kept.dataGradient.set(net.grads);
  kept.step = step;
  kept.rows = m;
  return kept;
}
