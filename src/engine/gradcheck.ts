import type { Network } from './network';
import { Workspace, backward, forward, outputLoss } from './passes';
import { addPenaltyGradient, penaltyValue, type Penalty } from './regularize';

/**
 * Gradient check by centred differences: for each parameter θ, (L(θ+h) − L(θ−h)) / 2h against the
 * analytic gradient, with dropout masks held fixed (already in ws.mask). Use a float64 network.
 * Returns the max relative error |a − n| / max(|a| + |n|, floor).
 */
export function gradientCheck(net: Network, ws: Workspace, m: number, penalty: Penalty, step = 1e-6): {
  maxRelativeError: number; worstIndex: number; checked: number;
} {
  const lossAt = (): number => {
    forward(net, ws, m, 'fixed');
    return outputLoss(net, ws, m, false).lossSum / m + penaltyValue(net, penalty);
  };
  forward(net, ws, m, 'fixed');
  outputLoss(net, ws, m, true);
  backward(net, ws, m);
  addPenaltyGradient(net, penalty);
  const analytic = Float64Array.from(net.grads);
  let maxRelativeError = 0, worstIndex = -1;
  for (let i = 0; i < net.params.length; i++) {
    const original = net.params[i];
    net.params[i] = original + step;
    const plus = lossAt();
    net.params[i] = original - step;
    const minus = lossAt();
    net.params[i] = original;
    const numeric = (plus - minus) / (2 * step);
    const error = Math.abs(analytic[i] - numeric) / Math.max(Math.abs(analytic[i]) + Math.abs(numeric), 1e-7);
    if (error > maxRelativeError) { maxRelativeError = error; worstIndex = i; }
  }
  return { maxRelativeError, worstIndex, checked: net.params.length };
}
