import type { DatasetSource, EngineEvent, EngineRequest } from '../../../shared/protocol';

type PredictionEvent = Extract<EngineEvent, { type: 'prediction' }>;
type PredictCsvEvent = Extract<EngineEvent, { type: 'predictCsvResult' }>;

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
  #pendingRow: string | null = null;
  #pendingCsv: { requestId: string; fileName: string } | null = null;
  #isPredicting = $state(false);
  #isBatchRunning = $state(false);
  #counter = 0;
  readonly #send: (request: EngineRequest) => void;

  constructor(send: (request: EngineRequest) => void) {
    this.#send = send;
  }

  get values(): Record<string, string> { return this.#values; }
  get outputs(): PredictedOutput[] | null { return this.#outputs; }
  get batch(): BatchPrediction | null { return this.#batch; }
  get isPredicting(): boolean { return this.#isPredicting; }
  get isBatchRunning(): boolean { return this.#isBatchRunning; }
  /** the most likely class (classification) or the value (regression) */
  topOutput = $derived<PredictedOutput | null>(
    this.#outputs && this.#outputs.length > 0 ? this.#outputs.reduce((best, o) => (o.value > best.value ? o : best)) : null,
  );

  /** New columns: the form starts from an example row of the data. */
  setColumns(columns: string[], exampleRow: Record<string, string>, classes: string[] | null): void {
    this.#values = Object.fromEntries(columns.map((c) => [c, exampleRow[c] ?? '']));
    this.#classes = classes;
    this.#outputs = null;
  }

  setValue(column: string, value: string): void {
    this.#values[column] = value;
  }

  predictRow(): void {
    const requestId = `predict-${++this.#counter}`;
    this.#pendingRow = requestId;
    this.#isPredicting = true;
    this.#send({ type: 'predict', requestId, rows: [$state.snapshot(this.#values)] });
  }

  predictCsv(fileName: string, source: DatasetSource): void {
    const requestId = `predict-csv-${++this.#counter}`;
    this.#pendingCsv = { requestId, fileName };
    this.#isBatchRunning = true;
    this.#batch = null;
    this.#send({ type: 'predictCsv', requestId, source });
  }

  /** Takes the events meant for the panel; returns true when it was one of ours. */
  receive(event: PredictionEvent | PredictCsvEvent): boolean {
    if (event.type === 'prediction' && event.requestId === this.#pendingRow) {
      // outputs[row] holds one probability per class (or the value); labels[row] is the row's predicted class
      const outputs = event.outputs[0] ?? [];
      const classes = this.#classes;
      this.#outputs = classes && outputs.length === classes.length
        ? outputs.map((value, i) => ({ label: classes[i], value }))
        : outputs.map((value, i) => ({ label: outputs.length === 1 ? 'prediction' : event.labels?.[0] && i === argmax(outputs) ? event.labels[0] : `output ${i + 1}`, value }));
      this.#isPredicting = false;
      this.#pendingRow = null;
      return true;
    }
    if (event.type === 'predictCsvResult' && this.#pendingCsv?.requestId === event.requestId) {
      const name = this.#pendingCsv.fileName.replace(/\.(csv|tsv|txt)$/i, '');
      this.#batch = { fileName: `${name}-predictions.csv`, rows: event.rows, csv: event.csv };
      this.#isBatchRunning = false;
      this.#pendingCsv = null;
      return true;
    }
    return false;
  }

  /** A request of ours failed: stop waiting for it. */
  fail(requestId: string | undefined): boolean {
    if (requestId && requestId === this.#pendingRow) {
      this.#isPredicting = false;
      this.#pendingRow = null;
      return true;
    }
    if (requestId && requestId === this.#pendingCsv?.requestId) {
      this.#isBatchRunning = false;
      this.#pendingCsv = null;
      return true;
    }
    return false;
  }
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
