import { describe, expect, test } from 'vitest';
import { Predictor } from '../../src/renderer/studio/state/predictor.svelte';

/** A Predictor whose engine answers each predict with the next of `answers` (an Error rejects). */
function predictorAnswering(answers: (number[] | Error)[]): { predictor: Predictor; reported: unknown[] } {
  const reported: unknown[] = [];
  const request = (async () => {
    const next = answers.shift();
    if (next instanceof Error || next === undefined) throw next ?? new Error('no answer');
    return { type: 'prediction', outputs: [next], labels: [] };
  }) as unknown as ConstructorParameters<typeof Predictor>[0];
  return { predictor: new Predictor(request, (error) => reported.push(error)), reported };
}

describe('the predict form', () => {
  test('a failed prediction clears the previous result and keeps its error beside the form', async () => {
    const { predictor } = predictorAnswering([[0.2, 0.8], new Error('column "island": "Atlantis" is not a known category')]);
    predictor.setColumns(['island'], { island: 'Dream' }, ['A', 'B']);
    await predictor.predictRow();
    expect(predictor.topOutput?.label).toBe('B');
    expect(predictor.rowError).toBeNull();
    await predictor.predictRow();
    expect(predictor.outputs).toBeNull();
    expect(predictor.topOutput).toBeNull();
    expect(predictor.rowError).toBe('Prediction failed: column "island": "Atlantis" is not a known category');
  });

  test('a successful prediction after a failure clears the error (negative control)', async () => {
    const { predictor } = predictorAnswering([new Error('boom'), [0.9, 0.1]]);
    predictor.setColumns(['x'], { x: '1' }, ['A', 'B']);
    await predictor.predictRow();
    expect(predictor.rowError).toMatch(/boom/);
    await predictor.predictRow();
    expect(predictor.rowError).toBeNull();
    expect(predictor.topOutput?.label).toBe('A');
  });

  test('categorical columns offer their known categories; an example outside them starts at the first', () => {
    const { predictor } = predictorAnswering([]);
    predictor.setColumns(['sex', 'island', 'mass'], { sex: 'female', island: 'Dream', mass: '3500' }, null, { sex: ['FEMALE', 'MALE'], island: ['Biscoe', 'Dream'], other: ['x'] });
    expect(predictor.choices).toEqual({ sex: ['FEMALE', 'MALE'], island: ['Biscoe', 'Dream'] });
    expect(predictor.values).toEqual({ sex: 'FEMALE', island: 'Dream', mass: '3500' });
  });
});
