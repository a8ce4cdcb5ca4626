import { describe, expect, it } from 'vitest';
import { WEB_THREADS_MIN_CORES, engineThreads, engineWorkerName } from '../../src/renderer/host/engine-threads';
import { GUI_THREADS_MIN_CORES, defaultKernelThreads } from '../../src/node-host';
import { availableParallelism } from 'node:os';

// A host with a window takes a second engine thread from two cores on (measured in the studio: it won on
// median beside the page's threads); the web page can choose with ?threads=1|2, which reaches the engine worker in its name.

describe('how many threads the web engine computes on', () => {
  it('passes the page\'s ?threads=1 or 2 to the worker by name, and nothing else', () => {
    expect(engineWorkerName('?threads=2')).toBe('engine threads=2');
    expect(engineWorkerName('?a=b&threads=1')).toBe('engine threads=1');
    for (const search of ['', '?threads=3', '?threads=two', '?threads=']) expect(engineWorkerName(search), search).toBe('engine');
  });

  it('follows the choice in the worker name whatever the device', () => {
    expect(engineThreads('engine threads=2', 2)).toBe(2);
    expect(engineThreads('engine threads=1', 16)).toBe(1);
  });

  it('without a choice, takes a second thread on a device with 2 cores or more, and one on a single core or an unknown device', () => {
    expect(WEB_THREADS_MIN_CORES).toBe(2);
    expect(engineThreads('engine', 1)).toBe(1);
    expect(engineThreads('engine', 2)).toBe(2);
    expect(engineThreads('engine', 4)).toBe(2);
    expect(engineThreads('engine', undefined)).toBe(1);
  });
});

describe('the Node hosts\' default thread count', () => {
  it('is 2 on two cores or more, for the CLI and for a window host (the utility process) alike', () => {
    const cores = availableParallelism();
    expect(defaultKernelThreads()).toBe(cores >= 2 ? 2 : 1);
    expect(GUI_THREADS_MIN_CORES).toBe(2);
    expect(defaultKernelThreads({ gui: true })).toBe(cores >= 2 ? 2 : 1);
  });
});
