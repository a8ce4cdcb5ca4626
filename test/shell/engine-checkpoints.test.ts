/** The engine host's checkpoints: written at a pause and by time, and a new engine continues the run from them bit for bit. */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCheckpoint, loadModel } from '../../src/engine';
import type { EngineHostOptions } from '../../src/engine-host';
import type { TrainSettingsMessage } from '../../src/shared/protocol';
import { EngineHarness, irisText, trainSettings } from './engine-port-harness';
import { MemoryCheckpointStore } from './fixtures/memory-checkpoint-store';

const harnesses: EngineHarness[] = [];
afterEach(() => { for (const h of harnesses.splice(0)) h.close(); });

const EPOCHS = 600;

/** Dropout and early stopping on (patience long enough to run every epoch, so the best weights are tracked). */
const network = { hidden: [{ units: 16, activation: 'relu' as const, dropout: 0.2 }, { units: 8, activation: 'tanh' as const, dropout: 0.1 }], init: 'auto' as const };
const settingsFor = (optimizer: string): TrainSettingsMessage => ({
  ...trainSettings, epochs: EPOCHS, optimizer: { ...trainSettings.optimizer, name: optimizer as TrainSettingsMessage['optimizer']['name'] },
  earlyStopping: { patience: 1000, minDelta: 0 },
});

function harness(options: EngineHostOptions = {}): EngineHarness {
  const h = new EngineHarness({ pacing: { sliceMs: 1 }, ...options });
  harnesses.push(h);
  return h;
}

/** SHA-256 of the weights of the engine's exported model JSON. */
async function exportedWeightsHash(h: EngineHarness): Promise<string> {
  const { bytes } = await h.request({ type: 'exportModel', format: 'json' });
  const { net } = loadModel(new TextDecoder().decode(bytes));
  return createHash('sha256').update(new Uint8Array(net.params.buffer, net.params.byteOffset, net.params.byteLength)).digest('hex');
}

async function prepared(h: EngineHarness, optimizer: string): Promise<void> {
  await h.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  await h.request({ type: 'configure', network, train: settingsFor(optimizer) });
}

async function uninterrupted(optimizer: string): Promise<string> {
  const h = harness();
  await prepared(h, optimizer);
  await h.request({ type: 'start' });
  await h.next('done');
  return exportedWeightsHash(h);
}

describe('a run continues in a new engine from its checkpoint', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam']) {
    it(`${optimizer}: paused mid-run (a checkpoint), then picked up by a fresh engine, ends with the uninterrupted run's weights (SHA-256)`, async () => {
      const store = new MemoryCheckpointStore();
      const first = harness({ checkpoints: store });
      await prepared(first, optimizer);
      await first.request({ type: 'start' });
      await first.next('epoch', (e) => e.epoch >= 3 || (e.earlier ?? []).some((x) => x.epoch >= 3));
      await first.request({ type: 'pause' });
      await waitUntil(() => store.saves > 0);
      const saved = decodeCheckpoint(store.bytes!);
      expect(saved.trainer.stopReason).toBeNull();
      expect(saved.trainer.epoch).toBeGreaterThanOrEqual(3);
      expect(saved.trainer.epoch).toBeLessThan(EPOCHS);
      first.close();

      const second = harness({ checkpoints: store, resumeOnStart: true });
      const status = await second.next('status', (s) => s.message !== undefined);
      expect(status.message).toBe(`resumed from epoch ${saved.trainer.epoch} after the engine stopped`);
      expect(status.state).toBe('training');
      await second.next('done');
      expect(await exportedWeightsHash(second)).toBe(await uninterrupted(optimizer));
    });
  }

  it('negative control: a run restarted from its first epoch with another seed ends with different weights', async () => {
    const h = harness();
    await h.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
    await h.request({ type: 'configure', network, train: { ...settingsFor('adam'), seed: 8 } });
    await h.request({ type: 'start' });
    await h.next('done');
    expect(await exportedWeightsHash(h)).not.toBe(await uninterrupted('adam'));
  });

  it('writes checkpoints by time while training, and a finished one at the end that is not resumed', async () => {
    const store = new MemoryCheckpointStore();
    const h = harness({ checkpoints: store, checkpointPacing: { intervalMs: 0, now: () => performance.now() } });
    await prepared(h, 'sgd');
    await h.request({ type: 'start' });
    await h.next('done');
    await waitUntil(() => store.bytes !== null && decodeCheckpoint(store.bytes).trainer.stopReason !== null);
    expect(store.saves).toBeGreaterThan(1);
    expect(decodeCheckpoint(store.bytes!).trainer.stopReason).toBe('epochs');
    const next = harness({ checkpoints: store, resumeOnStart: true });
    await next.request({ type: 'hello', protocol: (await import('../../src/shared/protocol')).PROTOCOL_VERSION });
    expect(next.ofType('status').every((s) => s.message === undefined && s.state === 'empty')).toBe(true);
  });
});

describe('the page asks: checkpointInfo and resumeRun', () => {
  it('a reloaded page learns of the unfinished run and resumes it; the answer carries its data, design and first settings', async () => {
    const store = new MemoryCheckpointStore();
    const first = harness({ checkpoints: store });
    await prepared(first, 'adam');
    await first.request({ type: 'start' });
    await first.next('epoch', (e) => e.epoch >= 3 || (e.earlier ?? []).some((x) => x.epoch >= 3));
    await first.request({ type: 'pause' });
    await waitUntil(() => store.saves > 0);
    const savedEpoch = decodeCheckpoint(store.bytes!).trainer.epoch;
    first.close();

    const page = harness({ checkpoints: store });
    const info = await page.request({ type: 'checkpointInfo' });
    expect(info.checkpoint).toEqual({ dataset: 'iris.csv', epoch: savedEpoch, epochs: EPOCHS });
    const resumed = await page.request({ type: 'resumeRun' });
    expect(resumed.epoch).toBe(savedEpoch);
    expect(resumed.info.name).toBe('iris.csv');
    expect(resumed.network).toEqual(network);
    expect(resumed.train.optimizer.name).toBe('adam');
    expect(page.ofType('status').some((s) => s.message === `resumed from epoch ${savedEpoch} after the page reloaded`)).toBe(true);
    await page.next('done');
    expect(await exportedWeightsHash(page)).toBe(await uninterrupted('adam'));
  });

  it('refuses resumeRun when there is nothing to resume, and checkpointInfo says null', async () => {
    const page = harness({ checkpoints: new MemoryCheckpointStore() });
    expect((await page.request({ type: 'checkpointInfo' })).checkpoint).toBeNull();
    await expect(page.request({ type: 'resumeRun' })).rejects.toMatchObject({ code: 'no-checkpoint' });
  });
});

function waitUntil(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}
