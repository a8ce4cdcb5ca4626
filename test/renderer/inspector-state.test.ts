import { describe, expect, test } from 'vitest';
import type { RequestBody } from '../../src/shared/protocol';
import { BackpropInspector } from '../../src/renderer/studio/state/inspector.svelte';
import type { SendRequest } from '../../src/renderer/host/types';

/** A fake engine that records requests and answers inspectStep with no step and checkGradients with a passing table. */
function fakeEngine(): { sent: RequestBody[]; request: SendRequest } {
  const sent: RequestBody[] = [];
  const request = ((body: RequestBody) => {
    sent.push(body);
    if (body.type === 'checkGradients') return Promise.resolve({ type: 'gradientCheck', requestId: 'x', report: { rows: 8, tolerance: 1e-6, passed: true, layers: [] } });
    return Promise.resolve({ type: 'stepInspection', requestId: 'x', inspection: null, reason: 'Press Step' });
  }) as SendRequest;
  return { sent, request };
}

const status = (state: 'paused' | 'ready' | 'training', step: number) => ({ type: 'status' as const, state, epoch: 0, step });

describe('backprop inspector state', () => {
  test('asks the engine once for each new paused step, not again for the same step nor while training', () => {
    const { sent, request } = fakeEngine();
    const inspector = new BackpropInspector(request, () => {});
    inspector.receiveStatus(status('paused', 1));
    inspector.receiveStatus(status('paused', 1));
    inspector.receiveStatus(status('training', 5));
    inspector.receiveStatus(status('paused', 2));
    expect(sent.map((r) => r.type)).toEqual(['inspectStep', 'inspectStep']);
  });

  test('clamps a chosen weight to the layer\'s widths and starts a new layer at W[0,0]', () => {
    const { sent, request } = fakeEngine();
    const inspector = new BackpropInspector(request, () => {});
    inspector.choose({ from: 9, to: 99 }, [4, 8, 3]);
    expect(inspector.target).toEqual({ layer: 0, sample: 0, from: 3, to: 7 });
    inspector.choose({ layer: 1 }, [4, 8, 3]);
    expect(inspector.target).toEqual({ layer: 1, sample: 0, from: 0, to: 0 });
    expect(sent.at(-1)).toEqual({ type: 'inspectStep', layer: 1, sample: 0, from: 0, to: 0 });
  });

  test('keeps the gradient check\'s table from the engine and drops it for a new dataset or run', async () => {
    const { request } = fakeEngine();
    const inspector = new BackpropInspector(request, () => {});
    await inspector.checkGradients();
    expect(inspector.report?.passed).toBe(true);
    inspector.receiveStatus(status('ready', 0));
    expect(inspector.report).toBeNull();
  });
});
