/** The desktop's crash recovery in Node: SIGKILL the engine mid-run; the supervisor restarts it and the run finishes as if never killed. */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeCheckpoint, loadModel } from '../../src/engine';
import { EngineSupervisor, engineArguments } from '../../src/main/supervisor';
import { fileCheckpointStore } from '../../src/node-host';
import type { TrainSettingsMessage } from '../../src/shared/protocol';
import { nextEvent, waitFor } from './child-events';
import { EngineHarness, irisText, trainSettings } from './engine-port-harness';

const childEntry = fileURLToPath(new URL('./fixtures/engine-child-checkpoints.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => { for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });

const network = { hidden: [{ units: 16, activation: 'relu' as const, dropout: 0.2 }], init: 'auto' as const };
const train: TrainSettingsMessage = { ...trainSettings, epochs: 1500, optimizer: { ...trainSettings.optimizer, name: 'momentum' }, earlyStopping: { patience: 5000, minDelta: 0 } };



const weightsHash = (modelJson: string): string => {
  const { net } = loadModel(modelJson);
  return createHash('sha256').update(new Uint8Array(net.params.buffer, net.params.byteOffset, net.params.byteLength)).digest('hex');
};

/** The same run in-process, never interrupted. */
async function uninterruptedHash(): Promise<string> {
  const h = new EngineHarness();
  try {
    await h.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
    await h.request({ type: 'configure', network, train });
    await h.request({ type: 'start' });
    await h.next('done', () => true, 60_000);
    return weightsHash(new TextDecoder().decode((await h.request({ type: 'exportModel', format: 'json' })).bytes));
  } finally {
    h.close();
  }
}

describe('an engine killed mid-run resumes by itself', () => {
  it('SIGKILL mid-run: the supervisor restarts the engine, the run continues from its last checkpoint with a note, and ends with the unkilled run\'s weights', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'backprop-userdata-'));
    const started: { child: ChildProcess; reason: string }[] = [];
    const supervisor = new EngineSupervisor<ChildProcess>({
      // the desktop's fork, with Node's child_process in place of Electron's utilityProcess
      fork: (_serviceName, reason) => {
        const child = fork(childEntry, engineArguments(userData, reason), { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
        children.push(child);
        return child;
      },
      onStarted: (child, reason) => started.push({ child, reason }),
      askUser: vi.fn(async () => false),
      onGaveUp: vi.fn(),
    });
    const first = supervisor.start();
    await nextEvent(first, 'ready');
    first.send({ type: 'loadDataset', requestId: 'load', source: { kind: 'text', name: 'iris.csv', text: irisText } });
    first.send({ type: 'configure', requestId: 'configure', network, train });
    first.send({ type: 'start', requestId: 'start' });
    const store = fileCheckpointStore(join(userData, 'checkpoints'));
    await nextEvent(first, 'epoch', (e) => e.epoch >= 20);
    await waitFor(() => (existsSync(store.path) ? true : undefined));
    process.kill(first.pid!, 'SIGKILL');

    const restarted = await waitFor(() => started.find((s) => s.reason === 'restart'));
    const saved = decodeCheckpoint((await store.load())!);
    expect(saved.trainer.stopReason).toBeNull();
    const note = await nextEvent(restarted.child, 'status', (s) => s.message !== undefined);
    expect(note.message).toMatch(/^resumed from epoch \d+ after the engine stopped$/);
    expect(Number(/epoch (\d+)/.exec(note.message!)![1])).toBeLessThan(train.epochs);
    await nextEvent(restarted.child, 'done');
    restarted.child.send({ type: 'exportModel', requestId: 'export', format: 'json' });
    const model = await nextEvent(restarted.child, 'model');
    expect(weightsHash(new TextDecoder().decode(model.bytes))).toBe(await uninterruptedHash());
    supervisor.stop();
  }, 120_000);

  it('a first start is not told to resume; a restart is (the argument the utility process reads)', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'backprop-userdata-'));
    expect(engineArguments(userData, 'start')).not.toContain('--resume');
    expect(engineArguments(userData, 'restart')).toContain('--resume');
  });
});
