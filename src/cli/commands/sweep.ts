/**
 * `backprop sweep FILE --target COL --lr-values 1e-3,1e-2 --l2-values 0,1e-3 [--trials 6]`: a grid (every
 * combination) or a seeded random search, trials run on two worker threads; a table sorted by the validation score.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { applyTrial, describeTrial, gridTrials, randomTrials, type SweepSpace, type Trial } from '../../engine';
import { jsonLine, type CliIO, type Command } from '../command';
import { dataFromFlags, designFromFlags, settingFlags } from '../setting-flags';
import { UserError } from '../errors';
import { clippingShorthandFlags, settingsFromFlags } from '../training';
import type { CommandArgs, FlagSpec } from '../args';
import type { TrialJob, TrialOutcome } from '../sweep-trial';

const MAX_TRIALS = 200;
const WORKER_ENTRY = new URL('../sweep-worker.mjs', import.meta.url);

const valuesFlag = (what: string): FlagSpec => ({ type: 'string', placeholder: 'A,B,C', help: `${what} values to try` });

export const sweep: Command = {
  name: 'sweep',
  summary: 'hyperparameter sweep (grid, or seeded random with --trials) over lr, L2, dropout and width, on two threads',
  positional: ['FILE'],
  flags: {
    ...settingFlags(['data', 'network', 'train']),
    ...clippingShorthandFlags,
    'lr-values': valuesFlag('learning-rate'),
    'l2-values': valuesFlag('L2'),
    'dropout-values': valuesFlag('dropout (every hidden layer)'),
    'width-values': valuesFlag('width factor (× every hidden layer\'s units)'),
    trials: { type: 'integer', help: `random search: this many trials drawn with --seed (default: the whole grid, at most ${MAX_TRIALS})` },
    workers: { type: 'integer', help: 'worker threads running trials side by side: 1 or 2 (default 2 where there are 2 cores)' },
    json: { type: 'boolean', help: 'print one JSON object per trial (settings, score, curves) in trial order, then the ranking' },
  },
  run: runSweep,
};

function spaceFromFlags(flags: CommandArgs['flags']): SweepSpace {
  const list = (name: string): number[] | undefined => {
    const raw = flags[name] as string | undefined;
    if (raw === undefined) return undefined;
    return raw.split(',').map((text) => {
      const x = Number(text);
      if (text.trim() === '' || !Number.isFinite(x)) throw new UserError(`--${name}: "${text}" is not a number`);
      return x;
    });
  };
  const space: SweepSpace = { learningRate: list('lr-values'), l2: list('l2-values'), dropout: list('dropout-values'), width: list('width-values') };
  if (Object.values(space).every((v) => !v?.length)) throw new UserError('give at least one of --lr-values, --l2-values, --dropout-values, --width-values');
  return space;
}

async function runSweep(args: CommandArgs, io: CliIO): Promise<void> {
  const [file] = args.positional;
  const { flags } = args;
  const design = designFromFlags(flags), settings = settingsFromFlags(flags), choices = dataFromFlags(flags);
  const space = spaceFromFlags(flags);
  const count = flags.trials as number | undefined;
  if (count !== undefined && (count < 1 || count > MAX_TRIALS)) throw new UserError(`--trials must be from 1 to ${MAX_TRIALS}, got ${count}`);
  const trials = count === undefined ? gridTrials(space) : randomTrials(space, count, settings.seed);
  if (trials.length > MAX_TRIALS) throw new UserError(`the grid has ${trials.length} combinations; give --trials N (at most ${MAX_TRIALS}) for a random search`);
  const jobs: TrialJob[] = trials.map((trial, index) => ({ index, file, choices, init: design.init, ...applyTrial(design.hidden, settings, trial) }));
  const workers = (flags.workers as number | undefined) ?? (availableParallelism() >= 2 ? 2 : 1);
  if (workers !== 1 && workers !== 2) throw new UserError(`--workers must be 1 or 2, got ${workers}`);
  const outcomes = await runOnWorkers(jobs, workers, (o) => { if (!flags.json) io.err(`trial ${o.index + 1}/${jobs.length}: ${describeTrial(trials[o.index])} → ${o.metric} ${o.score.toFixed(4)}\n`); });
  const ranking = [...outcomes].sort((a, b) => b.score - a.score || a.index - b.index);
  if (flags.json) {
    for (const o of outcomes) io.out(jsonLine({ type: 'trial', trial: trials[o.index], ...o }));
    io.out(jsonLine({ type: 'ranking', order: ranking.map((o) => o.index), best: trials[ranking[0].index] }));
    return;
  }
  io.out(rankingTable(ranking, trials));
}

/** "rank  trial  score  epochs" rows, best first (validation score). */
function rankingTable(ranking: TrialOutcome[], trials: Trial[]): string {
  const rows = ranking.map((o, r) => `${String(r + 1).padStart(4)}  ${describeTrial(trials[o.index]).padEnd(48)} ${o.score.toFixed(4).padStart(8)} ${String(o.epochs).padStart(7)}`);
  return [`rank  ${'trial'.padEnd(48)} ${(ranking[0]?.metric === 'r2' ? 'val R²' : 'val acc').padStart(8)}  epochs`, ...rows, ''].join('\n');
}

/** Runs the jobs on `count` worker threads, each taking the next job when it finishes one; outcomes in job order. */
function runOnWorkers(jobs: TrialJob[], count: number, onOutcome: (o: TrialOutcome) => void): Promise<TrialOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: TrialOutcome[] = new Array(jobs.length);
    let next = 0, done = 0, failed = false;
    const threads = Array.from({ length: Math.min(count, jobs.length) }, () => new Worker(WORKER_ENTRY));
    const finish = (error: Error | null): void => {
      failed = failed || error !== null;
      for (const t of threads) void t.terminate();
      if (error) reject(error); else resolve(outcomes);
    };
    const feed = (thread: Worker): void => { if (next < jobs.length) thread.postMessage(jobs[next++]); };
    for (const thread of threads) {
      thread.on('message', (reply: { ok: true; outcome: TrialOutcome } | { ok: false; index: number; message: string }) => {
        if (failed) return;
        if (!reply.ok) { finish(new UserError(`trial ${reply.index + 1}: ${reply.message}`)); return; }
        outcomes[reply.outcome.index] = reply.outcome;
        onOutcome(reply.outcome);
        if (++done === jobs.length) finish(null); else feed(thread);
      });
      thread.on('error', (error) => { if (!failed) finish(error); });
      feed(thread);
    }
  });
}
