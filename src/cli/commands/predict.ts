/** `backprop predict MODEL.json FILE [--out preds.csv]`: raw rows in, the model's preprocessing applied, predictions out as CSV. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { csvLine, decodeRows, predict as predictOutputs, type Preprocessing } from '../../engine';
import { dataFlags, type CliIO, type Command } from '../command';
import { forEachEncodedBatch, type EncodedBatch } from '../model-rows';
import { readModel } from '../model-io';

export const predict: Command = {
  name: 'predict',
  summary: 'predict every row of a CSV file with a saved model; writes the rows plus predictions as CSV',
  positional: ['MODEL', 'FILE'],
  flags: {
    out: { type: 'string', help: 'write the CSV here (default: standard output)' },
    ...dataFlags,
  },
  async run({ positional: [modelPath, file], flags }, io) {
    const model = await readModel(modelPath);
    const badRows = (flags['bad-rows'] as 'stop' | 'skip' | undefined) ?? 'stop';
    const outPath = flags.out as string | undefined;
    const sink = outPath ? fileSink(outPath) : { write: (text: string) => io.out(text), close: async () => {} };
    let wroteHeader = false;
    const skipped = await forEachEncodedBatch(file, model.preprocessing, { withTargets: false, badRows }, (batch) => {
      if (!wroteHeader) { sink.write(csvLine([...batch.header, ...predictionColumns(model.preprocessing)])); wroteHeader = true; }
      sink.write(predictionLines(model.net, model.preprocessing, batch));
    });
    await sink.close();
    if (skipped) io.err(`warning: ${skipped} rows were skipped\n`);
    if (outPath) reportWritten(io, outPath);
  },
};

/** "prediction", then "p(class)" per class for a classifier. */
function predictionColumns(pre: Preprocessing): string[] {
  return ['prediction', ...(pre.target.classes ?? []).map((label) => `p(${label})`)];
}

function predictionLines(net: Parameters<typeof predictOutputs>[0], pre: Preprocessing, batch: EncodedBatch): string {
  const predictions = decodeRows(pre, predictOutputs(net, batch.data.features, batch.data.rows), batch.data.rows);
  return batch.rows.map((row, i) => {
    const { label, outputs } = predictions[i];
    return csvLine([...row, ...(pre.target.classes ? [label ?? '', ...outputs.map(String)] : [String(outputs[0])])]);
  }).join('');
}

/** Writes to a temporary file renamed into place on close. */
function fileSink(path: string): { write(text: string): void; close(): Promise<void> } {
  const temporary = `${path}.${process.pid}.tmp`;
  const stream: WriteStream = createWriteStream(temporary);
  return {
    write: (text) => { stream.write(text); },
    close: () => new Promise<void>((resolve, reject) => {
      stream.end(() => rename(temporary, path).then(resolve, reject));
    }),
  };
}

function reportWritten(io: CliIO, path: string): void {
  io.err(`predictions written to ${path}\n`);
}
