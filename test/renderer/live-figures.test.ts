import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { TrainingCurves } from '../../src/renderer/studio/state/curves.svelte';
import { describeFigures, latestFigures } from '../../src/renderer/studio/state/live-figures';
import { PacedText } from '../../src/renderer/studio/state/paced-text.svelte';
import { epochEvent, metricsEvent } from './fixtures';

describe('the live figures line', () => {
  test('reads the newest epoch\'s losses and validation accuracy and the newest step\'s learning rate', () => {
    const curves = new TrainingCurves();
    curves.reset(10);
    curves.appendMetrics(metricsEvent(0, 20));
    curves.appendEpoch(epochEvent(1));
    curves.appendEpoch(epochEvent(2, { loss: 0.25, valLoss: 0.3, valAccuracy: 0.9 }));
    expect(describeFigures(latestFigures(curves, 'classification')))
      .toBe('epoch 2/10 · loss 0.25 · validation loss 0.3 · validation accuracy 90.0% · learning rate 0.01');
  });

  test('a regression run reports validation R²', () => {
    const curves = new TrainingCurves();
    curves.reset(5);
    curves.appendEpoch(epochEvent(1, { accuracy: null, valAccuracy: null, valR2: 0.75 }));
    const figures = latestFigures(curves, 'regression');
    expect([figures.metricName, figures.metric]).toEqual(['validation R²', 0.75]);
  });

  test('before any run it says where the figures will be', () => {
    const curves = new TrainingCurves();
    expect(describeFigures(latestFigures(curves, 'classification'))).toMatch(/^No run yet/);
  });
});

describe('a paced text', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  test('changes at most once a second and ends on the newest text', () => {
    const paced = new PacedText(1000);
    const shown: string[] = [];
    paced.offer('initial');
    paced.offer('a');
    shown.push(paced.text);
    for (let i = 0; i < 9; i++) {
      vi.advanceTimersByTime(100);
      paced.offer(`b${i}`);
      shown.push(paced.text);
    }
    expect(new Set(shown)).toEqual(new Set(['a'])); // within the second: still the first change
    vi.advanceTimersByTime(100);
    expect(paced.text).toBe('b8');
  });

  test('the initial text starts no interval: the first change right after it shows at once', () => {
    // a run that ends within a second of the figures' mount showed "No run yet" for up to a second
    const paced = new PacedText(1000);
    paced.offer('No run yet');
    expect(paced.text).toBe('No run yet');
    vi.advanceTimersByTime(50);
    paced.offer('epoch 40/40');
    expect(paced.text).toBe('epoch 40/40');
    vi.advanceTimersByTime(50);
    paced.offer('epoch 41/41'); // control: the change after it is paced
    expect(paced.text).toBe('epoch 40/40');
  });

  test('a text offered after a quiet second shows at once (negative control for the pacing)', () => {
    const paced = new PacedText(1000);
    paced.offer('a');
    vi.advanceTimersByTime(1500);
    paced.offer('b');
    expect(paced.text).toBe('b');
  });

  test('dispose drops a waiting text', () => {
    const paced = new PacedText(1000);
    paced.offer('initial');
    paced.offer('a');
    paced.offer('b');
    paced.dispose();
    vi.advanceTimersByTime(2000);
    expect(paced.text).toBe('a');
  });
});
