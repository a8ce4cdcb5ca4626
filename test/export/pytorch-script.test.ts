import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Trainer, activationRegistry, defaultTrainSettings, encodeTargets, loadModel, networkFromModelFile, transformRows, typedArrayKernels, type ModelFile, type TrainSettings,
} from '../../src/engine';
import { exportPyTorch } from '../../src/engine/export';
import { samplesDir } from '../helpers/load-numeric-csv';
import { everyActivationCase, housesCase, irisCase } from './datasets';
import { maxAbsDifference } from './helpers';

/** A python3 that imports torch (Debian's python3-torch lives under /usr/bin/python3), or null. */
function pythonWithTorch(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0) return python;
  }
  return null;
}

const python = pythonWithTorch();
if (!python) console.warn('no python3 with torch (apt-get install -y python3-torch): the PyTorch script is not run (tests skipped)');

describe('the exported PyTorch training script', () => {
  it('refuses a model without preprocessing (it could not read the CSV)', () => {
    expect(() => exportPyTorch({ ...irisCase().file, preprocessing: null })).toThrow(/needs the model's preprocessing/);
  });

  describe.skipIf(!python)('run with python3-torch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-torch-'));
    const script = join(dir, 'iris_train.py');
    writeFileSync(script, exportPyTorch(irisCase().file));

    /** Runs the script; returns its JSON lines. */
    function train(...args: string[]): Record<string, number | null>[] {
      const output = execFileSync(python!, [script, '--csv', join(samplesDir, 'iris.csv'), ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
      return output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number | null>);
    }

    it('trains iris to a test accuracy of at least 0.9', () => {
      const lines = train('--out', join(dir, 'trained.model.json'));
      const result = lines[lines.length - 1];
      console.log(`PyTorch script on iris: ${JSON.stringify(lines[0])} → ${JSON.stringify(result)} after ${lines.length - 2} epochs`);
      expect(result.test_accuracy).toBeGreaterThanOrEqual(0.9);
    });

    it('writes a model file the studio imports', () => {
      const { net, file } = loadModel(readFileSync(join(dir, 'trained.model.json'), 'utf8'));
      expect(net.spec).toEqual(irisCase().file.spec);
      expect(file.preprocessing?.target.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    });

    it('trains data-parallel in two processes the way torchrun starts them (gloo, WORLD_SIZE=2)', async () => {
      const port = String(20000 + Math.floor(Math.random() * 20000));
      const runRank = (rank: number): Promise<string> => new Promise((resolve, reject) => {
        const env = { ...process.env, WORLD_SIZE: '2', RANK: String(rank), LOCAL_RANK: String(rank), MASTER_ADDR: '127.0.0.1', MASTER_PORT: port };
        execFile(python!, [script, '--csv', join(samplesDir, 'iris.csv')], { cwd: dir, env, timeout: 120_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
      });
      const [rank0, rank1] = await Promise.all([runRank(0), runRank(1)]);
      const result = JSON.parse(rank0.trim().split('\n').pop()!) as { test_accuracy: number };
      console.log(`PyTorch script, 2 DDP processes on iris: ${JSON.stringify(result)}`);
      expect(result.test_accuracy).toBeGreaterThanOrEqual(0.9);
      expect(rank1.trim()).toBe(''); // only rank 0 reports
    });

    it('stays below 0.9 when it does not train (negative control)', () => {
      const lines = train('--epochs', '0');
      expect(lines[lines.length - 1].test_accuracy).toBeLessThan(0.9);
    });
  });

  describe.skipIf(!python)('its training step, compared with the engine', () => {
    /** Momentum (classic), a step schedule, L1 + L2 and global-norm clipping: everything but random order and dropout. */
    const settings: TrainSettings = {
      ...defaultTrainSettings, epochs: 3, batchSize: 256, learningRate: 0.05, shuffle: false, seed: 4,
      optimizer: { ...defaultTrainSettings.optimizer, name: 'momentum', momentum: 0.9, momentumForm: 'classic' },
      schedule: { name: 'step', stepEvery: 1, gamma: 0.5, minLr: 0 }, l1: 0.001, l2: 0.01, clipping: { mode: 'norm', threshold: 0.5 },
      // the steps, not early stopping (on by default since bench/defaults): with no validation rows the engine monitors
      // the epoch's running training loss, the script an evaluation of the training rows after the epoch
      earlyStopping: { patience: 0, minDelta: 0 },
    };

    /** The iris model without dropout (dropout masks come from different random streams). */
    const startingFile = (): ModelFile => {
      const { file } = irisCase();
      return { ...file, spec: { ...file.spec, hidden: file.spec.hidden.map((h) => ({ ...h, dropout: 0 })) } };
    };

    /** Weights after the engine trains `file` on every iris row in file order, from the file's weights. */
    function engineTrained(file: ModelFile, changed: Partial<TrainSettings> = {}): number[] {
      const { preprocessing, records } = irisCase();
      const net = networkFromModelFile(file, { kernels: typedArrayKernels });
      const features = transformRows(preprocessing, records), targets = encodeTargets(preprocessing, records.map((r) => r.species));
      if (!features.ok || !targets.ok) throw new Error('iris rows did not encode');
      const data = { features: features.value, targets: targets.value, rows: records.length, inputSize: net.spec.inputSize, targetSize: 1 };
      new Trainer(net, { ...settings, ...changed }, data, null, { initialize: false }).run();
      return Array.from(net.params);
    }

    /** Weights after the exported script trains `file` the same way (--from-weights, no split). */
    function torchTrained(file: ModelFile, changed: Partial<TrainSettings> = {}): number[] {
      const dir = mkdtempSync(join(tmpdir(), 'backprop-torch-step-'));
      writeFileSync(join(dir, 'step.py'), exportPyTorch({ ...file, training: { ...settings, ...changed } }));
      execFileSync(python!, [join(dir, 'step.py'), '--csv', join(samplesDir, 'iris.csv'), '--from-weights', '--validation', '0', '--test', '0', '--out', join(dir, 'out.json')], { cwd: dir, encoding: 'utf8' });
      const layers = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).layers as { weights: number[][]; bias: number[] }[];
      return layers.flatMap((l) => [...l.weights.flat(), ...l.bias]);
    }

    const variants: [string, Partial<TrainSettings>][] = [
      ['momentum (classic), a step schedule, L1, L2 and norm clipping', {}],
      ['momentum (ema), a cosine schedule and value clipping', {
        optimizer: { ...settings.optimizer, momentumForm: 'ema' }, schedule: { name: 'cosine', stepEvery: 1, gamma: 0.5, minLr: 0.01 }, clipping: { mode: 'value', threshold: 0.05 },
      }],
      ['adam with L2', { optimizer: { ...defaultTrainSettings.optimizer, name: 'adam' }, learningRate: 0.01, l1: 0, clipping: { mode: 'none', threshold: 1 } }],
      ['rmsprop (rho 0.8) with L2', { optimizer: { ...defaultTrainSettings.optimizer, name: 'rmsprop', rho: 0.8 }, learningRate: 0.01, l1: 0, clipping: { mode: 'none', threshold: 1 } }],
      ['class weights 1,3,0.5 (CrossEntropyLoss(weight=w), summed over the batch rows)', { classWeights: '1,3,0.5' }],
      ['adamw (weight decay 0.1) and norm clipping', { optimizer: { ...defaultTrainSettings.optimizer, name: 'adamw', weightDecay: 0.1 }, learningRate: 0.01, l1: 0, l2: 0 }],
    ];

    it.each(variants)('moves the weights as the engine does with %s, within 1e-5', (what, changed) => {
      const file = startingFile();
      const engine = engineTrained(file, changed), start = file.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]);
      const diff = maxAbsDifference(engine, torchTrained(file, changed));
      console.log(`PyTorch vs engine after 3 full-batch steps with ${what}: max |ΔW| = ${diff.toExponential(2)} (the steps moved W by up to ${maxAbsDifference(engine, start).toExponential(2)})`);
      expect(maxAbsDifference(engine, start)).toBeGreaterThan(1e-4);
      expect(diff).toBeLessThan(1e-5);
    });

    it('moves the weights as the engine does through one hidden layer of every registry activation, within 1e-5', () => {
      const { file } = everyActivationCase(); // iris, hidden layers in registry order (gelu included), no dropout
      const engine = engineTrained(file), start = file.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]);
      const diff = maxAbsDifference(engine, torchTrained(file));
      console.log(`PyTorch vs engine through ${file.spec.hidden.map((h) => h.activation).join(', ')}: max |ΔW| = ${diff.toExponential(2)} (moved by up to ${maxAbsDifference(engine, start).toExponential(2)})`);
      expect(maxAbsDifference(engine, start)).toBeGreaterThan(1e-4);
      expect(diff).toBeLessThan(1e-5);
    });

    it('departs from the engine when GELU is exported in its erf form, PyTorch\'s default (negative control)', () => {
      const { file } = everyActivationCase();
      const gelu = activationRegistry.gelu, tanhForm = gelu.pytorch;
      gelu.pytorch = 'nn.GELU()';
      try {
        expect(maxAbsDifference(engineTrained(file), torchTrained(file))).toBeGreaterThan(1e-5);
      } finally {
        gelu.pytorch = tanhForm;
      }
    });

    it('departs from the engine when the engine trains adamw without its decoupled decay (negative control)', () => {
      const file = startingFile(), adamw: Partial<TrainSettings> = { optimizer: { ...defaultTrainSettings.optimizer, name: 'adamw', weightDecay: 0.1 }, learningRate: 0.01, l1: 0, l2: 0 };
      const noDecay: Partial<TrainSettings> = { ...adamw, optimizer: { ...defaultTrainSettings.optimizer, name: 'adamw', weightDecay: 0 } };
      expect(maxAbsDifference(engineTrained(file, noDecay), torchTrained(file, adamw))).toBeGreaterThan(1e-4);
    });

    it('departs from the engine when the engine trains without the class weights the script uses (negative control)', () => {
      const file = startingFile();
      expect(maxAbsDifference(engineTrained(file, { classWeights: 'none' }), torchTrained(file, { classWeights: '1,3,0.5' }))).toBeGreaterThan(1e-4);
    });

    it('departs from the engine when the engine trains without the L2 penalty (negative control)', () => {
      const file = startingFile();
      expect(maxAbsDifference(engineTrained(file, { l2: 0 }), torchTrained(file))).toBeGreaterThan(1e-4);
    });
  });

  describe.skipIf(!python)('on a regression table with every option on', () => {
    it('trains with ema momentum, cosine schedule, value clipping, dropout and early stopping to R² ≥ 0.9', () => {
      const trained = housesCase();
      const file = {
        ...trained.file,
        spec: { ...trained.file.spec, hidden: [{ units: 16, activation: 'tanh' as const, dropout: 0.1 }] },
        training: {
          ...defaultTrainSettings, epochs: 60, learningRate: 0.05, seed: 2,
          optimizer: { ...defaultTrainSettings.optimizer, name: 'momentum' as const, momentumForm: 'ema' as const },
          schedule: { name: 'cosine' as const, stepEvery: 10, gamma: 0.5, minLr: 0.001 },
          clipping: { mode: 'value' as const, threshold: 1 }, earlyStopping: { patience: 10, minDelta: 0 }, l2: 0.0001,
        },
      };
      const dir = mkdtempSync(join(tmpdir(), 'backprop-torch-houses-'));
      writeFileSync(join(dir, 'houses.csv'), trained.records.map((r) => [r.a, r.b, r.colour, r.price].join(',')).join('\n').replace(/^/, 'a,b,colour,price\n'));
      writeFileSync(join(dir, 'houses_train.py'), exportPyTorch(file));
      const output = execFileSync(python!, [join(dir, 'houses_train.py'), '--csv', join(dir, 'houses.csv')], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
      const result = JSON.parse(output.trim().split('\n').pop()!) as { test_r2: number };
      console.log(`PyTorch script on the regression table: ${JSON.stringify(result)}`);
      expect(result.test_r2).toBeGreaterThanOrEqual(0.9);
    });
  });
});
