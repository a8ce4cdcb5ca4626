/** `backprop shapes [--inputs N --hidden 128,64,32 --outputs K --batch B | MODEL.json]`: the forward/backward shape table. */
import { defaultTrainSettings, shapeTable, shapeTableText, type ModelSpec } from '../../engine';
import type { CommandArgs } from '../args';
import { jsonLine, type Command } from '../command';
import { UserError } from '../errors';
import { readModelFile } from '../model-io';
import { designFromFlags, designFlagsGiven, settingFlags } from '../setting-flags';

export const shapes: Command = {
  name: 'shapes',
  summary: 'print every layer\'s forward and backward matrix shapes, batch included (from flags or a model file)',
  positional: ['[MODEL]'],
  flags: {
    inputs: { type: 'integer', help: 'input units (features after one-hot)' },
    outputs: { type: 'integer', help: 'output units (classes; 1 for regression)' },
    ...settingFlags(['network']),
    batch: settingFlags(['train']).batch,
    json: { type: 'boolean', help: 'print the table as one JSON object' },
  },
  async run({ positional: [modelPath], flags }, io) {
    const spec = modelPath === undefined ? specFromShapeFlags(flags) : await specFromModel(modelPath, flags);
    const batch = (flags.batch as number | undefined) ?? defaultTrainSettings.batchSize;
    const table = shapeTable(spec, batch);
    io.out(flags.json ? jsonLine({ type: 'shapes', layers: table }) : shapeTableText(table));
  },
};

function specFromShapeFlags(flags: CommandArgs['flags']): ModelSpec {
  const inputs = flags.inputs as number | undefined, outputs = flags.outputs as number | undefined;
  if (inputs === undefined || outputs === undefined) throw new UserError('give --inputs N and --outputs K (or a MODEL.json file)');
  if (inputs < 1 || outputs < 1) throw new UserError(`--inputs and --outputs must be at least 1, got ${inputs} and ${outputs}`);
  const design = designFromFlags(flags);
  return { inputSize: inputs, hidden: design.hidden, output: { units: outputs, activation: outputs > 1 ? 'softmax' : 'linear' }, init: design.init };
}

async function specFromModel(path: string, flags: CommandArgs['flags']): Promise<ModelSpec> {
  const given = [...designFlagsGiven(flags), ...['inputs', 'outputs'].filter((flag) => flags[flag] !== undefined)];
  if (given.length > 0) throw new UserError(`--${given[0]} cannot change a saved model's layers (drop it, or drop MODEL)`);
  return (await readModelFile(path)).net.spec;
}
