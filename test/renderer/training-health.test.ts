import { describe, expect, test } from 'vitest';
import type { HealthWarning, TrainingHealth } from '../../src/shared/protocol';
import { settle, startedStudio } from './fixtures';

const exploding: HealthWarning = {
  code: 'exploding', layer: null, step: 4, active: true, message: 'the gradient norm is 170',
  fix: { label: 'Clip-norm 1, lr 5 → 0.5 (now)', live: { clipping: { mode: 'norm', threshold: 1 }, learningRate: 0.5 }, design: null },
};
const vanishing: HealthWarning = {
  code: 'vanishing', layer: 0, step: 4, active: true, message: 'layer 1 gets gradients over 1000× smaller',
  fix: { label: 'Use relu + He init (new run)', live: null, design: { activation: 'relu', init: 'he' } },
};

function healthEvent(warnings: HealthWarning[]): { type: 'health' } & TrainingHealth {
  return { type: 'health', step: 10, layers: [{ gradNorm: 1e-7, deadShare: null, saturatedShare: 0, updateRatio: 1e-3 }],
    weightSquares: 12, weightAbs: 30, gradNorm: 170, learningRate: 5, clippedShare: 0, warnings };
}

/** Waits out the page's pacing of health updates (200 ms). */
const paced = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 260));

describe('the studio’s training health', () => {
  test('shows the engine’s health event (paced) and forgets it when the curves reset', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit(healthEvent([exploding]));
    expect(studio.health.health).toBeNull(); // not before the paced publish
    await paced();
    expect(studio.health.warnings.map((w) => w.code)).toEqual(['exploding']);
    expect(studio.health.liveValues).toMatchObject({ weightSquares: 12, gradNorm: 170, learningRate: 5 });
    studio.curves.reset(10);
    expect(studio.health.health).toBeNull();
  });

  test('a live fix during a run goes to the designer and to the engine at once, and is marked on the charts', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 4 });
    host.connection.emit(healthEvent([exploding]));
    await paced();
    const configures = host.connection.types().filter((t) => t === 'configure').length;
    await studio.health.applyFix(studio.health.warnings[0]);
    await settle();
    expect(host.connection.last('updateSettings').changes).toEqual({ clipping: { mode: 'norm', threshold: 1 }, learningRate: 0.5 });
    expect(studio.model.train.learningRate).toBe(0.5);
    expect(studio.model.train.clipping).toEqual({ mode: 'norm', threshold: 1 });
    expect(studio.curves.marks).toHaveLength(1);
    expect(host.connection.types().filter((t) => t === 'configure')).toHaveLength(configures); // no new run
    expect(studio.health.isApplied(studio.health.warnings[0])).toBe(true);
  });

  test('a design fix sets every layer’s activation and the init, then trains a new run', async () => {
    const { studio, host } = await startedStudio();
    studio.model.hidden.forEach((_, layerIndex) => studio.model.setActivation(layerIndex, 'sigmoid'));
    await studio.run.train();
    expect(host.connection.last('configure').network.hidden.every((layer) => layer.activation === 'sigmoid')).toBe(true);
    host.connection.emit({ type: 'status', state: 'done', epoch: 50, step: 150 });
    host.connection.emit(healthEvent([vanishing]));
    await paced();
    const starts = host.connection.types().filter((t) => t === 'start').length;
    await studio.health.applyFix(studio.health.warnings[0]);
    const configure = host.connection.last('configure');
    expect(configure.network.init).toBe('he');
    expect(configure.network.hidden.every((layer) => layer.activation === 'relu')).toBe(true);
    expect(host.connection.types().filter((t) => t === 'start')).toHaveLength(starts + 1);
    expect(host.connection.types()).not.toContain('updateSettings'); // negative control: nothing sent live
  });
});
