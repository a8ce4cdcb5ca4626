import { describe, expect, test } from 'vitest';
import { TrainingCurves, describeChanges } from '../../src/renderer/studio/state/curves.svelte';
import { DecimatedSeries } from '../../src/renderer/studio/state/decimated-series';
import { epochEvent, metricsEvent } from './fixtures';

describe('TrainingCurves', () => {
  test('a metrics event appends one batch point per step and one series per layer', () => {
    const curves = new TrainingCurves();
    curves.reset(10);
    curves.appendMetrics(metricsEvent(0, 5, 4));
    curves.appendMetrics(metricsEvent(5, 3, 4));
    expect(curves.batchCurves.loss.points.map((p) => p.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(curves.batchCurves.layerGradNorms).toHaveLength(4);
    expect(curves.progress.step).toBe(7);
  });

  test('appending keeps the same arrays (a chart holding them sees the growth) and bumps the revision', () => {
    const curves = new TrainingCurves();
    curves.reset(10);
    const points = curves.batchCurves.loss.points;
    const revision = curves.revision;
    curves.appendMetrics(metricsEvent(0, 2));
    expect(curves.batchCurves.loss.points).toBe(points);
    expect(curves.revision).toBeGreaterThan(revision);
  });

  test('a reset gives new, empty arrays', () => {
    const curves = new TrainingCurves();
    curves.appendMetrics(metricsEvent(0, 2));
    const points = curves.batchCurves.loss.points;
    curves.reset(5);
    expect(curves.batchCurves.loss.points).not.toBe(points);
    expect(curves.batchCurves.loss.points).toHaveLength(0);
    expect(curves.hasData).toBe(false);
  });

  test('epoch events chart train and validation curves and the best epoch', () => {
    const curves = new TrainingCurves();
    curves.appendEpoch(epochEvent(1));
    curves.appendEpoch(epochEvent(2, { bestEpoch: 1 }));
    expect(curves.epochCurves.loss.map((p) => p.x)).toEqual([1, 2]);
    expect(curves.epochCurves.valAccuracy).toHaveLength(2);
    expect(curves.bestEpoch).toBe(1);
  });

  test('epochs folded into a later event are charted first, in order, once', () => {
    const curves = new TrainingCurves();
    curves.appendEpoch({ ...epochEvent(3), earlier: [epochEvent(1), epochEvent(2)] });
    curves.appendEpoch({ ...epochEvent(4), earlier: [epochEvent(3)] });
    expect(curves.epochCurves.loss.map((p) => p.x)).toEqual([1, 2, 3, 4]);
  });

  test('time left is the mean epoch time times the epochs to go', () => {
    const curves = new TrainingCurves();
    curves.appendEpoch(epochEvent(2, { epochs: 10, elapsedMs: 1000 }));
    expect(curves.timeLeftMs).toBe(4000);
  });

  test('a settings change is marked between epochs at its step', () => {
    const curves = new TrainingCurves();
    curves.reset(10);
    curves.appendMetrics(metricsEvent(1, 10));
    curves.appendEpoch(epochEvent(1)); // 10 steps per epoch
    curves.appendMetrics(metricsEvent(11, 5));
    curves.markSettingsChange({ type: 'settingsChanged', step: 15, epoch: 1, changes: { learningRate: 0.001 } });
    expect(curves.marks).toEqual([{ step: 15, epochX: 1.5, label: 'lr 0.001' }]);
  });

  test('a change of epochs moves the planned total', () => {
    const curves = new TrainingCurves();
    curves.reset(10);
    curves.markSettingsChange({ type: 'settingsChanged', step: 0, epoch: 0, changes: { epochs: 30 } });
    expect(curves.progress.epochs).toBe(30);
  });

  test('changes are described briefly', () => {
    expect(describeChanges({ learningRate: 0.1, clipping: { mode: 'norm', threshold: 1 } })).toBe('lr 0.1, clip norm 1');
  });
});

describe('the progress bar\'s samples/s', () => {
  test('is the latest metrics window\'s rate until an epoch ends, then the run\'s average even when a slower window comes after', () => {
    const curves = new TrainingCurves();
    curves.reset(10);
    curves.appendMetrics({ ...metricsEvent(0, 5), samplesPerSecond: 30_000 });
    expect(curves.progress.samplesPerSecond).toBe(30_000);
    curves.appendEpoch(epochEvent(1, { samplesPerSecond: 41_000 }));
    curves.appendMetrics({ ...metricsEvent(10, 2), samplesPerSecond: 9_000 }); // a short last window (the run's end)
    expect(curves.progress.samplesPerSecond).toBe(41_000);
    curves.reset(10); // negative control: a new run forgets the old average
    curves.appendMetrics({ ...metricsEvent(0, 5), samplesPerSecond: 12_000 });
    expect(curves.progress.samplesPerSecond).toBe(12_000);
  });
});

describe('DecimatedSeries', () => {
  test('never holds more than maxPoints points', () => {
    const series = new DecimatedSeries(100);
    for (let i = 0; i < 10_000; i++) series.push(i, i);
    expect(series.points.length).toBeLessThanOrEqual(100);
    expect(series.points.length).toBeGreaterThan(40);
    expect(series.rawCount).toBe(10_000);
  });

  test('keeps the shape: a line stays a line, x increasing', () => {
    const series = new DecimatedSeries(64);
    for (let i = 0; i < 1000; i++) series.push(i, 2 * i);
    const xs = series.points.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    for (const p of series.points) expect(Math.abs(p.y - 2 * p.x)).toBeLessThanOrEqual(2 * series.stride);
  });

  test('keeps every point while there is room', () => {
    const series = new DecimatedSeries(100);
    for (let i = 0; i < 50; i++) series.push(i, i);
    expect(series.points).toHaveLength(50);
    expect(series.stride).toBe(1);
  });

  test('skips non-finite values rather than poisoning the means', () => {
    const series = new DecimatedSeries(10);
    series.push(0, 1);
    series.push(1, Number.NaN);
    series.push(2, 3);
    expect(series.points.map((p) => p.y)).toEqual([1, 3]);
  });
});

describe('thinForDrawing', () => {
  test('keeps short series whole', async () => {
    const { thinForDrawing } = await import('../../src/renderer/studio/state/decimated-series');
    const points = [{ x: 1, y: 2 }, { x: 2, y: 3 }];
    expect(thinForDrawing(points, 10)).toEqual(points);
  });

  test('keeps a spike that averaging would flatten', async () => {
    const { thinForDrawing } = await import('../../src/renderer/studio/state/decimated-series');
    const points = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i === 517 ? 100 : 1 }));
    const thinned = thinForDrawing(points, 50);
    expect(thinned.length).toBeLessThanOrEqual(50);
    expect(Math.max(...thinned.map((p) => p.y))).toBe(100);
    expect(thinned.map((p) => p.x)).toEqual([...thinned.map((p) => p.x)].sort((a, b) => a - b));
  });
});

test('a paced curves object publishes many appends as one revision', () => {
  const queued: (() => void)[] = [];
  const curves = new TrainingCurves((bump) => queued.push(bump));
  const before = curves.batchRevision;
  curves.appendMetrics(metricsEvent(1, 2));
  curves.appendMetrics(metricsEvent(3, 2));
  expect(curves.batchRevision).toBe(before);
  expect(queued).toHaveLength(1);
  queued[0]();
  expect(curves.batchRevision).toBe(before + 1);
  expect(curves.progress.step).toBe(4);
});
