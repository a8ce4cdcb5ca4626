import { describe, expect, test } from 'vitest';
import { chartTable } from '../../src/renderer/studio/charts/chart-table';
import { drawnSeries } from '../../src/renderer/studio/charts/line-chart.svelte';
import { DecimatedSeries } from '../../src/renderer/studio/state/decimated-series';

describe('a chart\'s table view', () => {
  test('two series share rows by x, with null where one has no point', () => {
    const table = chartTable([
      { label: 'train', points: [{ x: 1, y: 0.9 }, { x: 2, y: 0.5 }, { x: 3, y: 0.4 }] },
      { label: 'validation', points: [{ x: 1, y: 1.0 }, { x: 3, y: 0.6 }] },
    ], {}, 'epoch');
    expect(table.columns).toEqual(['train', 'validation']);
    expect(table.rows.map((r) => [r.x, ...r.values])).toEqual([[1, 0.9, 1.0], [2, 0.5, null], [3, 0.4, 0.6]]);
  });

  test('a mark at a row\'s x is named in that row and in the notes', () => {
    const table = chartTable([{ label: 'train', points: [{ x: 1, y: 0.9 }, { x: 2, y: 0.5 }] }],
      { marks: [{ x: 2, label: 'best 2', kind: 'best' }, { x: 1.5, label: 'lr 0.001', kind: 'settings' }] }, 'epoch');
    expect(table.rows.map((r) => r.marks)).toEqual([[], ['best 2']]);
    expect(table.notes).toEqual(['best 2 at epoch 2', 'change: lr 0.001 at epoch 1.5']);
  });

  test('clipped steps and bands are listed as notes', () => {
    const table = chartTable([{ label: 'g', points: [] }], {
      topTicks: [3, 7], bands: [{ from: -Infinity, to: 1e-6, label: 'vanishing (< 1e-6)' }],
    }, 'step');
    expect(table.notes).toEqual(['band: vanishing (< 1e-6)', 'gradient clipped at 2 steps: 3, 7']);
  });

  test('a single scatter series keeps points that share an x', () => {
    const table = chartTable([{ label: 'rows', points: [{ x: 1, y: 2 }, { x: 1, y: 3 }] }], {}, 'actual');
    expect(table.rows.map((r) => r.values[0])).toEqual([2, 3]);
  });

  test('the table of a long per-step series lists exactly the points the chart draws (thinned), not the raw series', () => {
    const series = new DecimatedSeries();
    for (let step = 0; step < 1000; step++) series.push(step, Math.sin(step / 7));
    const drawn = drawnSeries({ revision: 1, xTitle: 'step', yTitle: 'loss', series: [{ label: 'loss', points: series.points, color: '#000' }] });
    const table = chartTable(drawn, {}, 'step');
    expect(table.rows.map((r) => ({ x: r.x, y: r.values[0] }))).toEqual(drawn[0].points);
    expect(table.rows.length).toBeLessThan(series.points.length); // negative control: the raw series is longer
  });
});
