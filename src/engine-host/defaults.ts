import { defaultTrainSettings, type ModelSpec, type TrainSettings } from '../engine';
import type { NetworkDesign } from '../shared/protocol';

/** What `start` trains when the UI has not sent `configure`: two relu layers, Adam at 0.01, 50 epochs. */
export const defaultDesign: NetworkDesign = {
  hidden: [{ units: 32, activation: 'relu', dropout: 0 }, { units: 16, activation: 'relu', dropout: 0 }],
  init: 'auto',
};

export const defaultSettings: TrainSettings = defaultTrainSettings;

/** The network's full spec: the user's hidden layers between the data's input and output sizes. */
export function specFor(design: NetworkDesign, inputSize: number, outputSize: number, task: 'classification' | 'regression'): ModelSpec {
  return {
    inputSize,
    hidden: design.hidden.map((layer) => ({ ...layer })),
    output: { units: outputSize, activation: task === 'classification' ? 'softmax' : 'linear' },
    init: design.init,
  };
}
