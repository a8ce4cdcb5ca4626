/** Outputs for one input vector (already preprocessed as during training). */
export function predict(features) {
  return { outputs: Array.from(forward(features)) };
}
