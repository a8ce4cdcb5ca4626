import { activationRegistry } from '../activations';
import type { ModelFile } from '../model-file';
import { GraphBuilder, float, int } from './onnx-builder';

/** Weights [fanIn][fanOut] as one row-major run. */
function flatten(weights: number[][]): Float32Array {
  const fanOut = weights[0]?.length ?? 0;
  const flat = new Float32Array(weights.length * fanOut);
  weights.forEach((row, i) => flat.set(row, i * fanOut));
  return flat;
}

/**
 * The MLP from `features` [rows × inputSize]: Z_l = Gemm(A_{l−1}, W_l, b_l) (W is [fanIn × fanOut],
 * so transB = 0), A_l = f(Z_l); dropout is inference-off, so it adds nothing. Returns the output
 * layer's pre-activations (logits for softmax, values for linear).
 */
export function addNetwork(graph: GraphBuilder, file: ModelFile, features: string): string {
  let input = features;
  file.layers.forEach((layer, l) => {
    const fanIn = layer.weights.length, fanOut = layer.bias.length;
    const weights = graph.floats(`W${l + 1}`, [fanIn, fanOut], flatten(layer.weights));
    const bias = graph.floats(`b${l + 1}`, [fanOut], layer.bias);
    const z = graph.op('Gemm', [input, weights, bias], { attributes: { alpha: float(1), beta: float(1), transA: int(0), transB: int(0) } });
    input = l < file.spec.hidden.length ? activationRegistry[file.spec.hidden[l].activation].onnx(graph, z) : z;
  });
  return input;
}
