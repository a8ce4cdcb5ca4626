/**
 * ONNX messages as plain data, and their protobuf encoding (field numbers from onnx.proto3:
 * ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto).
 */
import { ProtoWriter, float32LittleEndian, float64LittleEndian } from './protobuf-writer';

/** TensorProto.DataType values used here. */
export const ONNX_TYPES = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type OnnxElementType = keyof typeof ONNX_TYPES;

/** A constant tensor (an initializer or a Constant's value). */
export type OnnxTensor =
  | { name: string; type: 'float'; dims: number[]; values: ArrayLike<number> }
  | { name: string; type: 'double'; dims: number[]; values: ArrayLike<number> }
  | { name: string; type: 'int64'; dims: number[]; values: ArrayLike<number> }
  | { name: string; type: 'string'; dims: number[]; values: string[] };

export type OnnxAttribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'tensor'; value: OnnxTensor };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name: string;
  domain?: string;
  attributes?: Record<string, OnnxAttribute>;
}

/** A graph input or output: name, element type, shape (a string is a symbolic dimension such as "rows"). */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  shape: (number | string)[];
  doc?: string;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  doc: string;
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  doc: string;
  metadata: Record<string, string>;
  graph: OnnxGraph;
}

/** ModelProto bytes of a model. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const out = new ProtoWriter()
    .int(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion)
    .string(6, model.doc)
    .message(7, encodeGraph(model.graph));
  for (const opset of model.opsets) out.message(8, new ProtoWriter().string(1, opset.domain).int(2, opset.version));
  for (const [key, value] of Object.entries(model.metadata)) out.message(14, new ProtoWriter().string(1, key).string(2, value));
  return out.finish();
}

function encodeGraph(graph: OnnxGraph): ProtoWriter {
  const out = new ProtoWriter();
  for (const node of graph.nodes) out.message(1, encodeNode(node));
  out.string(2, graph.name);
  for (const tensor of graph.initializers) out.message(5, encodeTensor(tensor));
  out.string(10, graph.doc);
  for (const input of graph.inputs) out.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) out.message(12, encodeValueInfo(output));
  return out;
}

function encodeNode(node: OnnxNode): ProtoWriter {
  const out = new ProtoWriter();
  for (const input of node.inputs) out.string(1, input);
  for (const output of node.outputs) out.string(2, output);
  out.string(3, node.name).string(4, node.op);
  for (const [name, attribute] of Object.entries(node.attributes ?? {})) out.message(5, encodeAttribute(name, attribute));
  if (node.domain) out.string(7, node.domain);
  return out;
}

/** AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, INTS 7, STRINGS 8. */
function encodeAttribute(name: string, attribute: OnnxAttribute): ProtoWriter {
  const out = new ProtoWriter().string(1, name);
  switch (attribute.kind) {
    case 'float': return out.float(2, attribute.value).int(20, 1);
    case 'int': return out.int(3, attribute.value).int(20, 2);
    case 'string': return out.string(4, attribute.value).int(20, 3);
    case 'tensor': return out.message(5, encodeTensor(attribute.value)).int(20, 4);
    case 'ints': return out.packedInts(8, attribute.value).int(20, 7);
    case 'strings': attribute.value.forEach((s) => out.string(9, s)); return out.int(20, 8);
  }
}

/** TensorProto: dims 1, data_type 2, int64_data 7, string_data 6, name 8, raw_data 9 (floats and doubles, little-endian). */
export function encodeTensor(tensor: OnnxTensor): ProtoWriter {
  const out = new ProtoWriter().packedInts(1, tensor.dims).int(2, ONNX_TYPES[tensor.type]);
  if (tensor.type === 'int64') out.packedInts(7, tensor.values);
  if (tensor.type === 'string') tensor.values.forEach((s) => out.string(6, s));
  out.string(8, tensor.name);
  if (tensor.type === 'float') out.bytes(9, float32LittleEndian(tensor.values));
  if (tensor.type === 'double') out.bytes(9, float64LittleEndian(tensor.values));
  return out;
}

/** ValueInfoProto { name 1, type 2 { tensor_type 1 { elem_type 1, shape 2 { dim 1 { dim_value 1 | dim_param 2 } } } }, doc 3 }. */
function encodeValueInfo(info: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of info.shape) {
    shape.message(1, typeof dim === 'number' ? new ProtoWriter().int(1, dim) : new ProtoWriter().string(2, dim));
  }
  const tensorType = new ProtoWriter().int(1, ONNX_TYPES[info.type]).message(2, shape);
  const out = new ProtoWriter().string(1, info.name).message(2, new ProtoWriter().message(1, tensorType));
  if (info.doc) out.string(3, info.doc);
  return out;
}
