/**
 * The engine's answer to `sweep`: each trial trained on the loaded split, two at a time where the host
 * gave a trial worker (this thread and the worker), else one after another here; results in trial order.
 */
import { applyTrial, gridTrials, randomTrials, type SweepSpace } from '../engine/sweep';
import type { TrialData, TrialJob } from '../engine/sweep-trial';
import type { TrainSettings } from '../engine/trainer';
import type { PreparedData } from './dataset';
import { localRunner, runTrials, workerRunner, type TrialWorker, type TrialWorkerStarter } from './sweep-workers';
import type { EngineEvent, NetworkDesign, SweptTrial } from '../shared/protocol';

type Swept = Omit<Extract<EngineEvent, { type: 'swept' }>, 'requestId'>;

/** The most trials one sweep request runs. */
export const MAX_SWEEP_TRIALS = 50;

/** The grid (trials absent) or `trials` random draws with the settings' seed; trials scored on the validation rows. */
export async function runSweep(data: PreparedData, design: NetworkDesign, settings: TrainSettings, space: SweepSpace,
  trials?: number, startWorker: TrialWorkerStarter | null = null): Promise<Swept> {
  const list = trials === undefined ? gridTrials(space) : randomTrials(space, trials, settings.seed);
  if (list.length > MAX_SWEEP_TRIALS) throw new Error(`the grid has ${list.length} combinations; ask for at most ${MAX_SWEEP_TRIALS} random trials instead`);
  const { inputSize, outputSize, task } = data.info;
  const trialData: TrialData = {
    task, inputSize, outputSize, train: data.train, validation: data.validation,
    held: data.validation ?? data.test ?? data.train, preprocessing: data.preprocessing,
  };
  const jobs: TrialJob[] = list.map((trial, index) => ({ index, init: design.init, ...applyTrial(design.hidden, settings, trial) }));
  const workers: TrialWorker[] = startWorker && jobs.length > 1 ? startedWorker(startWorker) : [];
  try {
    const trained = new Set<number>(); // the runners that trained a trial (a worker that failed trained none)
    const runners = [localRunner(trialData), ...workers.map((worker) => workerRunner(worker, trialData))]
      .map((run, r) => async (job: TrialJob) => { const outcome = await run(job); trained.add(r); return outcome; });
    const outcomes = await runTrials(jobs, runners);
    return {
      type: 'swept', metric: task === 'classification' ? 'accuracy' : 'r2', workers: trained.size,
      trials: outcomes.map((o): SweptTrial => ({
        index: o.index, network: { ...design, hidden: jobs[o.index].hidden }, train: jobs[o.index].settings, parameterCount: o.parameterCount,
        score: o.score, epochs: o.epochs, reason: o.stoppedBecause, loss: o.loss, valLoss: o.valLoss, valAccuracy: o.valAccuracy,
      })),
    };
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

/** The host's trial worker, or none when it cannot start one (the sweep runs on this thread alone). */
function startedWorker(start: TrialWorkerStarter): TrialWorker[] {
  try {
    return [start()];
  } catch {
    return [];
  }
}
