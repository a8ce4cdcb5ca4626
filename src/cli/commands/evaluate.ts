/** `backprop evaluate MODEL.json FILE [--json]`: the model's own preprocessing on raw rows, then its scores. */
import { basename } from 'node:path';
import { dataFlags, jsonLine, type Command } from '../command';
import { forEachEncodedBatch } from '../model-rows';
import { readModel } from '../model-io';
import { ScoreAccumulator, describeScores } from '../scores';

export const evaluate: Command = {
  name: 'evaluate',
  summary: 'score a saved model on a CSV file that has the target column',
  positional: ['MODEL', 'FILE'],
  flags: {
    json: { type: 'boolean', help: 'print one JSON object' },
    ...dataFlags,
  },
  async run({ positional: [modelPath, file], flags }, io) {
    const model = await readModel(modelPath, { warn: (line) => io.err(`warning: ${line}\n`) });
    const accumulator = new ScoreAccumulator(model.net, model.preprocessing);
    const badRows = (flags['bad-rows'] as 'stop' | 'skip' | undefined) ?? 'stop';
    const skippedRows = await forEachEncodedBatch(file, model.preprocessing, { withTargets: true, badRows }, (batch) => { accumulator.add(batch.data); });
    const scores = accumulator.finish();
    if (flags.json) io.out(jsonLine({ type: 'evaluation', file: basename(file), ...scores, skippedRows }));
    else io.out(`${describeScores(scores, basename(file))}${skippedRows ? ` (${skippedRows} rows skipped)` : ''}\n`);
  },
};
