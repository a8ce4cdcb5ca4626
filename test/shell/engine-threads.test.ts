/** The engine host tells how many threads a run computes on: 2 for a big network once a host allows threads, 1 for a small one. */
import { afterEach, describe, expect, it } from 'vitest';
import type { KernelHelperStarter } from '../../src/engine';
import { enableFastKernels } from '../../src/node-host';
import { EngineHarness, irisText, smallNetwork, trainSettings } from './engine-port-harness';

let harness: EngineHarness;
afterEach(() => harness?.close());

/** 300 rows of 200 seeded numeric features and a 2-class label. */
function wideCsv(): string {
  let state = 5;
  const uniform = (): string => (((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1).toFixed(3);
  const lines = [[...Array.from({ length: 200 }, (_, i) => `x${i}`), 'label'].join(',')];
  for (let r = 0; r < 300; r++) {
    const x = Array.from({ length: 200 }, uniform);
    lines.push([...x, Number(x[0]) > 0 ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n');
}

async function trainToDone(name: string, text: string, hidden: number, startKernelHelper: KernelHelperStarter | null = null): Promise<number[]> {
  harness = new EngineHarness({ pacing: { sliceMs: 0, metricsIntervalMs: 0 }, startKernelHelper });
  harness.send({ type: 'loadDataset', source: { kind: 'text', name, text } });
  await harness.next('datasetInfo');
  harness.send({ type: 'configure', network: { ...smallNetwork, hidden: [{ units: hidden, activation: 'relu', dropout: 0 }] }, train: { ...trainSettings, epochs: 2 } });
  harness.send({ type: 'start' });
  await harness.next('status', (s) => s.state === 'done');
  return harness.ofType('status').filter((s) => s.threads !== undefined).map((s) => s.threads!);
}

describe('threads in the engine\'s status', () => {
  it('reports 2 threads for a 200-input network with 128 hidden units (25,600 weights) where the host starts helpers', async () => {
    const starter = enableFastKernels({ threads: 2, helperEntry: new URL('../../src/node-host/kernel-helper.worker.mjs', import.meta.url) });
    const threads = await trainToDone('wide.csv', wideCsv(), 128, starter);
    expect(threads.length).toBeGreaterThan(0);
    expect(new Set(threads)).toEqual(new Set([2]));
  });

  it('reports 1 thread for iris, and no thread count before a run', async () => {
    const starter = enableFastKernels({ threads: 2, helperEntry: new URL('../../src/node-host/kernel-helper.worker.mjs', import.meta.url) });
    const threads = await trainToDone('iris.csv', irisText, 16, starter);
    expect(new Set(threads)).toEqual(new Set([1]));
    expect(harness.ofType('status')[0].threads).toBeUndefined();
  });

  it('reports 1 thread for the big network when the host starts no helpers (the default)', async () => {
    const threads = await trainToDone('wide.csv', wideCsv(), 128);
    expect(new Set(threads)).toEqual(new Set([1]));
  });
});
