import { describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../src/preload/bridge';
import { CHANNELS } from '../../src/shared/bridge';

const TOKEN = `grant-${'c'.repeat(32)}/penguins.csv`;
const IDENTITY = { name: 'penguins.csv', size: 120, sha256: 'd'.repeat(64) };

/** A bridge whose ipcRenderer.invoke answers `answer` (what main sent back), recording the calls. */
function bridgeAnswering(answer: unknown) {
  const invoke = vi.fn(async () => answer);
  const bridge = createBridge({ invoke, on: vi.fn(), removeListener: vi.fn() }, { getPathForFile: () => '' },
    { postMessage: vi.fn(), location: { origin: 'app://bundle' } });
  return { bridge, invoke };
}

describe('the preload\'s remembered-work calls pass plain data only', () => {
  it('remembers a dataset by its token and returns main\'s identity as plain fields', async () => {
    const { bridge, invoke } = bridgeAnswering({ ...IDENTITY, extra: 'dropped' });
    await expect(bridge.rememberDataset!(TOKEN)).resolves.toEqual(IDENTITY);
    expect(invoke).toHaveBeenCalledWith(CHANNELS.rememberDataset, TOKEN);
  });

  it('a reopened answer keeps only the token and identity', async () => {
    const { bridge } = bridgeAnswering({ status: 'reopened', token: TOKEN, identity: IDENTITY, path: '/home/u/penguins.csv' });
    await expect(bridge.reopenLastDataset!()).resolves.toEqual({ status: 'reopened', token: TOKEN, identity: IDENTITY });
  });

  it.each([
    ['a raw path instead of a token', { status: 'reopened', token: '/home/u/penguins.csv', identity: IDENTITY }],
    ['no identity', { status: 'reopened', token: TOKEN }],
    ['an unknown status', { status: 'maybe' }],
    ['nothing', null],
  ])('an answer with %s reads as none', async (_what, answer) => {
    await expect(bridgeAnswering(answer).bridge.reopenLastDataset!()).resolves.toEqual({ status: 'none' });
  });

  it('a refusal keeps its reason (at most 1000 characters)', async () => {
    const { bridge } = bridgeAnswering({ status: 'refused', name: 'penguins.csv', reason: 'x'.repeat(5000) });
    const answer = await bridge.reopenLastDataset!();
    expect(answer).toMatchObject({ status: 'refused', name: 'penguins.csv' });
    expect((answer as { reason: string }).reason).toHaveLength(1000);
  });
});
