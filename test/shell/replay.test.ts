/** A run's record is its recipe: a run with a pause and a learning-rate change, replayed from its exported record, ends with identical weights. */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModel, type ModelFile } from '../../src/engine';
import { EngineHarness, irisText, trainSettings } from './engine-port-harness';

const harnesses: EngineHarness[] = [];
afterEach(() => { for (const h of harnesses.splice(0)) h.close(); });

const network = { hidden: [{ units: 16, activation: 'relu' as const, dropout: 0.2 }], init: 'auto' as const };
const train = { ...trainSettings, epochs: 400, earlyStopping: { patience: 1000, minDelta: 0 } };

async function exported(h: EngineHarness): Promise<{ file: ModelFile; hash: string }> {
  const { bytes } = await h.request({ type: 'exportModel', format: 'json' });
  const text = new TextDecoder().decode(bytes);
  const { net, file } = loadModel(text);
  return { file, hash: createHash('sha256').update(new Uint8Array(net.params.buffer, net.params.byteOffset, net.params.byteLength)).digest('hex') };
}

async function loaded(): Promise<EngineHarness> {
  const h = new EngineHarness({ pacing: { sliceMs: 1 } });
  harnesses.push(h);
  await h.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  return h;
}

describe('replaying a run from its record', () => {
  it('a run paused mid-way with lr 0.01 → 0.002, resumed, and replayed from its model file\'s record ends with the same weights (SHA-256)', async () => {
    const original = await loaded();
    await original.request({ type: 'configure', network, train });
    await original.request({ type: 'start' });
    await original.next('epoch', (e) => e.epoch >= 5 || (e.earlier ?? []).some((x) => x.epoch >= 5));
    await original.request({ type: 'pause' });
    const changed = await original.request({ type: 'updateSettings', changes: { learningRate: 0.002 } });
    expect(changed.step).toBeGreaterThan(0);
    await original.request({ type: 'resume' });
    await original.next('done');
    const { file, hash } = await exported(original);
    expect(file.run!.initial.learningRate).toBe(0.01);
    expect(file.training!.learningRate).toBe(0.002);
    expect(file.run!.changes).toEqual([{ step: changed.step, changes: { learningRate: 0.002 } }]);
    expect(file.data?.hash).toMatch(/^fnv1a64:/);

    const replay = await loaded();
    await replay.request({ type: 'configure', network, train: file.run!.initial, replay: file.run!.changes });
    await replay.request({ type: 'start' });
    await replay.next('done');
    const replayed = await exported(replay);
    expect(replayed.hash).toBe(hash);
    expect(replayed.file.run!.changes).toEqual(file.run!.changes);

    // negative control: the same recipe without its change list ends elsewhere
    const plain = await loaded();
    await plain.request({ type: 'configure', network, train: file.run!.initial });
    await plain.request({ type: 'start' });
    await plain.next('done');
    expect((await exported(plain)).hash).not.toBe(hash);
  });
});
