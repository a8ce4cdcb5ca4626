import { layerSizes, type ModelSpec } from './network';

/** A matrix shape [rows, cols] or a vector's [length]. */
export type Shape = [number, number] | [number];

/** Every forward and backward shape of one dense layer l for a batch of m rows, and the lines that show them. */
export interface LayerShapes {
  /** 0-based dense layer index (hidden layers, then the output layer) */
  layer: number;
  name: string;
  activation: string;
  batch: number;
  fanIn: number;
  fanOut: number;
  a: Shape; w: Shape; b: Shape; z: Shape; dZ: Shape;
  aT: Shape; dW: Shape; wT: Shape;
  /** null for the first layer: nothing below it needs a gradient */
  dAPrev: Shape | null;
  lines: { forward: string; dZ: string; dW: string; dAPrev: string | null };
}

/** Why each backward product has its transpose (one sentence each, shown beside the lines). */
export const TRANSPOSE_REASONS = {
  dW: 'Aᵀ puts the batch on the inner dimension, so the product sums every sample\'s A[s,i]·dZ[s,j] and comes out the shape of W.',
  dAPrev: 'Wᵀ sends each unit\'s error back along the weights that carried its input forward, so the result has the shape of A.',
} as const;

/** "(32×4)" for a matrix, "(128)" for a vector. */
export const formatShape = (shape: Shape): string => `(${shape.join('×')})`;

/** The loss's derivative with respect to the output layer's Z: (softmax(Z) − Y)/m or 2(Z − Y)/(m·n). */
function outputGradientLine(activation: string): string {
  return activation === 'softmax' ? 'dZ = (softmax(Z) − Y) / m' : 'dZ = 2(Z − Y) / (m·n)';
}

/** The layer's name as the inspector and the CLI show it: "hidden 2" or "output". */
export function layerName(spec: ModelSpec, layer: number): string {
  return layer < spec.hidden.length ? `hidden ${layer + 1}` : 'output';
}

/** For each dense layer: Z = A·W + b (m×in)(in×out), dZ, dW = Aᵀ·dZ (in×m)(m×out), dA_prev = dZ·Wᵀ (m×out)(out×in). */
export function shapeTable(spec: ModelSpec, batch: number): LayerShapes[] {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a whole number ≥ 1, got ${batch}`);
  const sizes = layerSizes(spec);
  return sizes.slice(1).map((fanOut, l) => {
    const fanIn = sizes[l], m = batch;
    const isHidden = l < spec.hidden.length;
    const activation = isHidden ? spec.hidden[l].activation : spec.output.activation;
    const dropout = isHidden && spec.hidden[l].dropout > 0;
    const a: Shape = [m, fanIn], w: Shape = [fanIn, fanOut], b: Shape = [fanOut], z: Shape = [m, fanOut];
    const aT: Shape = [fanIn, m], wT: Shape = [fanOut, fanIn], dW: Shape = [fanIn, fanOut];
    const dAPrev: Shape | null = l === 0 ? null : [m, fanIn];
    const f = formatShape;
    const dZLine = isHidden ? `dZ = dA ⊙ ${activation}′(Z)${dropout ? ' ⊙ mask' : ''}` : outputGradientLine(activation);
    return {
      layer: l, name: layerName(spec, l), activation, batch: m, fanIn, fanOut, a, w, b, z, dZ: z, aT, dW, wT, dAPrev,
      lines: {
        forward: `Z = A·W + b   ${f(a)}${f(w)} + ${f(b)} → ${f(z)}`,
        dZ: `${dZLine}   ${f(z)}`,
        dW: `dW = Aᵀ·dZ   ${f(aT)}${f(z)} → ${f(dW)}`,
        dAPrev: dAPrev ? `dA_prev = dZ·Wᵀ   ${f(z)}${f(wT)} → ${f(dAPrev)}` : null,
      },
    };
  });
}

/** The shape table as terminal text: one block per layer, the transpose reasons once at the end. */
export function shapeTableText(table: LayerShapes[]): string {
  const blocks = table.map((row) => [
    `layer ${row.layer + 1} (${row.name}, ${row.activation}): ${row.fanIn} → ${row.fanOut}, batch ${row.batch}`,
    `  forward   ${row.lines.forward}`,
    `  backward  ${row.lines.dZ}`,
    `            ${row.lines.dW}`,
    ...(row.lines.dAPrev ? [`            ${row.lines.dAPrev}`] : []),
  ].join('\n'));
  return `${blocks.join('\n')}\n\nwhy Aᵀ: ${TRANSPOSE_REASONS.dW}\nwhy Wᵀ: ${TRANSPOSE_REASONS.dAPrev}\n`;
}
