/** The PyTorch script replays a run's recorded mid-run changes at the same steps as the engine. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Trainer, defaultTrainSettings, encodeTargets, networkFromModelFile, transformRows, typedArrayKernels,
  type EpochMetrics, type ModelFile, type SettingsChange, type TrainSettings,
} from '../../src/engine';
import { exportPyTorch } from '../../src/engine/export';
import { samplesDir } from '../helpers/load-numeric-csv';
import { irisCase } from './datasets';
import { maxAbsDifference } from './helpers';

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0) ?? null;
if (!python) console.warn('no python3 with torch: the PyTorch change-list check is skipped');

/** Batches of 64 in file order (3 updates an epoch on iris's 150 rows), momentum, no dropout (its masks come from other streams). */
const initial: TrainSettings = {
  ...defaultTrainSettings, epochs: 4, batchSize: 64, learningRate: 0.05, shuffle: false, seed: 4,
  earlyStopping: { patience: 0, minDelta: 0 }, // the changes, not early stopping (on by default since bench/defaults)
  optimizer: { ...defaultTrainSettings.optimizer, name: 'momentum', momentum: 0.9, momentumForm: 'classic' },
};
/** (No penalty: the engine's epoch loss adds it, the script prints the data loss.) A pause mid-epoch 2 with lr 0.05 → 0.002, then (after epoch 3's last update) lr back up to 0.02. */
const changes: SettingsChange[] = [{ step: 4, changes: { learningRate: 0.002 } }, { step: 9, changes: { learningRate: 0.02 } }];

const startingFile = (): ModelFile => {
  const { file } = irisCase();
  return { ...file, spec: { ...file.spec, hidden: file.spec.hidden.map((h) => ({ ...h, dropout: 0 })) } };
};

/** The engine's weights and per-epoch losses, replaying `replay` from the file's weights on every iris row. */
function engineRun(file: ModelFile, replay: SettingsChange[]): { weights: number[]; losses: number[] } {
  const { preprocessing, records } = irisCase();
  const net = networkFromModelFile(file, { kernels: typedArrayKernels });
  const features = transformRows(preprocessing, records), targets = encodeTargets(preprocessing, records.map((r) => r.species));
  if (!features.ok || !targets.ok) throw new Error('iris rows did not encode');
  const data = { features: features.value, targets: targets.value, rows: records.length, inputSize: net.spec.inputSize, targetSize: 1 };
  const history: EpochMetrics[] = new Trainer(net, initial, data, null, { initialize: false, replay }).run();
  return { weights: Array.from(net.params), losses: history.map((e) => e.loss) };
}

/** The exported script's weights and per-epoch losses for a file whose run record holds `recorded`. */
function torchRun(file: ModelFile, recorded: SettingsChange[]): { weights: number[]; losses: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-torch-changes-'));
  writeFileSync(join(dir, 'run.py'), exportPyTorch({ ...file, training: initial, run: { initial, changes: recorded } }));
  const output = execFileSync(python!, [join(dir, 'run.py'), '--csv', join(samplesDir, 'iris.csv'), '--from-weights', '--validation', '0', '--test', '0', '--out', join(dir, 'out.json')], { cwd: dir, encoding: 'utf8' });
  const losses = output.trim().split('\n').map((line) => JSON.parse(line) as { epoch?: number; loss?: number }).filter((l) => l.epoch !== undefined).map((l) => l.loss!);
  const layers = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).layers as { weights: number[][]; bias: number[] }[];
  return { weights: layers.flatMap((l) => [...l.weights.flat(), ...l.bias]), losses };
}

describe.skipIf(!python)('the PyTorch script and a run\'s change list', () => {
  it('applies the recorded learning-rate changes at the same steps: weights and per-epoch losses within 1e-5 of the engine\'s', () => {
    const file = startingFile();
    const engine = engineRun(file, changes), torch = torchRun(file, changes);
    console.log(`PyTorch vs engine with 2 recorded changes: max |ΔW| = ${maxAbsDifference(engine.weights, torch.weights).toExponential(2)}, max |Δloss| = ${maxAbsDifference(engine.losses, torch.losses).toExponential(2)}`);
    expect(torch.losses).toHaveLength(4);
    expect(maxAbsDifference(engine.losses, torch.losses)).toBeLessThan(1e-5);
    expect(maxAbsDifference(engine.weights, torch.weights)).toBeLessThan(1e-5);
  });

  it('departs from the engine when the script ignores the change list (negative control)', () => {
    const file = startingFile();
    const engine = engineRun(file, changes), torch = torchRun(file, []);
    expect(maxAbsDifference(engine.losses, torch.losses)).toBeGreaterThan(1e-4);
  });

  it('departs from the engine when a change is applied one step late (negative control)', () => {
    const file = startingFile();
    const engine = engineRun(file, changes), torch = torchRun(file, changes.map((c, i) => (i === 0 ? { ...c, step: c.step + 1 } : c)));
    expect(maxAbsDifference(engine.weights, torch.weights)).toBeGreaterThan(1e-5);
  });
});
