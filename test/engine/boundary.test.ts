import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Network, Random, boundaryGrid, boundaryInputs, cellCentre, cellOf, decodeOutputs, prepareData, predict, readTable, transformRows,
  type DataChoices, type GridAxis, type PreparedData,
} from '../../src/engine';

const xorText = readFileSync(new URL('../fixtures/studio/xor.csv', import.meta.url), 'utf8');
/** x, y, a category and a third number: the boundary is a slice with the others held */
const mixedText = ['x,y,colour,z,label', ...Array.from({ length: 80 }, (_, i) => {
  const x = ((i * 37) % 41) / 10 - 2, y = ((i * 53) % 43) / 10 - 2;
  return `${x},${y},${['red', 'green', 'blue'][i % 3]},${(i % 7) - 3},${x * y > 0 ? 'a' : i % 5 === 0 ? 'c' : 'b'}`;
})].join('\n');

function prepare(text: string, choices: Partial<DataChoices> = {}): PreparedData {
  const table = readTable(text);
  if (!table.ok) throw new Error(table.error.message);
  const prepared = prepareData(table.value, { target: 'label', ...choices });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.value;
}

function randomNet(inputSize: number, outputs: number, seed: number): Network {
  const net = new Network({ inputSize, hidden: [{ units: 12, activation: 'tanh', dropout: 0 }], output: { units: outputs, activation: 'softmax' }, init: 'he' },
    { precision: 'float64' });
  net.initialize(new Random(seed));
  // biases too, so a cell's class depends on where it is
  net.layers.forEach((layer) => layer.bias.forEach((_, j) => { layer.bias[j] = Math.sin(j + seed); }));
  return net;
}

/** predict() through transformRows at each cell centre: the independent path the grid must equal. */
function predictedClasses(net: Network, prepared: PreparedData, held: Record<string, string>, x: GridAxis, y: GridAxis): number[] {
  const rows: Record<string, string>[] = [];
  for (let iy = 0; iy < y.cells; iy++) for (let ix = 0; ix < x.cells; ix++) rows.push({ ...held, [x.column]: String(cellCentre(x, ix)), [y.column]: String(cellCentre(y, iy)) });
  const features = transformRows(prepared.preprocessing, rows);
  if (!features.ok) throw new Error(features.error.message);
  const decoded = decodeOutputs(prepared.preprocessing, predict(net, features.value, rows.length), rows.length);
  if (decoded.task !== 'classification') throw new Error('expected classes');
  return Array.from(decoded.classIndex);
}

describe('decision boundary grid', () => {
  const x: GridAxis = { column: 'x', min: -3, max: 3, cells: 9 };
  const y: GridAxis = { column: 'y', min: -3.5, max: 2.5, cells: 7 };

  it('equals predict() at every cell centre on a two-feature dataset', () => {
    const prepared = prepare(xorText);
    const net = randomNet(2, 2, 3);
    const grid = boundaryGrid(net, prepared.preprocessing, {}, x, y);
    if (!grid.ok) throw new Error(grid.error.message);
    const expected = predictedClasses(net, prepared, {}, x, y);
    expect(Array.from(grid.value.values)).toEqual(expected);
    expect(new Set(expected).size).toBe(2); // both classes appear, so the comparison can fail
  });

  it('equals predict() on a slice with a categorical and a numeric column held at a row, under l2row scaling too', () => {
    for (const scaling of ['standard', 'l2row'] as const) {
      const prepared = prepare(mixedText, { scaling });
      const net = randomNet(prepared.train.inputSize, 3, 5);
      const held = { x: '0', y: '0', colour: 'green', z: '2' };
      const grid = boundaryGrid(net, prepared.preprocessing, held, x, y);
      if (!grid.ok) throw new Error(grid.error.message);
      expect(Array.from(grid.value.values)).toEqual(predictedClasses(net, prepared, held, x, y));
    }
  });

  it('holds the network inputs transformRows gives, number for number', () => {
    const prepared = prepare(mixedText, { scaling: 'l2row' });
    const held = { x: '1', y: '1', colour: 'blue', z: '-1' };
    const inputs = boundaryInputs(prepared.preprocessing, held, x, y);
    if (!inputs.ok) throw new Error(inputs.error.message);
    const width = prepared.train.inputSize;
    const cell = { ix: 4, iy: 5 };
    const expected = transformRows(prepared.preprocessing, [{ ...held, x: String(cellCentre(x, cell.ix)), y: String(cellCentre(y, cell.iy)) }]);
    if (!expected.ok) throw new Error(expected.error.message);
    const at = (cell.iy * x.cells + cell.ix) * width;
    expect(Array.from(inputs.value.subarray(at, at + width))).toEqual(Array.from(expected.value));
  });

  it('negative control: the grid read with x and y swapped does not equal predict()', () => {
    const prepared = prepare(xorText);
    const net = randomNet(2, 2, 3);
    const square = { ...x, cells: 8, min: -3, max: 3 };
    const grid = boundaryGrid(net, prepared.preprocessing, {}, square, { ...square, column: 'y' });
    if (!grid.ok) throw new Error(grid.error.message);
    const expected = predictedClasses(net, prepared, {}, square, { ...square, column: 'y' });
    const transposed = Array.from({ length: 64 }, (_, p) => grid.value.values[(p % 8) * 8 + Math.floor(p / 8)]);
    expect(transposed).not.toEqual(expected);
  });

  it('refuses a categorical axis and the same column twice, naming the column', () => {
    const prepared = prepare(mixedText);
    const categorical = boundaryInputs(prepared.preprocessing, {}, { ...x, column: 'colour' }, y);
    expect(categorical.ok ? null : categorical.error.message).toMatch(/"colour" is categorical/);
    const same = boundaryInputs(prepared.preprocessing, {}, x, { ...y, column: 'x' });
    expect(same.ok).toBe(false);
  });

  it('maps a raw value to the cell whose centre is nearest it, clamped at the edges', () => {
    expect(cellOf(x, cellCentre(x, 3))).toBe(3);
    expect(cellOf(x, -100)).toBe(0);
    expect(cellOf(x, 100)).toBe(8);
  });
});
