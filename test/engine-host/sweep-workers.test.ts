/** The engine host's sweep on one thread and on two (this thread and a real trial worker thread): the same trials, the same results. */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultNetworkDesign, defaultTrainSettings, type TrialJob, type TrialOutcome } from '../../src/engine';
import type { TrialWorker } from '../../src/engine-host/sweep-workers';
import { runTrials } from '../../src/engine-host/sweep-workers';
import { startTrialThread } from '../../src/utility/sweep-trial-thread';
import { InProcessEngine, irisText } from '../renderer/fixtures';

const threadEntry = new URL('../../src/utility/sweep-trial.worker.mjs', import.meta.url);
const engines: InProcessEngine[] = [];
afterEach(() => { for (const engine of engines.splice(0)) engine.close(); });

/** A trial thread that counts the trials it was sent. */
function countingThread(sent: { trials: number }): TrialWorker {
  const thread = startTrialThread(threadEntry);
  return { ...thread, postMessage: (message) => { if (message.type === 'trial') sent.trials++; thread.postMessage(message); } };
}

/** A trial worker that dies as soon as it is sent a trial. */
function dyingWorker(): TrialWorker {
  let listener: (reply: unknown) => void = () => undefined;
  return {
    postMessage: (message) => { if (message.type === 'trial') setTimeout(() => listener({ type: 'failed', index: -1, message: 'out of memory' }), 0); },
    onReply: (l) => { listener = l; },
    terminate: () => undefined,
  };
}

async function sweep(seed: number, workers: 1 | 2 | 'dying', sent = { trials: 0 }) {
  const startTrialWorker = workers === 2 ? () => countingThread(sent) : workers === 'dying' ? dyingWorker : null;
  const engine = new InProcessEngine({ pacing: { sliceMs: 0, metricsIntervalMs: 0 }, startTrialWorker });
  engines.push(engine);
  await engine.connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText }, choices: { scaling: 'standard' } });
  const network = { ...defaultNetworkDesign, hidden: [{ units: 16, activation: 'relu' as const, dropout: 0 }, { units: 8, activation: 'relu' as const, dropout: 0 }] };
  return engine.connection.request({
    type: 'sweep', network, train: { ...defaultTrainSettings, epochs: 6, seed }, trials: 6,
    space: { learningRate: [0.001, 0.01, 0.1], l2: [0, 0.001, 0.01], dropout: [0, 0.2], width: [0.5, 1, 2] },
  });
}

const fingerprint = (answer: Awaited<ReturnType<typeof sweep>>) => answer.trials.map(({ index, train, network, score, epochs, loss, valLoss }) => ({ index, train, network, score, epochs, loss, valLoss }));

describe('the engine host\'s sweep on two threads', () => {
  it('a seeded 6-trial sweep gives the same 6 results with 1 and 2 workers, in trial order', async () => {
    const sent = { trials: 0 };
    const [one, two] = [await sweep(5, 1), await sweep(5, 2, sent)];
    expect([one.workers, two.workers]).toEqual([1, 2]);
    expect(sent.trials).toBeGreaterThan(0); // the worker thread trained some of them
    expect(sent.trials).toBeLessThan(6); // and this thread the others
    expect(two.trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fingerprint(two)).toEqual(fingerprint(one)); // settings, scores and every epoch's losses
  }, 60_000);

  it('a trial worker that dies leaves its trials to the engine\'s thread: the same results, one worker', async () => {
    const [one, survived] = [await sweep(5, 1), await sweep(5, 'dying')];
    expect(survived.workers).toBe(1);
    expect(fingerprint(survived)).toEqual(fingerprint(one));
  }, 60_000);

  it('a different seed gives different trials (negative control)', async () => {
    const [five, six] = [await sweep(5, 2), await sweep(6, 2)];
    expect(fingerprint(six)).not.toEqual(fingerprint(five));
  }, 60_000);
});

describe('running trials on several runners', () => {
  const jobs: TrialJob[] = Array.from({ length: 5 }, (_, index) => ({ index, hidden: [], init: defaultNetworkDesign.init, settings: defaultTrainSettings }));
  const outcome = (job: TrialJob, score: number): TrialOutcome => ({ index: job.index, score, epochs: 1, stoppedBecause: null, parameterCount: 0, loss: [], valLoss: [], valAccuracy: [] });

  it('a runner that fails is retired and the others train its trials', async () => {
    const local = async (job: TrialJob) => outcome(job, job.index * 10);
    const crashed = async (): Promise<TrialOutcome> => { throw new Error('the trial thread died'); };
    const outcomes = await runTrials(jobs, [crashed, local]);
    expect(outcomes.map((o) => o.score)).toEqual([0, 10, 20, 30, 40]);
  });

  it('a trial that fails on every runner fails the sweep with its message', async () => {
    const refuses = async (job: TrialJob) => { if (job.index === 3) throw new Error('trial 4: learning rate must be positive'); return outcome(job, 1); };
    await expect(runTrials(jobs, [refuses, refuses])).rejects.toThrow('trial 4: learning rate must be positive');
  });
});
