import { layerSizes, parameterCount, type ModelFile } from '../engine';
import { modelCategories } from '../engine/data';
import { networkDesignSchema, type ModelSummary } from '../shared/protocol';

/** How many single-value metrics a summary carries (a file may hold many; the page shows a few). */
const MAX_SUMMARY_METRICS = 20;

/**
 * What the page needs to know about a model file the engine has validated: sizes, parameter count
 * Σ(fanIn·fanOut + fanOut), columns, target, classes, the design (when the designer can hold it),
 * the saved settings and the metrics that are single values. The page shows this and never parses the file.
 */
export function summarizeModel(file: ModelFile): ModelSummary {
  const { spec, preprocessing, data } = file;
  const design = networkDesignSchema.safeParse({ hidden: spec.hidden, init: spec.init });
  return {
    task: spec.output.activation === 'softmax' ? 'classification' : 'regression',
    layerSizes: layerSizes(spec),
    activations: [...spec.hidden.map((h) => h.activation), spec.output.activation],
    parameterCount: parameterCount(spec),
    columns: preprocessing ? preprocessing.columns.map((c) => c.name) : [],
    categories: preprocessing ? modelCategories(preprocessing) : [],
    target: preprocessing?.target.name ?? null,
    classes: preprocessing?.target.classes ?? null,
    design: design.success ? design.data : null,
    train: file.training ?? null,
    metrics: Object.entries(file.metrics ?? {})
      .filter((entry): entry is [string, number | string] => typeof entry[1] === 'number' || typeof entry[1] === 'string')
      .slice(0, MAX_SUMMARY_METRICS)
      .map(([label, value]) => ({ label, value })),
    data: data ? { name: data.name ?? null, rows: data.rows, columns: data.columns?.length ?? null } : null,
    createdAt: file.createdAt ?? null,
  };
}
