import type { OnnxAttribute, OnnxNode, OnnxTensor } from './onnx-proto';

/** Collects nodes and constant tensors with unique names, so graph-writing code reads as a list of ops. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name starting with `base`. */
  name(base: string): string {
    let candidate = base, n = 1;
    while (this.used.has(candidate)) candidate = `${base}_${n++}`;
    this.used.add(candidate);
    return candidate;
  }

  /** Reserves a name chosen by the caller (graph inputs and outputs). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`ONNX value "${name}" is defined twice`);
    this.used.add(name);
    return name;
  }

  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    return this.constant({ name: base, type: 'float', dims, values });
  }

  doubles(base: string, dims: number[], values: ArrayLike<number>): string {
    return this.constant({ name: base, type: 'double', dims, values });
  }

  int64s(base: string, dims: number[], values: ArrayLike<number>): string {
    return this.constant({ name: base, type: 'int64', dims, values });
  }

  strings(base: string, dims: number[], values: string[]): string {
    return this.constant({ name: base, type: 'string', dims, values });
  }

  /** Adds one node; returns the name of its (first) output. `output` fixes that name (for graph outputs). */
  op(op: string, inputs: string[], options: { attributes?: Record<string, OnnxAttribute>; domain?: string; output?: string } = {}): string {
    const output = options.output ?? this.name(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [output], name: this.name(`node_${op}`), domain: options.domain, attributes: options.attributes });
    return output;
  }

  private constant(tensor: OnnxTensor): string {
    const name = this.name(tensor.name);
    this.initializers.push({ ...tensor, name } as OnnxTensor);
    return name;
  }
}

export const int = (value: number): OnnxAttribute => ({ kind: 'int', value });
export const float = (value: number): OnnxAttribute => ({ kind: 'float', value });
export const ints = (value: number[]): OnnxAttribute => ({ kind: 'ints', value });
export const strings = (value: string[]): OnnxAttribute => ({ kind: 'strings', value });
