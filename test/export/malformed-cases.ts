/** Malformed model files: each a mutation of a valid file, with the field path its rejection must name. */
import { modelFileText } from '../../src/engine';
import { validModelFile } from './model-fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The valid file's JSON after `mutate` changed a copy of it. */
function mutated(mutate: (file: Json) => void): string {
  const file = JSON.parse(modelFileText(validModelFile())) as Json;
  mutate(file);
  return JSON.stringify(file);
}

export const valid = (): string => modelFileText(validModelFile());

/** A valid file's text with the first occurrence of `from` replaced (for what JSON.stringify cannot write). */
export function edited(from: string, to: string): string {
  const text = valid();
  if (!text.includes(from)) throw new Error(`fixture text has no ${from}`);
  return text.replace(from, to);
}

/** Random bytes read as Latin-1 text (the "50 MB of junk" cases): a 64 KiB random block, repeated. */
function junk(bytes: number, seed: number, prefix = ''): string {
  let state = seed >>> 0;
  const block = Array.from({ length: 1 << 16 }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return String.fromCharCode(state >>> 24);
  }).join('');
  return (prefix + block.repeat(Math.ceil(bytes / block.length))).slice(0, bytes);
}

const firstWeight = (): string => String(validModelFile().layers[0].weights[1][2]);
const deep = (levels: number): unknown => { let v: unknown = 1; for (let i = 0; i < levels; i++) v = [v]; return v; };

