/** `backprop predict MODEL.json FILE [--out preds.csv]`: raw rows in, the model's preprocessing applied, predictions out as CSV. */
import { csvLine, decodeRows, predict as predictOutputs, type Preprocessing } from '../../engine';
import { dataFlags, type CliIO, type Command } from '../command';
import { forEachEncodedBatch, type EncodedBatch } from '../model-rows';
import { readModel } from '../model-io';
import { OutputFile, checkOutputPath } from '../output-file';
import { DivergedError } from '../divergence';

export const predict: Command = {
  name: 'predict',
  summary: 'predict every row of a CSV file with a saved model; writes the rows plus predictions as CSV',
  positional: ['MODEL', 'FILE'],
  flags: {
    out: { type: 'string', help: 'write the CSV here (default: standard output)' },
    ...dataFlags,
  },
  async run({ positional: [modelPath, file], flags }, io) {
    const outPath = flags.out as string | undefined;
    if (outPath !== undefined) await checkOutputPath(outPath, [modelPath, file]);
    const model = await readModel(modelPath, { warn: (line) => io.err(`warning: ${line}\n`) });
    const badRows = (flags['bad-rows'] as 'stop' | 'skip' | undefined) ?? 'stop';
    const output = outPath === undefined ? null : await OutputFile.create(outPath);
    const write = (text: string): void => { if (output) { output.throwIfFailed(); output.write(text); } else io.out(text); };
    let wroteHeader = false;
    let skipped: number, nonFinite = 0, rows = 0;
    try {
      skipped = await forEachEncodedBatch(file, model.preprocessing, { withTargets: false, badRows }, (batch) => {
        if (!wroteHeader) { write(csvLine([...batch.header, ...predictionColumns(model.preprocessing)])); wroteHeader = true; }
        const lines = predictionLines(model.net, model.preprocessing, batch);
        nonFinite += lines.nonFinite;
        rows += batch.rows.length;
        write(lines.text);
      });
    } catch (error) {
      await output?.abort();
      throw error;
    }
    await output?.commit();
    if (skipped) io.err(`warning: ${skipped} rows were skipped\n`);
    if (outPath) reportWritten(io, outPath);
    if (nonFinite > 0) throw new DivergedError(`${nonFinite} of ${rows} rows gave NaN or infinite predictions (the model's numbers overflow on them); their prediction cells are left empty`);
  },
};

/** "prediction", then "p(class)" per class for a classifier. */
function predictionColumns(pre: Preprocessing): string[] {
  return ['prediction', ...(pre.target.classes ?? []).map((label) => `p(${label})`)];
}

/** The batch's CSV lines; a row whose outputs are NaN or ∞ gets empty prediction cells (never the first class) and is counted. */
function predictionLines(net: Parameters<typeof predictOutputs>[0], pre: Preprocessing, batch: EncodedBatch): { text: string; nonFinite: number } {
  const predictions = decodeRows(pre, predictOutputs(net, batch.data.features, batch.data.rows), batch.data.rows);
  let nonFinite = 0;
  const text = batch.rows.map((row, i) => {
    const { label, outputs } = predictions[i];
    const finite = outputs.every(Number.isFinite);
    if (!finite) nonFinite++;
    const cells = pre.target.classes ? [finite ? label ?? '' : '', ...outputs.map((p) => (finite ? String(p) : ''))] : [finite ? String(outputs[0]) : ''];
    return csvLine([...row, ...cells]);
  }).join('');
  return { text, nonFinite };
}

function reportWritten(io: CliIO, path: string): void {
  io.err(`predictions written to ${path}\n`);
}
