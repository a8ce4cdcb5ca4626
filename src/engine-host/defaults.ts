import { defaultNetworkDesign, defaultTrainSettings, type ModelSpec, type NetworkDesign, type TrainSettings } from '../engine';

/** What `start` trains when the UI has not sent `configure`: the settings table's defaults. */
export const defaultDesign: NetworkDesign = defaultNetworkDesign;

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
