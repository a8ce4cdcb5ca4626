import { readFileSync } from 'node:fs';
import {
  HIDDEN_ACTIVATIONS, Network, Random, Trainer, datePart, defaultTrainSettings, isMissing, parseDate, predict, prepareData, readTable, toModelFile, transformRows,
  typedArrayKernels, type DataChoices, type HiddenLayerSpec, type ModelFile, type Preprocessing, type TrainSettings,
} from '../../src/engine';
import { categoryOf } from '../../src/engine/data/cells';
import { cellNumber } from '../../src/engine/data/column-store';
import { samplesDir } from '../helpers/load-numeric-csv';

/** A CSV (no quoted fields) as header + records of raw cells. */
export function csvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = lines[0].split(',');
  return { header, records: lines.slice(1).map((line) => { const cells = line.split(','); return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])); }) };
}

/** A mixed table: numbers with NA and blanks, categories with "?"/"null" and rare values, dates with blanks; target churn yes/no. */
export function customersCsv(rows = 400, seed = 5): string {
  const rng = new Random(seed);
  const pick = <T>(values: T[]): T => values[rng.int(values.length)];
  const cities = ['Paris', 'Lyon', 'Lyon', 'Paris', 'Nice', 'Lille', 'Brest', 'Metz', 'Paris'];
  const lines = ['age,income,city,plan,grade,signup,churn'];
  for (let i = 0; i < rows; i++) {
    const age = 18 + rng.int(60), income = Math.round((20 + rng.uniform() * 80) * 100) / 100;
    const city = rng.uniform() < 0.08 ? pick(['?', '', 'NA']) : rng.uniform() < 0.03 ? `Town${rng.int(50)}` : pick(cities);
    const plan = rng.uniform() < 0.05 ? 'null' : pick(['basic', 'pro', 'team']);
    const grade = pick(['1', '2.0', '02', ' 3 ', 'A', 'B', 'C', 'B']); // numbers the studio spells canonically: "2.0" and "02" are "2"
    const year = 2020 + rng.int(5), month = 1 + rng.int(12), day = 1 + rng.int(28);
    const signup = rng.uniform() < 0.05 ? '' : `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const score = (plan === 'basic' ? 1 : 0) + (income < 45 ? 1 : 0) + (age < 30 ? 0.5 : 0) + (city === 'Nice' ? 0.7 : 0) + (year >= 2023 ? 0.5 : 0) + rng.normal() * 0.5;
    lines.push([rng.uniform() < 0.1 ? 'NA' : String(age), rng.uniform() < 0.05 ? '' : String(income), city, plan, grade, signup, score > 1.5 ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n') + '\n';
}

export interface TrainedCase {
  name: string;
  net: Network;
  file: ModelFile;
  preprocessing: Preprocessing;
  records: Record<string, string>[];
}

const settings = (epochs: number): TrainSettings => ({ ...defaultTrainSettings, epochs, learningRate: 0.01, seed: 3 });

/** Reads a CSV with the data module, trains a small MLP on its training split, and keeps every row's raw cells. */
export function trainOnCsv(name: string, text: string, choices: Partial<DataChoices>, hidden: HiddenLayerSpec[], epochs: number, records = csvRecords(text).records): TrainedCase {
  const table = readTable(text, { keepRows: true });
  if (!table.ok) throw new Error(table.error.message);
  const prepared = prepareData(table.value, choices);
  if (!prepared.ok) throw new Error(prepared.error.message);
  const { train, validation, preprocessing, classes } = prepared.value;
  const output = classes ? { units: classes.length, activation: 'softmax' as const } : { units: 1, activation: 'linear' as const };
  const net = new Network({ inputSize: train.inputSize, hidden, output, init: 'auto' }, { kernels: typedArrayKernels });
  new Trainer(net, settings(epochs), train, validation).run();
  const file = toModelFile(net, { preprocessing, training: settings(epochs), metrics: { split: 'none' } });
  return { name, net, file, preprocessing, records };
}

export const sampleText = (file: string): string => readFileSync(samplesDir + file, 'utf8');

export function irisCase(): TrainedCase {
  return trainOnCsv('iris', sampleText('iris.csv'), { target: 'species' }, [{ units: 8, activation: 'tanh', dropout: 0 }, { units: 6, activation: 'leaky_relu', dropout: 0.1 }], 30);
}

/** Iris through one hidden layer per registry activation, in table order: every export test then covers a new activation. */
export function everyActivationCase(): TrainedCase {
  return trainOnCsv('every-activation', sampleText('iris.csv'), { target: 'species' },
    HIDDEN_ACTIVATIONS.map((activation) => ({ units: 6, activation, dropout: 0 })), 30);
}

export function digitsCase(): TrainedCase {
  return trainOnCsv('digits', sampleText('digits-8x8.csv'), { target: 'digit', scaling: 'l2row' }, [{ units: 32, activation: 'relu', dropout: 0 }], 8);
}

/** Extra rows that reach every branch: unseen and missing categories, padded and odd-cased missing markers, missing dates. */
export const customerEdgeRows: Record<string, string>[] = [
  { age: '41', income: '55.5', city: 'Atlantis', plan: 'pro', grade: '2.00', signup: '2024-02-29', churn: 'no' },
  { age: 'n/a', income: 'NULL', city: 'nA', plan: 'N/A', grade: '?', signup: 'NaN', churn: 'no' },
  { age: '      NA      ', income: ' null ', city: '  ?  ', plan: '\tNA', grade: '   ', signup: '   nan   ', churn: 'no' },
  { age: '23', income: '30', city: 'Nice', plan: 'basic', grade: '1e0', signup: '', churn: 'yes' },
  { age: '70', income: '99.99', city: '', plan: 'team', grade: 'Z', signup: '2020-01-01T10:30', churn: 'no' },
];

export function customersCase(): TrainedCase {
  const trained = trainOnCsv('customers', customersCsv(), { target: 'churn', oneHotCap: 3 },
    [{ units: 12, activation: 'sigmoid', dropout: 0 }, { units: 8, activation: 'relu', dropout: 0.2 }], 25);
  return { ...trained, records: [...trained.records, ...customerEdgeRows] };
}

/** The engine's outputs for raw records: the data module's transformRows, then predict. */
export function engineOutputs(trained: TrainedCase, net = trained.net): Float32Array {
  const features = transformRows(trained.preprocessing, trained.records);
  if (!features.ok) throw new Error(features.error.message);
  return predict(net, features.value, trained.records.length);
}

/** ONNX inputs as the exported graph documents them: numbers (NaN missing), date parts, category cells as the studio spells them. */
export function onnxInputs(pre: Preprocessing, records: Record<string, string>[]): { numeric: Float32Array; dateParts: Float32Array; categorical: string[] } {
  const numeric: number[] = [], dateParts: number[] = [], categorical: string[] = [];
  for (const record of records) {
    for (const column of pre.columns.filter((c) => c.kind === 'numeric')) {
      const cell = record[column.name] ?? '';
      numeric.push(isMissing(cell) ? NaN : cellNumber(cell, { decimalComma: pre.format.decimalComma, reading: column.numbers }));
    }
    for (const column of pre.columns) {
      if (column.kind !== 'date') continue;
      const cell = record[column.name] ?? '';
      const ms = isMissing(cell) ? NaN : parseDate(cell);
      column.parts.forEach((part) => dateParts.push(ms === ms ? datePart(ms, part) : NaN));
    }
    for (const column of pre.columns.filter((c) => c.kind === 'categorical')) {
      const cell = record[column.name] ?? '';
      categorical.push(isMissing(cell) ? cell.trim() : categoryOf(cell, pre.format.decimalComma));
    }
  }
  return { numeric: Float32Array.from(numeric), dateParts: Float32Array.from(dateParts), categorical };
}

/** A regression table: y = 3·a − 2·b + (colour effect) + noise, with a few missing cells. */
export function housesCsv(rows = 300, seed = 11): string {
  const rng = new Random(seed);
  const lines = ['a,b,colour,price'];
  const effect: Record<string, number> = { red: 1, green: -1, blue: 0.5 };
  for (let i = 0; i < rows; i++) {
    const a = rng.uniform() * 10, b = rng.uniform() * 5, colour = ['red', 'green', 'blue'][rng.int(3)];
    const price = 100 + 3 * a - 2 * b + effect[colour] + rng.normal() * 0.3;
    lines.push([rng.uniform() < 0.05 ? 'NA' : a.toFixed(3), b.toFixed(3), rng.uniform() < 0.05 ? '' : colour, price.toFixed(3)].join(','));
  }
  return lines.join('\n') + '\n';
}

export function housesCase(): TrainedCase {
  return trainOnCsv('houses', housesCsv(), { target: 'price', task: 'regression' }, [{ units: 16, activation: 'tanh', dropout: 0 }], 30);
}

/** Engine predictions in the target's units (z·std + mean), one per record. */
export function enginePredictions(trained: TrainedCase): Float64Array {
  const { mean = 0, std = 1 } = trained.preprocessing.target;
  return Float64Array.from(engineOutputs(trained), (z) => z * std + mean);
}

/**
 * Amounts written with thousands commas ("1,234.5", quoted) and scores holding "inf" and "1e39": the model
 * records the column's convention, and infinities read as missing values (imputed) everywhere.
 */
export function amountsCase(): TrainedCase {
  const rng = new Random(11);
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < 300; i++) {
    const amount = rng.uniform() < 0.5 ? rng.uniform() * 999 : 1000 + rng.uniform() * 5e6;
    const score = rng.uniform() < 0.04 ? ['inf', '-Infinity', '1e39'][rng.int(3)] : (rng.uniform() * 10).toFixed(2);
    const spelled = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    rows.push({ amount: spelled, score, y: amount > 2e6 || Number(score) > 7 ? 'high' : 'low' });
  }
  const text = ['amount,score,y', ...rows.map((r) => `"${r.amount}",${r.score},${r.y}`)].join('\n') + '\n';
  const edges = [
    { amount: '12,345,678.9', score: 'INF', y: 'high' }, { amount: ' 999 ', score: '-1e39', y: 'low' },
    { amount: 'Infinity', score: '3', y: 'low' }, { amount: '1,234', score: '+inf', y: 'low' }, { amount: '-2,500.75', score: '', y: 'low' },
  ];
  return trainOnCsv('amounts', text, { target: 'y' }, [{ units: 6, activation: 'tanh', dropout: 0 }], 15, [...rows, ...edges]);
}
