import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, irisText, smallNetwork, trainSettings } from './engine-port-harness';

const customersText = readFileSync(new URL('../fixtures/studio/customers.csv', import.meta.url), 'utf8');
const xorText = readFileSync(new URL('../fixtures/studio/xor.csv', import.meta.url), 'utf8');

describe('the teaching views through the engine host', () => {
  let harness: EngineHarness;
  afterEach(() => harness.close());

  async function trained(name: string, text: string, target: string, steps = 3): Promise<string[] | null> {
    harness = new EngineHarness();
    const loaded = await harness.request({ type: 'loadDataset', source: { kind: 'text', name, text }, choices: { target } });
    await harness.request({ type: 'configure', network: smallNetwork, train: trainSettings });
    for (let s = 0; s < steps; s++) await harness.request({ type: 'step' });
    return loaded.info.classes;
  }

  it('names the diagram\'s inputs after the features, one-hot groups as column=value, and the outputs after the classes', async () => {
    const classes = await trained('customers.csv', customersText, 'plan');
    const view = await harness.request({ type: 'weightsView', maxUnits: 64, edgesPerUnit: 4 });
    const inputs = view.layers[0].names;
    expect(inputs).toContain('age');
    expect(inputs.filter((n) => n.startsWith('city='))).toEqual(expect.arrayContaining(['city=Porto', 'city=Graz']));
    expect(classes).toContain('pro');
    expect(view.layers.at(-1)!.names).toEqual(classes);
    expect(view.layers[1].names[0]).toBe('h1.1');
  });

  it('keeps only the strongest edges per unit, and the weights drawn are the network\'s', async () => {
    await trained('iris.csv', irisText, 'species');
    const view = await harness.request({ type: 'weightsView', maxUnits: 8, edgesPerUnit: 2 });
    expect(view.layers.map((l) => l.shown.length)).toEqual([4, 8, 3]); // 16 hidden units, 8 shown
    expect(view.edges[0].weight.length).toBe(8 * 2);
    expect(view.edges[1].weight.length).toBe(3 * 2);
    // every drawn edge holds the model file's W[from, to]
    const model = await harness.request({ type: 'exportModel', format: 'json' });
    const file = JSON.parse(new TextDecoder().decode(model.bytes)) as { layers: { weights: number[][]; bias: number[] }[] };
    view.edges.forEach((edges, l) => edges.weight.forEach((w, e) => {
      const i = view.layers[l].shown[edges.from[e]], j = view.layers[l + 1].shown[edges.to[e]];
      expect(w).toBe(Math.fround(file.layers[l].weights[i][j]));
    }));
    // each kept edge is at least as strong as every shown edge left out into the same unit
    const to0 = Array.from(view.edges[1].weight).filter((_, e) => view.edges[1].to[e] === 0).map(Math.abs);
    const all0 = view.layers[1].shown.map((i) => Math.abs(file.layers[1].weights[i][0]));
    expect(Math.min(...to0)).toBeGreaterThanOrEqual(all0.sort((a, b) => b - a)[1] - 1e-7);
  });

  it('shows a clicked unit\'s incoming weights by name and bias as the exported model holds them, and its activations on a sample', async () => {
    await trained('iris.csv', irisText, 'species');
    const details = await harness.request({ type: 'unitDetails', layer: 1, unit: 5 });
    const model = await harness.request({ type: 'exportModel', format: 'json' });
    const file = JSON.parse(new TextDecoder().decode(model.bytes)) as { layers: { weights: number[][]; bias: number[] }[] };
    expect(details.name).toBe('h1.6');
    expect(details.incoming.map((e) => e.name)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(details.incoming.map((e) => e.weight)).toEqual(file.layers[0].weights.map((row) => Math.fround(row[5])));
    expect(details.bias).toBe(Math.fround(file.layers[0].bias[5]));
    expect(details.incoming.map((e) => e.weight)).not.toEqual(file.layers[0].weights.map((row) => Math.fround(row[4]))); // negative control: the neighbour's column differs
    const activations = details.activations!;
    expect(activations.histogram.reduce((a, b) => a + b, 0)).toBe(activations.rows);
    expect(activations.rows).toBeGreaterThan(50);
    await expect(harness.request({ type: 'unitDetails', layer: 1, unit: 16 })).rejects.toThrow(/16 units/);
  });

  it('answers a decision boundary on the XOR data whose cells match predict() at their centres', async () => {
    await trained('xor.csv', xorText, 'label', 20);
    const boundary = await harness.request({ type: 'boundary', xColumn: 'x', yColumn: 'y', heldRow: 0, cells: 16 });
    expect(boundary.held.cells).toEqual([]);
    expect(boundary.points!.x.length).toBeGreaterThan(100);
    const centre = (axis: typeof boundary.x, i: number): number => axis.min + ((i + 0.5) * (axis.max - axis.min)) / axis.cells;
    const probes = [[2, 3], [13, 2], [3, 12], [12, 13]];
    const rows = probes.map(([ix, iy]) => ({ x: String(centre(boundary.x, ix)), y: String(centre(boundary.y, iy)) }));
    const prediction = await harness.request({ type: 'predict', rows });
    probes.forEach(([ix, iy], p) => expect(boundary.classes![boundary.values[iy * 16 + ix]]).toBe(prediction.labels![p]));
    await expect(harness.request({ type: 'boundary', xColumn: 'x', yColumn: 'label', heldRow: 0, cells: 16 })).rejects.toThrow(/not an input column/);
  });
});
