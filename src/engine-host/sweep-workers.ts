/**
 * A sweep's second thread: the host starts a trial worker (a Web Worker beside the web build's engine
 * worker, a worker_thread in the utility process) whose body is serveSweepTrials; the engine's thread runs
 * trials too, each taking the next trial when it finishes one. Both run the engine's one runTrial.
 */
import { runTrial, type TrialData, type TrialJob, type TrialOutcome } from '../engine/sweep-trial';
import { createYield, listen, post, type PortLike } from './port';

/** What the engine thread sends a trial worker: the sweep's data once, then one trial at a time. */
export type TrialWorkerMessage = { type: 'data'; data: TrialData } | { type: 'trial'; job: TrialJob };

/** What a trial worker answers: the trial's outcome, or why it failed (index -1: the worker itself failed). */
export type TrialWorkerReply = { type: 'outcome'; outcome: TrialOutcome } | { type: 'failed'; index: number; message: string };

/** A started trial worker as the host hands it over: messages both ways (a crash arrives as a `failed` reply) and an end. */
export interface TrialWorker {
  postMessage(message: TrialWorkerMessage): void;
  onReply(listener: (reply: unknown) => void): void;
  terminate(): void;
}

/** How a host starts a trial worker (the engine host imports no Node and no DOM); none: one trial at a time. */
export type TrialWorkerStarter = () => TrialWorker;

/** Runs one trial on its outcome's way back to the sweep. */
export type TrialRunner = (job: TrialJob) => Promise<TrialOutcome>;

/** The trial worker's body: keeps the sweep's data, trains each trial it is sent, answers each with its outcome or error. */
export function serveSweepTrials(port: PortLike): void {
  let data: TrialData | null = null;
  listen(port, (raw) => {
    const message = raw as Partial<TrialWorkerMessage> | null;
    if (message?.type === 'data' && message.data) { data = message.data; return; }
    const index = message?.type === 'trial' && typeof message.job?.index === 'number' ? message.job.index : -1;
    let reply: TrialWorkerReply;
    try {
      if (index < 0 || !data) throw new Error('a trial worker expects the sweep\'s data, then trials');
      reply = { type: 'outcome', outcome: runTrial(data, (message as { job: TrialJob }).job) };
    } catch (error) {
      reply = { type: 'failed', index, message: error instanceof Error ? error.message : String(error) };
    }
    post(port, reply);
  });
}

/** This thread as a runner: it lets the event loop deliver the worker's replies before each trial it trains. */
export function localRunner(data: TrialData): TrialRunner {
  const later = createYield();
  return async (job) => {
    await new Promise<void>((resolve) => later(resolve));
    return runTrial(data, job);
  };
}

/** A started trial worker as a runner (sent the data once); its reply or crash settles the trial it holds. */
export function workerRunner(worker: TrialWorker, data: TrialData): TrialRunner {
  let pending: { resolve: (o: TrialOutcome) => void; reject: (e: Error) => void } | null = null;
  let failure: string | null = null;
  worker.onReply((raw) => {
    const reply = raw as TrialWorkerReply;
    const held = pending;
    pending = null;
    if (reply?.type === 'outcome' && reply.outcome) held?.resolve(reply.outcome);
    else {
      const message = reply?.type === 'failed' ? reply.message : 'the trial worker sent an unexpected message';
      if (reply?.type !== 'failed' || reply.index < 0) failure = message;
      held?.reject(new Error(message));
    }
  });
  worker.postMessage({ type: 'data', data });
  return (job) => new Promise((resolve, reject) => {
    if (failure !== null) { reject(new Error(failure)); return; }
    pending = { resolve, reject };
    worker.postMessage({ type: 'trial', job });
  });
}

/**
 * Runs the jobs on the runners side by side, each taking the next job when it finishes one; outcomes in
 * job order, so the result is the same for any number of runners. A runner that fails is retired and its
 * job goes back to the queue (a worker that crashed leaves its trials to this thread); a trial that fails
 * on every runner fails the sweep with its message.
 */
export function runTrials(jobs: TrialJob[], runners: TrialRunner[]): Promise<TrialOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: TrialOutcome[] = new Array(jobs.length);
    const queue = jobs.map((_, i) => i);
    const idle: TrialRunner[] = [];
    let done = 0, alive = runners.length, settled = false;
    if (jobs.length === 0) { resolve(outcomes); return; }
    const feed = (runner: TrialRunner): void => {
      if (settled) return;
      const next = queue.shift();
      if (next === undefined) { idle.push(runner); return; }
      runner(jobs[next]).then((outcome) => {
        outcomes[next] = outcome;
        if (++done === jobs.length) { settled = true; resolve(outcomes); } else feed(runner);
      }, (error: Error) => {
        queue.unshift(next);
        if (--alive === 0) { settled = true; reject(error); } else if (idle.length) feed(idle.pop()!);
      });
    };
    for (const runner of runners) feed(runner);
  });
}
