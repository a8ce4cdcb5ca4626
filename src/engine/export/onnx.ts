import { quotedName } from './escape';
import type { Preprocessing } from '../data/types';
import type { ModelFile } from '../model-file';
import { GraphBuilder, int } from './onnx-builder';
import { addNetwork } from './onnx-network';
import { addPreprocessing } from './onnx-preprocessing';
import { encodeModel, type OnnxValueInfo } from './onnx-proto';

/** ai.onnx opset 17 (Softmax over one axis since 13, ReduceSum axes as an input), ai.onnx.ml 3 (LabelEncoder 2); IR 8. */
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;
export const ONNX_IR_VERSION = 8;

/** The model as ONNX ModelProto bytes: preprocessing (when the file has it), the MLP, softmax and labels. */
export function exportOnnx(file: ModelFile, producerVersion = '0.1.0'): Uint8Array {
  const graph = new GraphBuilder();
  const pre = (file.preprocessing ?? null) as Preprocessing | null;
  const { inputs, features, doc } = pre ? addPreprocessing(graph, pre) : rawFeatures(graph, file);
  const networkOutput = addNetwork(graph, file, features);
  const output = file.spec.output.activation === 'softmax'
    ? classifierOutputs(graph, file, pre, networkOutput)
    : regressionOutputs(graph, file, pre, networkOutput);
  const docString = [
    `Backprop Studio MLP ${[file.spec.inputSize, ...file.spec.hidden.map((h) => `${h.units} ${h.activation}`), `${file.spec.output.units} ${file.spec.output.activation}`].join(' -> ')}.`,
    'Inputs:', ...doc.map((line) => `- ${line}`),
    'Outputs:', ...output.map((o) => `- "${o.name}" ${o.type} [${o.shape.join(', ')}]: ${o.doc}`),
  ].join('\n');
  return encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsets: [{ domain: '', version: ONNX_OPSET }, { domain: 'ai.onnx.ml', version: ONNX_ML_OPSET }],
    producerName: 'Backprop Studio',
    producerVersion,
    doc: docString,
    metadata: { task: file.spec.output.activation === 'softmax' ? 'classification' : 'regression', ...(pre ? { target: pre.target.name } : {}) },
    graph: { name: 'backprop_studio_mlp', nodes: graph.nodes, initializers: graph.initializers, inputs, outputs: output, doc: docString },
  });
}

/** Without saved preprocessing, the graph takes the network's input vector as is. */
function rawFeatures(graph: GraphBuilder, file: ModelFile): { inputs: OnnxValueInfo[]; features: string; doc: string[] } {
  const name = graph.reserve('features');
  const line = `input "features" float32 [rows, ${file.spec.inputSize}]: the network's input vector, already preprocessed as during training (the model file holds no preprocessing)`;
  return { inputs: [{ name, type: 'float', shape: ['rows', file.spec.inputSize], doc: line }], features: name, doc: [line] };
}

/** probabilities = Softmax(logits) per row; label = the class name (or index) of the largest. */
function classifierOutputs(graph: GraphBuilder, file: ModelFile, pre: Preprocessing | null, logits: string): OnnxValueInfo[] {
  const classes = file.spec.output.units;
  const probabilities = graph.op('Softmax', [logits], { attributes: { axis: int(1) }, output: graph.reserve('probabilities') });
  const best = graph.op('ArgMax', [probabilities], { attributes: { axis: int(1), keepdims: int(0) } });
  const names = pre?.target.classes;
  const outputs: OnnxValueInfo[] = [{ name: probabilities, type: 'float', shape: ['rows', classes], doc: `class probabilities, classes in the order ${names ? names.map((c) => quotedName(c)).join(', ') : '0..' + (classes - 1)}` }];
  if (names && names.length === classes) {
    graph.op('Gather', [graph.strings('class_names', [classes], names), best], { attributes: { axis: int(0) }, output: graph.reserve('label') });
    outputs.push({ name: 'label', type: 'string', shape: ['rows'], doc: 'the most probable class name' });
  } else {
    graph.op('Identity', [best], { output: graph.reserve('label') });
    outputs.push({ name: 'label', type: 'int64', shape: ['rows'], doc: 'the index of the most probable class' });
  }
  return outputs;
}

/** prediction = output · std + mean when the target was standardized, else the output as is. */
function regressionOutputs(graph: GraphBuilder, file: ModelFile, pre: Preprocessing | null, values: string): OnnxValueInfo[] {
  const outputs = file.spec.output.units;
  const { mean, std } = pre?.target ?? {};
  const name = graph.reserve('prediction');
  if (mean !== undefined && std !== undefined) {
    const scaled = graph.op('Mul', [values, graph.floats('target_std', [], [std])]);
    graph.op('Add', [scaled, graph.floats('target_mean', [], [mean])], { output: name });
  } else {
    graph.op('Identity', [values], { output: name });
  }
  const decoded = mean !== undefined && std !== undefined ? ` (network output × ${std} + ${mean})` : '';
  return [{ name, type: 'float', shape: ['rows', outputs], doc: `predicted ${pre ? quotedName(pre.target.name) : 'value'}${decoded}` }];
}
