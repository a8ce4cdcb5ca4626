import { Network, Random, checkLayerGradients, inspectStep, type GradientCheckReport, type InspectTarget, type StepInspection, type TrainSettings } from '../engine';
import type { NetworkDesign } from '../shared/protocol';
import { specFor } from './defaults';
import type { PreparedData } from './dataset';
import type { TrainingRun } from './training-run';

/** Rows of the training split the studio's gradient check runs on. */
export const GRADIENT_CHECK_ROWS = 8;

/** The inspector's view of the run's last Step, or the reason there is none. */
export function inspectLastStep(run: TrainingRun | null, target: InspectTarget): { inspection: StepInspection | null; reason: string | null } {
  const record = run?.trainer.lastStep ?? null;
  if (!run || !record) {
    return { inspection: null, reason: run ? 'The last batch ran at full speed, unrecorded: press Step to record one.' : 'Press Step to take one recorded step.' };
  }
  const { layer, sample, from, to } = target;
  return { inspection: inspectStep(run.trainer.net, record, { layer, sample, from, to }), reason: null };
}

/**
 * The gradient check on the current network: the run's, else the imported model's, else a fresh one
 * of the configured design initialized with the run's seed (as Train would start it).
 */
export function checkCurrentGradients(current: Network | null, design: NetworkDesign, settings: TrainSettings, data: PreparedData): GradientCheckReport {
  const { inputSize, outputSize, task } = data.info;
  let net = current && current.spec.inputSize === inputSize && current.outputSize === outputSize ? current : null;
  if (!net) {
    net = new Network(specFor(design, inputSize, outputSize, task), { precision: 'float64' });
    net.initialize(new Random(settings.seed));
  }
  return checkLayerGradients(net, data.train, { rows: GRADIENT_CHECK_ROWS, penalty: { l1: settings.l1, l2: settings.l2 }, seed: settings.seed });
}
