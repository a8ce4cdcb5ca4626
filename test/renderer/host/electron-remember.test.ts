import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ElectronHost } from '../../../src/renderer/host/electron';
import type { Bridge, LastDatasetAnswer } from '../../../src/shared/bridge';

const TOKEN = `grant-${'a'.repeat(32)}/penguins.csv`;
const IDENTITY = { name: 'penguins.csv', size: 120, sha256: 'b'.repeat(64) };

/** The bridge as the preload builds it, its remembered-work calls played by the test. */
function bridgeWith(overrides: Partial<Bridge>): Bridge {
  return {
    connectEngine: vi.fn(), openCsv: vi.fn(async () => null), openModel: vi.fn(async () => null), pathForFile: vi.fn(() => ''),
    samplePath: vi.fn(async () => ''), saveFile: vi.fn(async () => true), recentFiles: vi.fn(async () => []),
    loadUserData: vi.fn(async () => null), saveUserData: vi.fn(async () => undefined), onMenuCommand: vi.fn(() => () => undefined),
    ...overrides,
  };
}

const hostOver = (bridge: Bridge) => new ElectronHost(bridge, {} as Window);

describe('the desktop host keeps the last dataset through main', () => {
  it('keeps a granted file by its token: main fingerprints it and the page gets the identity', async () => {
    const rememberDataset = vi.fn(async () => IDENTITY);
    const kept = await hostOver(bridgeWith({ rememberDataset })).keepDataset({ kind: 'path', path: TOKEN });
    expect(rememberDataset).toHaveBeenCalledWith(TOKEN);
    expect(kept).toEqual({ identity: IDENTITY, isKept: true, reason: null });
  });

  it('a token main does not know keeps nothing', async () => {
    await expect(hostOver(bridgeWith({ rememberDataset: vi.fn(async () => null) })).keepDataset({ kind: 'path', path: TOKEN })).resolves.toBeNull();
  });

  it('bytes that did not come from disk are hashed in the page and said not kept', async () => {
    const rememberDataset = vi.fn();
    const kept = await hostOver(bridgeWith({ rememberDataset })).keepDataset({ kind: 'text', name: 'pasted.csv', text: 'a,b\n1,2\n' });
    expect(rememberDataset).not.toHaveBeenCalled();
    expect(kept).toEqual({ identity: { name: 'pasted.csv', size: 8, sha256: createHash('sha256').update('a,b\n1,2\n').digest('hex') },
      isKept: false, reason: 'it did not come from a file on disk' });
  });

  it('a reopened file comes back as a path source carrying main\'s fresh token', async () => {
    const answer: LastDatasetAnswer = { status: 'reopened', token: TOKEN, identity: IDENTITY };
    await expect(hostOver(bridgeWith({ reopenLastDataset: async () => answer })).reopenDataset())
      .resolves.toEqual({ status: 'reopened', source: { kind: 'path', path: TOKEN }, identity: IDENTITY });
  });

  it('main\'s refusal reaches the studio with its reason; an older preload reopens nothing', async () => {
    const refused: LastDatasetAnswer = { status: 'refused', name: 'penguins.csv', reason: 'penguins.csv was not reopened: its size changed' };
    await expect(hostOver(bridgeWith({ reopenLastDataset: async () => refused })).reopenDataset()).resolves.toEqual(refused);
    await expect(hostOver(bridgeWith({})).reopenDataset()).resolves.toEqual({ status: 'none' });
  });

  it('File › Open Recent arrives as a path source with the granted token', () => {
    let relay: (token: string) => void = () => undefined;
    const host = hostOver(bridgeWith({ onOpenDataset: (listener) => { relay = listener; return () => undefined; } }));
    const opened: unknown[] = [];
    host.onOpenDataset((source) => opened.push(source));
    relay(TOKEN);
    expect(opened).toEqual([{ kind: 'path', path: TOKEN }]);
  });
});
