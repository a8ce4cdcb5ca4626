import { describe, expect, test } from 'vitest';
import { Predictor, categoryChoices } from '../../src/renderer/studio/state/predictor.svelte';

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

describe('a categorical field is a choice of the model\'s own categories', () => {
  const islands = Array.from({ length: 30 }, (_, i) => `Island ${i + 1}`);

  test('an unseen value is refused beside its field and no prediction is asked', async () => {
    const asked: unknown[] = [];
    const request = (async (body: unknown) => { asked.push(body); return { type: 'prediction', outputs: [[0.3, 0.7]], labels: [] }; }) as unknown as ConstructorParameters<typeof Predictor>[0];
    const predictor = new Predictor(request, () => {});
    predictor.setColumns(['island', 'mass'], { island: 'Island 2', mass: '3500' }, ['A', 'B'], { island: islands });
    await predictor.predictRow();
    expect(predictor.topOutput?.label).toBe('B');
    predictor.setValue('island', 'Atlantis');
    expect(predictor.fieldError('island')).toBe('"Atlantis" is not one of the 30 categories the model knows');
    await predictor.predictRow();
    expect(asked).toHaveLength(1);
    expect(predictor.outputs).toBeNull(); // the earlier answer does not stand for this row
    expect(predictor.rowError).toMatch(/^Not predicted: a field holds a value the model does not know/);
  });

  test('a value differing only in case is refused with the known spelling', () => {
    const { predictor } = predictorAnswering([]);
    predictor.setColumns(['sex'], { sex: 'FEMALE' }, null, { sex: ['FEMALE', 'MALE'] });
    predictor.setValue('sex', 'female');
    expect(predictor.fieldError('sex')).toBe('"female" is not a category the model knows; did you mean "FEMALE"?');
  });

  test('a known value, and any text in a numeric field, are accepted (negative control)', () => {
    const { predictor } = predictorAnswering([]);
    predictor.setColumns(['island', 'mass'], { island: 'Island 2', mass: '3500' }, null, { island: islands });
    predictor.setValue('island', 'Atlantis');
    predictor.setValue('island', 'Island 30');
    predictor.setValue('mass', 'anything');
    expect([predictor.fieldError('island'), predictor.fieldError('mass')]).toEqual([null, null]);
    expect(predictor.choicesFor('mass')).toBeNull();
    expect(predictor.choicesFor('__proto__')).toBeNull();
  });

  test('the lists come from the model (every category it has an input for), not from the data\'s ten most frequent values', () => {
    expect(categoryChoices([{ name: 'island', values: islands }])).toEqual({ island: islands });
    expect(categoryChoices(undefined)).toEqual({});
  });
});
