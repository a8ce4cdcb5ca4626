/** The plain-data summary of a prepared dataset that the studio shows (shape of the protocol's DatasetInfo). */
import type { PreparedData } from './prepare';
import type { Inspection } from './table';
import type { ColumnSchema, DataChoices, DataWarning, Preprocessing, Task } from './types';

export interface DatasetSummary {
  name: string;
  rows: number;
  columns: ColumnSchema[];
  preview: string[][];
  warnings: DataWarning[];
  choices: DataChoices;
  task: Task;
  classes: string[] | null;
  inputSize: number;
  outputSize: number;
  split: { train: number; validation: number; test: number };
  skippedRows: number;
  rowsLeftOut: PreparedData['rowsLeftOut'];
  /** each categorical feature's categories as the fitted model knows them (the predict form offers these) */
  categories: { name: string; values: string[] }[];
}

/** What the UI needs to show about a file prepared under some choices. */
export function summarizeDataset(name: string, inspection: Inspection, prepared: PreparedData): DatasetSummary {
  return {
    name,
    rows: inspection.rows,
    columns: inspection.columns,
    preview: inspection.preview,
    warnings: prepared.warnings,
    choices: prepared.choices,
    task: prepared.task,
    classes: prepared.classes,
    inputSize: prepared.train.inputSize,
    outputSize: prepared.classes ? prepared.classes.length : 1,
    split: prepared.split,
    skippedRows: prepared.skippedRows,
    rowsLeftOut: prepared.rowsLeftOut,
    categories: modelCategories(prepared.preprocessing),
  };
}

/** Each categorical column's categories in the model's order: the values its one-hot inputs stand for. */
export function modelCategories(pre: Preprocessing): { name: string; values: string[] }[] {
  return pre.columns.flatMap((c) => (c.kind === 'categorical' ? [{ name: c.name, values: [...c.categories] }] : []));
}
