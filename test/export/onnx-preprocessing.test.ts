import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../../src/engine/export/onnx';
import { customersCase, digitsCase, engineOutputs, everyActivationCase, irisCase, onnxInputs, type TrainedCase } from './datasets';
import { maxAbsDifference } from './helpers';

/** Runs the exported graph on the case's raw records (in the documented input form). */
async function onnxRun(trained: TrainedCase, bytes = exportOnnx(trained.file)): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(bytes);
  const rows = trained.records.length;
  const { numeric, dateParts, categorical } = onnxInputs(trained.preprocessing, trained.records);
  const feeds: Record<string, ort.Tensor> = {};
  if (session.inputNames.includes('numeric')) feeds.numeric = new ort.Tensor('float32', numeric, [rows, numeric.length / rows]);
  if (session.inputNames.includes('date_parts')) feeds.date_parts = new ort.Tensor('float32', dateParts, [rows, dateParts.length / rows]);
  if (session.inputNames.includes('categorical')) feeds.categorical = new ort.Tensor('string', categorical, [rows, categorical.length / rows]);
  return session.run(feeds);
}

const cases: [string, () => TrainedCase][] = [['iris', irisCase], ['digits (l2row scaling)', digitsCase], ['customers (categorical, dates, missing values)', customersCase], ['iris through every activation', everyActivationCase]];

describe.each(cases)('ONNX export with preprocessing on %s', (name, make) => {
  const trained = make();

  it('gives the engine probabilities from raw rows within 1e-5', async () => {
    const out = await onnxRun(trained);
    const diff = maxAbsDifference(out.probabilities.data as Float32Array, engineOutputs(trained));
    console.log(`${name}: ${trained.records.length} rows, max |ONNX − engine| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
  });

  it('labels every row with the class name of the engine prediction', async () => {
    const out = await onnxRun(trained);
    const probabilities = engineOutputs(trained), classes = trained.preprocessing.target.classes!;
    const expected = trained.records.map((_, r) => {
      const row = Array.from(probabilities.subarray(r * classes.length, (r + 1) * classes.length));
      return classes[row.indexOf(Math.max(...row))];
    });
    expect(Array.from(out.label.data as string[])).toEqual(expected);
  });

  it('differs from the engine when the preprocessing is left out (negative control)', async () => {
    const out = await onnxRun(trained, exportOnnx({ ...trained.file, preprocessing: { ...trained.preprocessing, columns: trained.preprocessing.columns.map((c) => (c.kind === 'numeric' ? { ...c, center: c.center + 0.5 } : c)) } }));
    expect(maxAbsDifference(out.probabilities.data as Float32Array, engineOutputs(trained))).toBeGreaterThan(1e-3);
  });
});

describe('the exported ONNX file', () => {
  it('documents its inputs and outputs in the doc_string', async () => {
    const text = new TextDecoder().decode(exportOnnx(customersCase().file));
    expect(text).toContain('input "numeric" float32 [rows, 2]: the columns "age", "income"');
    expect(text).toContain('input "categorical" string [rows, 3]');
    expect(text).toContain('input "date_parts" float32');
    expect(text).toContain('"probabilities" float [rows, 2]');
  });
});
