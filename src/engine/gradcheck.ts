import type { Network } from './network';
import { Workspace, backward, forward, outputLoss } from './passes';
import { addPenaltyGradient, penaltyValue, type Penalty } from './regularize';

/**
 * Gradient check by centred differences (five-point stencil, error O(h⁴)):
 * ∂L/∂θ ≈ [8(L(θ+h) − L(θ−h)) − (L(θ+2h) − L(θ−2h))] / 12h, compared with the analytic gradient,
 * dropout masks held fixed (already in ws.mask). Use a float64 network. Where a shift would cross a
 * kink (a pre-activation or, with L1, the weight itself changing sign) the step shrinks tenfold.
 * Returns the max relative error |a − n| / max(|a| + |n|, 1e-7).
 */
export function gradientCheck(net: Network, ws: Workspace, m: number, penalty: Penalty, step = 1e-3): {
  maxRelativeError: number; worstIndex: number; checked: number;
} {
  const analytic = analyticGradient(net, ws, m, penalty);
  const numeric = numericGradient(net, ws, m, penalty, step);
  return { ...maxRelativeError(analytic, numeric), checked: analytic.length };
}

/** Backpropagation's gradient of the loss (data loss + penalty) at the current parameters. */
export function analyticGradient(net: Network, ws: Workspace, m: number, penalty: Penalty): Float64Array {
  forward(net, ws, m, 'fixed');
  outputLoss(net, ws, m, true);
  backward(net, ws, m);
  addPenaltyGradient(net, penalty);
  return Float64Array.from(net.grads);
}

/** The gradient by five-point centred differences, one parameter at a time. */
export function numericGradient(net: Network, ws: Workspace, m: number, penalty: Penalty, step = 1e-3): Float64Array {
  const lossAt = (): number => {
    forward(net, ws, m, 'fixed');
    return outputLoss(net, ws, m, false).lossSum / m + penaltyValue(net, penalty);
  };
  return Float64Array.from({ length: net.params.length }, (_, i) => numericDerivative(net, ws, m, i, step, lossAt));
}

/** The five-point derivative at the chosen parameter indices only (a big layer is checked on a sample of its weights). */
export function numericGradientAt(net: Network, ws: Workspace, m: number, penalty: Penalty, indices: readonly number[], step = 1e-3): Float64Array {
  const lossAt = (): number => {
    forward(net, ws, m, 'fixed');
    return outputLoss(net, ws, m, false).lossSum / m + penaltyValue(net, penalty);
  };
  return Float64Array.from(indices, (i) => numericDerivative(net, ws, m, i, step, lossAt));
}

/** max_i |a_i − b_i| / max(|a_i| + |b_i|, 1e-7), and where it occurs. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): { maxRelativeError: number; worstIndex: number } {
  let worst = 0, worstIndex = -1;
  for (let i = 0; i < a.length; i++) {
    const error = Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]) + Math.abs(b[i]), 1e-7);
    if (error > worst) { worst = error; worstIndex = i; }
  }
  return { maxRelativeError: worst, worstIndex };
}

/** The five-point derivative of the loss in parameter i, shrinking the step while a shift crosses a kink. */
function numericDerivative(net: Network, ws: Workspace, m: number, i: number, step: number, lossAt: () => number): number {
  const original = net.params[i];
  forward(net, ws, m, 'fixed');
  const basePattern = signPattern(net, ws, m);
  let h = step;
  for (let attempt = 0; ; attempt++) {
    let crossed = false;
    const shifted = (shift: number): number => {
      net.params[i] = original + shift;
      const loss = lossAt();
      if (signPattern(net, ws, m) !== basePattern) crossed = true;
      return loss;
    };
    const near = shifted(h) - shifted(-h);
    const far = shifted(2 * h) - shifted(-2 * h);
    net.params[i] = original;
    if (!crossed || attempt === 4) return (8 * near - far) / (12 * h);
    h /= 10;
  }
}

/** A fingerprint of which pre-activations and weights are positive (kinks of relu, leaky relu and |w|). */
function signPattern(net: Network, ws: Workspace, m: number): string {
  const bits: string[] = [];
  net.layers.forEach((layer, l) => {
    const z = ws.z[l];
    for (let k = 0; k < m * layer.fanOut; k++) bits.push(z[k] > 0 ? '1' : '0');
    for (let k = 0; k < layer.weights.length; k++) bits.push(layer.weights[k] > 0 ? '1' : '0');
  });
  return bits.join('');
}
