import type { DatasetSource, EngineEvent } from '../../../shared/protocol';
import type { SendRequest } from '../../host/types';

type PredictionEvent = Extract<EngineEvent, { type: 'prediction' }>;

/** One output of a single-row prediction: a class and its probability, or the regressed value. */
export interface PredictedOutput {
  label: string;
  value: number;
}

export interface BatchPrediction {
  fileName: string;
  rows: number;
  csv: string;
}

/**
 * The Predict panel: one raw text value per input column (as a CSV cell would hold it), the last
 * single-row prediction, and batch prediction of a CSV whose result can be downloaded.
 */
export class Predictor {
  #values = $state<Record<string, string>>({});
  #outputs = $state.raw<PredictedOutput[] | null>(null);
  /** the class names, in output order (classification), or null (regression) */
  #classes: string[] | null = null;
  #batch = $state.raw<BatchPrediction | null>(null);
  /** the latest single-row and batch requests: an answer to an earlier one is not shown over a later one's */
  #latestRow = 0;
  #latestCsv = 0;
  #isPredicting = $state(false);
  /** why the last single-row prediction failed, shown beside the form (its old result is cleared) */
  #rowError = $state<string | null>(null);
  /** the known categories of categorical columns: the form offers these, never free text */
  #choices = $state.raw<Record<string, string[]>>({});
  /** a field's value the model cannot read (an unseen category), by column: shown beside the field, and no prediction is asked */
  #fieldErrors = $state.raw<Record<string, string>>({});
  #isBatchRunning = $state(false);
  readonly #request: SendRequest;
  readonly #reportFailure: (error: unknown, describe: (message: string) => string) => void;

  constructor(request: SendRequest, reportFailure: (error: unknown, describe: (message: string) => string) => void) {
    this.#request = request;
    this.#reportFailure = reportFailure;
  }

  get values(): Record<string, string> { return this.#values; }
  get outputs(): PredictedOutput[] | null { return this.#outputs; }
  get batch(): BatchPrediction | null { return this.#batch; }
  get isPredicting(): boolean { return this.#isPredicting; }
  get rowError(): string | null { return this.#rowError; }
  get choices(): Record<string, string[]> { return this.#choices; }
  /** the categories column `column` may take, or null when it takes any text (numbers, dates) */
  choicesFor(column: string): string[] | null { return Object.hasOwn(this.#choices, column) ? this.#choices[column] : null; }
  /** why the column's value is refused, or null */
  fieldError(column: string): string | null { return Object.hasOwn(this.#fieldErrors, column) ? this.#fieldErrors[column] : null; }
  get isBatchRunning(): boolean { return this.#isBatchRunning; }
  /** the most likely class (classification) or the value (regression) */
  topOutput = $derived<PredictedOutput | null>(
    this.#outputs && this.#outputs.length > 0 ? this.#outputs.reduce((best, o) => (o.value > best.value ? o : best)) : null,
  );

  /** New columns: the form starts from an example row of the data. */
  /** `choices`: the known categories per categorical column (a select instead of a text field). */
  setColumns(columns: string[], exampleRow: Record<string, string>, classes: string[] | null, choices: Record<string, string[]> = {}): void {
    this.#choices = Object.fromEntries(Object.entries(choices).filter(([c, list]) => columns.includes(c) && list.length > 0));
    this.#values = Object.fromEntries(columns.map((c) => [c, this.#choices[c] && !this.#choices[c].includes(exampleRow[c] ?? '') ? this.#choices[c][0] : exampleRow[c] ?? '']));
    this.#classes = classes;
    this.#outputs = null;
    this.#rowError = null;
    this.#fieldErrors = {};
  }

  /** Sets a field; a categorical field's value must be one of the model's categories (checked as typed). */
  setValue(column: string, value: string): void {
    this.#values[column] = value;
    const problem = unknownCategory(value, this.choicesFor(column));
    const others = Object.fromEntries(Object.entries(this.#fieldErrors).filter(([c]) => c !== column));
    this.#fieldErrors = problem ? { ...others, [column]: problem } : others;
  }

  async predictRow(): Promise<void> {
    const ticket = ++this.#latestRow;
    const refused = Object.keys(this.#fieldErrors).length;
    if (refused > 0) {
      this.#outputs = null; // no answer shows for a row that was not predicted
      this.#rowError = `Not predicted: ${refused === 1 ? 'a field holds a value' : `${refused} fields hold values`} the model does not know (marked above).`;
      return;
    }
    this.#isPredicting = true;
    try {
      const answer = await this.#request({ type: 'predict', rows: [$state.snapshot(this.#values)] });
      if (ticket === this.#latestRow) { this.#outputs = this.#named(answer); this.#rowError = null; }
    } catch (error) {
      if (ticket === this.#latestRow) {
        this.#outputs = null; // an old result must not read as the answer to the new row
        this.#rowError = `Prediction failed: ${(error as Error)?.message ?? String(error)}`;
      }
    } finally {
      if (ticket === this.#latestRow) this.#isPredicting = false;
    }
  }

  async predictCsv(fileName: string, source: DatasetSource): Promise<void> {
    const ticket = ++this.#latestCsv;
    this.#isBatchRunning = true;
    this.#batch = null;
    try {
      const { csv, rows } = await this.#request({ type: 'predictCsv', source });
      if (ticket === this.#latestCsv) this.#batch = { fileName: `${fileName.replace(/\.(csv|tsv|txt)$/i, '')}-predictions.csv`, rows, csv };
    } catch (error) {
      this.#reportFailure(error, (message) => `Prediction failed: ${message}`);
    } finally {
      if (ticket === this.#latestCsv) this.#isBatchRunning = false;
    }
  }

  /** outputs[row] holds one probability per class (or the value); labels[row] is the row's predicted class. */
  #named(answer: PredictionEvent): PredictedOutput[] {
    const outputs = answer.outputs[0] ?? [];
    const classes = this.#classes;
    return classes && outputs.length === classes.length
      ? outputs.map((value, i) => ({ label: classes[i], value }))
      : outputs.map((value, i) => ({ label: outputs.length === 1 ? 'prediction' : answer.labels?.[0] && i === argmax(outputs) ? answer.labels[0] : `output ${i + 1}`, value }));
  }
}

/**
 * Why `value` is refused for a field offering `known` categories (null: accepted, or any text goes):
 * "Atlantis" is not one of the 3 islands the model knows; "female" suggests "FEMALE".
 */
export function unknownCategory(value: string, known: readonly string[] | null): string | null {
  if (!known || known.includes(value)) return null;
  const folded = known.find((k) => k.toLowerCase() === value.trim().toLowerCase());
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  if (folded !== undefined) return `"${shown}" is not a category the model knows; did you mean "${folded}"?`;
  return `"${shown}" is not one of the ${known.length.toLocaleString('en-US')} categories the model knows`;
}

/** The predict form's choices from the model's category lists (an imported model's, or the trained one's). */
export function categoryChoices(lists: readonly { name: string; values: string[] }[] | undefined): Record<string, string[]> {
  return Object.fromEntries((lists ?? []).map((list) => [list.name, list.values]));
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