/** [what is wrong, the file text, the path the error must name]. */
export const malformedCases: [string, () => string, string][] = [
  ['the version is 2', () => mutated((f) => { f.version = 2; }), 'version'],
  ['the file is a JSON array', () => '[1,2,3]', ''],
  ['the file is a JSON number', () => '42', ''],
  ['the version is the string "1"', () => mutated((f) => { f.version = '1'; }), 'version'],
  ['the format names another program', () => mutated((f) => { f.format = 'keras/model'; }), 'format'],
  ['the format is missing', () => mutated((f) => { delete f.format; }), 'format'],
  ['the spec is missing', () => mutated((f) => { delete f.spec; }), 'spec'],
  ['the layers are missing', () => mutated((f) => { delete f.layers; }), 'layers'],
  ['the input layer has 0 units', () => mutated((f) => { f.spec.inputSize = 0; }), 'spec.inputSize'],
  ['the input size is 1.5', () => mutated((f) => { f.spec.inputSize = 1.5; }), 'spec.inputSize'],
  ['a hidden layer has 1e9 units', () => mutated((f) => { f.spec.hidden[0].units = 1e9; }), 'spec.hidden.0.units'],
  ['the output layer has 1e9 units', () => mutated((f) => { f.spec.output.units = 1e9; }), 'spec.output.units'],
  ['the network has more parameters than allowed', () => mutated((f) => { f.spec.inputSize = 65536; f.spec.hidden[0].units = 4096; }), 'spec'],
  ['an activation is unknown', () => mutated((f) => { f.spec.hidden[0].activation = 'swish'; }), 'spec.hidden.0.activation'],
  ['dropout is 1', () => mutated((f) => { f.spec.hidden[0].dropout = 1; }), 'spec.hidden.0.dropout'],
  ['the output activation is sigmoid', () => mutated((f) => { f.spec.output.activation = 'sigmoid'; }), 'spec.output.activation'],
  ['there is no hidden layer', () => mutated((f) => { f.spec.hidden = []; }), 'spec.hidden'],
  ['there are nine hidden layers', () => mutated((f) => { f.spec.hidden = Array(9).fill(f.spec.hidden[0]); }), 'spec.hidden'],
  ['the spec has an unknown key', () => mutated((f) => { f.spec.optimizer = 'adam'; }), 'spec.optimizer'],
  ['the root has a __proto__ key', () => edited('{"format"', '{"__proto__":{"polluted":true},"format"'), '__proto__'],
  ['the spec has a __proto__ key', () => edited('"spec":{', '"spec":{"__proto__":{"inputSize":1},'), 'spec.__proto__'],
  ['a layer has a __proto__ key', () => edited('[{"weights"', '[{"__proto__":[],"weights"'), 'layers.0.__proto__'],
  ['the preprocessing has a constructor key', () => mutated((f) => { f.preprocessing.constructor = { prototype: 1 }; }), 'preprocessing.constructor'],
  ['a weight is NaN', () => edited(firstWeight(), 'NaN'), 'layers.0.weights.1.2'],
  ['a weight is Infinity', () => edited(firstWeight(), 'Infinity'), 'layers.0.weights.1.2'],
  ['a weight is -Infinity', () => edited(firstWeight(), '-Infinity'), 'layers.0.weights.1.2'],
  ['a weight is 1e999 (parses to Infinity)', () => edited(firstWeight(), '1e999'), 'layers.0.weights.1.2'],
  ['a weight is beyond float32 (1e39)', () => mutated((f) => { f.layers[1].weights[0][0] = 1e39; }), 'layers.1.weights.0.0'],
  ['a weight is a string', () => mutated((f) => { f.layers[0].weights[0][1] = '0.5'; }), 'layers.0.weights.0.1'],
  ['a weight is null', () => mutated((f) => { f.layers[0].weights[3][4] = null; }), 'layers.0.weights.3.4'],
  ['a bias is NaN', () => edited('"bias":[0,0.1', '"bias":[0,NaN'), 'layers.0.bias.1'],
  ['a bias is a boolean', () => mutated((f) => { f.layers[1].bias[2] = true; }), 'layers.1.bias.2'],
  ['a weight row is too short', () => mutated((f) => { f.layers[0].weights[2].pop(); }), 'layers.0.weights.2'],
  ['a weight matrix has too few rows', () => mutated((f) => { f.layers[0].weights.pop(); }), 'layers.0.weights'],
  ['a bias has the wrong length', () => mutated((f) => { f.layers[1].bias.push(0); }), 'layers.1.bias'],
  ['a layer is missing', () => mutated((f) => { f.layers.pop(); }), 'layers'],
  ['there is an extra layer', () => mutated((f) => { f.layers.push(f.layers[1]); }), 'layers'],
  ['the weights are an object', () => mutated((f) => { f.layers[0].weights = { 0: [1] }; }), 'layers.0.weights'],
  ['the weights are nested one level too deep', () => mutated((f) => { f.layers[0].weights[0][0] = [0.5]; }), 'layers.0.weights.0.0'],
  ['the JSON is truncated inside the weights', () => valid().slice(0, valid().indexOf(firstWeight()) + 3), 'layers.0.weights.1.2'],
  ['the JSON is truncated inside a key', () => valid().slice(0, 40), ''],
  ['the text is empty', () => '', ''],
  ['there is text after the JSON', () => valid() + ' {}', ''],
  ['a string has a bad escape', () => mutated((f) => { f.createdAt = 'x'; }).replace('"createdAt":"x"', '"createdAt":"\\x"'), 'createdAt'],
  ['the file is 50 MB of junk', () => junk(50 * 1024 * 1024, 1), ''],
  ['a model header is followed by 50 MB of junk', () => junk(50 * 1024 * 1024, 2, '{"format":"backprop-studio/model","version":1,"spec":'), 'spec'],
  ['the metrics nest 100 levels deep', () => mutated((f) => { f.metrics.curve = deep(100); }), 'metrics.curve' + '.0'.repeat(62)],
  ['the preprocessing yields too many inputs', () => mutated((f) => { f.preprocessing.columns.push({ ...f.preprocessing.columns[0], name: 'extra' }); }), 'preprocessing.columns'],
  ['a numeric column scales by 0', () => mutated((f) => { f.preprocessing.columns[1].scale = 0; }), 'preprocessing.columns.1.scale'],
  ['a column kind is unknown', () => mutated((f) => { f.preprocessing.columns[0].kind = 'text'; }), 'preprocessing.columns.0.kind'],
  ['the class names do not match the outputs', () => mutated((f) => { f.preprocessing.target.classes.pop(); }), 'preprocessing.target.classes'],
  ['the task contradicts the softmax output', () => mutated((f) => { f.preprocessing.target.task = 'regression'; }), 'preprocessing.target.task'],
  ['the learning rate is negative', () => mutated((f) => { f.training.learningRate = -0.1; }), 'training.learningRate'],
  ['the optimizer is unknown', () => mutated((f) => { f.training.optimizer.name = 'nadam'; }), 'training.optimizer.name'],
  ['the data fingerprint has -1 rows', () => mutated((f) => { f.data.rows = -1; }), 'data.rows'],
  ['the data hash is not hex', () => mutated((f) => { f.data.hash = 'fnv1a64:xyz'; }), 'data.hash'],
  ['a metric is an object', () => mutated((f) => { f.metrics.accuracy = { value: 1 }; }), 'metrics.accuracy'],
  ['createdAt is a number', () => mutated((f) => { f.createdAt = 1700000000; }), 'createdAt'],
];

