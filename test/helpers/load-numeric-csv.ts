import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../../src/engine/dataset';

export const samplesDir = fileURLToPath(new URL('../../resources/samples/', import.meta.url));

/** A small all-numeric CSV (optionally .gz) as a classification Dataset; labels become 0..k−1 in sorted order. */
export function loadNumericCsv(file: string, labelColumn: string): { data: Dataset; classes: string[] } {
  const bytes = readFileSync(file.startsWith('/') ? file : samplesDir + file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = lines[0].split(',');
  const labelIndex = header.indexOf(labelColumn);
  if (labelIndex < 0) throw new Error(`${file}: no column "${labelColumn}"`);
  const rows = lines.length - 1, inputSize = header.length - 1;
  const rawLabels = lines.slice(1).map((line) => line.split(',')[labelIndex]);
  const classes = [...new Set(rawLabels)].sort((a, b) => (isNaN(+a) || isNaN(+b) ? a.localeCompare(b) : +a - +b));
  const features = new Float32Array(rows * inputSize);
  const targets = new Float32Array(rows);
  lines.slice(1).forEach((line, r) => {
    const cells = line.split(',');
    let j = 0;
    cells.forEach((cell, c) => { if (c !== labelIndex) features[r * inputSize + j++] = Number(cell); });
    targets[r] = classes.indexOf(rawLabels[r]);
  });
  return { data: { features, targets, rows, inputSize, targetSize: 1 }, classes };
}

/** Scales each row to unit L2 norm, in place (the origin's preprocessing). */
export function scaleRowsToUnitNorm(data: Dataset): Dataset {
  for (let r = 0; r < data.rows; r++) {
    const row = data.features.subarray(r * data.inputSize, (r + 1) * data.inputSize);
    let sum = 0;
    for (const v of row) sum += v * v;
    const norm = Math.sqrt(sum) || 1;
    for (let j = 0; j < row.length; j++) row[j] /= norm;
  }
  return data;
}

/** Divides every feature by a constant, in place (pixels 0..255 → 0..1). */
export function scaleFeatures(data: Dataset, divisor: number): Dataset {
  for (let i = 0; i < data.features.length; i++) data.features[i] /= divisor;
  return data;
}

/** First `trainRows` rows and the rest, in file order. */
export function splitHead(data: Dataset, trainRows: number): { train: Dataset; test: Dataset } {
  const take = (from: number, to: number): Dataset => ({
    features: data.features.slice(from * data.inputSize, to * data.inputSize),
    targets: data.targets.slice(from * data.targetSize, to * data.targetSize),
    rows: to - from, inputSize: data.inputSize, targetSize: data.targetSize,
  });
  return { train: take(0, trainRows), test: take(trainRows, data.rows) };
}
