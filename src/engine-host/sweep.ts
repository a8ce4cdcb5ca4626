/** The engine's answer to `sweep`: each trial trained on the loaded split, one after another on this engine's thread. */
import { heldOutScore } from '../engine/cv';
import { Network } from '../engine/network';
import { applyTrial, gridTrials, randomTrials, type SweepSpace } from '../engine/sweep';
import { Trainer, type TrainSettings } from '../engine/trainer';
import type { PreparedData } from './dataset';
import { specFor } from './defaults';
import type { EngineEvent, NetworkDesign, SweptTrial } from '../shared/protocol';

type Swept = Omit<Extract<EngineEvent, { type: 'swept' }>, 'requestId'>;

/** The grid (trials absent) or `trials` random draws with the settings' seed; trials scored on the validation rows. */
export function runSweep(data: PreparedData, design: NetworkDesign, settings: TrainSettings, space: SweepSpace, trials?: number): Swept {
  const list = trials === undefined ? gridTrials(space) : randomTrials(space, trials, settings.seed);
  if (list.length > 50) throw new Error(`the grid has ${list.length} combinations; ask for at most 50 random trials instead`);
  const { inputSize, outputSize, task } = data.info;
  const held = data.validation ?? data.test ?? data.train;
  const outcomes = list.map((trial, index): SweptTrial => {
    const { hidden, settings: trialSettings } = applyTrial(design.hidden, settings, trial);
    const network = { ...design, hidden };
    const net = new Network(specFor(network, inputSize, outputSize, task));
    const trainer = new Trainer(net, trialSettings, data.train, data.validation);
    const history = trainer.run();
    return {
      index, network, train: trialSettings, parameterCount: net.params.length, score: heldOutScore(net, held, data.preprocessing),
      epochs: trainer.epochsDone, reason: trainer.stoppedBecause, loss: history.map((e) => e.loss), valLoss: history.map((e) => e.valLoss), valAccuracy: history.map((e) => e.valAccuracy),
    };
  });
  return { type: 'swept', metric: task === 'classification' ? 'accuracy' : 'r2', trials: outcomes };
}
