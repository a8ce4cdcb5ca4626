import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol-constants';
import { mayRestart } from '../../src/main/restart-budget';
import { EngineSupervisor, type SupervisorOptions } from '../../src/main/supervisor';
import { nextEvent, waitFor } from './child-events';
import { irisText, smallNetwork, trainSettings } from './engine-port-harness';

const childEntry = fileURLToPath(new URL('./fixtures/engine-child.ts', import.meta.url));
const children: ChildProcess[] = [];

/** Forks the stand-in engine (a real Node process running serveEngine). */
function forkEngine(): ChildProcess {
  const child = fork(childEntry, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}



afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('the engine supervisor with a real child process', () => {
  it('restarts an engine killed with SIGKILL mid-training, and the new one serves requests', async () => {
    const started: { child: ChildProcess; reason: string }[] = [];
    const serviceNames: string[] = [];
    const supervisor = new EngineSupervisor<ChildProcess>({
      fork: (serviceName) => { serviceNames.push(serviceName); return forkEngine(); },
      onStarted: (child, reason) => started.push({ child, reason }),
      askUser: vi.fn(async () => false),
      onGaveUp: vi.fn(),
    });
    const first = supervisor.start();
    await nextEvent(first, 'ready');
    first.send({ type: 'loadDataset', requestId: 'load', source: { kind: 'text', name: 'iris.csv', text: irisText } });
    first.send({ type: 'configure', requestId: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 100_000 } });
    first.send({ type: 'start', requestId: 'start' });
    await nextEvent(first, 'metrics'); // training is under way
    process.kill(first.pid!, 'SIGKILL');

    const restarted = await waitFor(() => started.find((s) => s.reason === 'restart'));
    expect(restarted.child.pid).not.toBe(first.pid);
    expect(first.signalCode).toBe('SIGKILL');
    expect(supervisor.restarts).toBe(1);
    expect(new Set(serviceNames).size).toBe(2); // a unique serviceName per start
    await nextEvent(restarted.child, 'ready');
    restarted.child.send({ type: 'hello', requestId: 'hello', protocol: PROTOCOL_VERSION });
    expect((await nextEvent(restarted.child, 'status')).type).toBe('status');
    supervisor.stop();
  });

  it('restarts at most 3 times in 5 minutes, then asks the user, and stays down when the user declines', async () => {
    const askUser = vi.fn(async (_message: string) => false);
    const onGaveUp = vi.fn();
    let forks = 0;
    const supervisor = new EngineSupervisor<ChildProcess>({
      fork: () => { forks++; return forkEngine(); },
      onStarted: () => undefined,
      askUser,
      onGaveUp,
      now: () => 1_000_000, // all crashes inside one window
    });
    supervisor.start();
    for (let crash = 1; crash <= 4; crash++) {
      const child = supervisor.process!;
      await nextEvent(child, 'ready');
      process.kill(child.pid!, 'SIGKILL');
      if (crash <= 3) await waitFor(() => (forks === crash + 1 ? true : undefined));
    }
    await waitFor(() => (onGaveUp.mock.calls.length > 0 ? true : undefined));
    expect(forks).toBe(4);
    expect(askUser).toHaveBeenCalledTimes(1);
    expect(askUser.mock.calls[0][0]).toMatch(/stopped unexpectedly/);
    expect(supervisor.process).toBeNull();
  }, 120_000);
});

/** A process double: emits exit when told to. */
class FakeProcess extends EventEmitter {
  kill = vi.fn(() => true);
  crash(code = 1): void { this.emit('exit', code); }
}

function fakeSupervisor(overrides: Partial<SupervisorOptions<FakeProcess>> = {}) {
  const processes: FakeProcess[] = [];
  let clock = 0;
  const supervisor = new EngineSupervisor<FakeProcess>({
    fork: () => { const p = new FakeProcess(); processes.push(p); return p; },
    onStarted: () => undefined,
    askUser: async () => true,
    onGaveUp: () => undefined,
    now: () => clock,
    ...overrides,
  });
  return { supervisor, processes, advance: (ms: number) => { clock += ms; } };
}

describe('the restart budget', () => {
  it('allows a 4th restart once the first has left the 5-minute window', () => {
    expect(mayRestart([0, 1000, 2000], 3000)).toBe(false);
    expect(mayRestart([0, 1000, 2000], 5 * 60_000 + 1)).toBe(true);
    expect(mayRestart([], 0)).toBe(true);
  });

  it('starts again with a fresh budget when the user says restart', async () => {
    const askUser = vi.fn(async () => true);
    const { supervisor, processes } = fakeSupervisor({ askUser });
    supervisor.start();
    for (let i = 0; i < 4; i++) processes[processes.length - 1].crash();
    await waitFor(() => (processes.length === 5 ? true : undefined));
    expect(askUser).toHaveBeenCalledTimes(1);
    expect(supervisor.restarts).toBe(0);
  });

  it('does not restart an engine stopped on purpose', () => {
    const { supervisor, processes } = fakeSupervisor();
    supervisor.start();
    supervisor.stop();
    processes[0].crash(0);
    expect(processes).toHaveLength(1);
    expect(processes[0].kill).toHaveBeenCalled();
  });

  it('spreads crashes over time without asking the user', async () => {
    const askUser = vi.fn(async () => true);
    const { supervisor, processes, advance } = fakeSupervisor({ askUser });
    supervisor.start();
    for (let i = 0; i < 6; i++) { advance(2 * 60_000); processes[processes.length - 1].crash(); }
    expect(processes).toHaveLength(7);
    expect(askUser).not.toHaveBeenCalled();
  });
});
