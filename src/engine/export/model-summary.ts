import type { Preprocessing } from '../data/types';
import type { ModelFile } from '../model-file';

/** "4 -> 8 tanh -> 3 softmax": the architecture in one line, for file headers. */
export function architectureLine(file: ModelFile): string {
  return [String(file.spec.inputSize), ...file.spec.hidden.map((h) => `${h.units} ${h.activation}${h.dropout > 0 ? ` (dropout ${h.dropout})` : ''}`),
    `${file.spec.output.units} ${file.spec.output.activation}`].join(' -> ');
}

/** The file's preprocessing, or null when it has none (inputs are then the network's input vector). */
export function preprocessingOf(file: ModelFile): Preprocessing | null {
  return (file.preprocessing ?? null) as Preprocessing | null;
}

/** Weights [fanIn][fanOut] as one row-major list, and the bias, per layer. */
export function flatLayers(file: ModelFile): { fanIn: number; fanOut: number; weights: number[]; bias: number[] }[] {
  return file.layers.map((layer) => ({ fanIn: layer.weights.length, fanOut: layer.bias.length, weights: layer.weights.flat(), bias: layer.bias }));
}

/** A JSON number list written exactly (−0 kept), for embedding in generated code. */
export function numberList(values: number[]): string {
  return `[${values.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',')}]`;
}
