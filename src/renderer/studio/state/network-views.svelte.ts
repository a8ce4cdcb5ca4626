import type { BoundaryAnswer, UnitDetails, WeightsViewAnswer } from '../../../shared/protocol';
import type { SendRequest } from '../../host/types';
import { ThrottledFetch } from './throttled-fetch';
import { typedColumn } from './typed-column';

/** Units drawn per layer at most, and edges kept into each unit (the strongest by |w|). */
export const DIAGRAM_MAX_UNITS = 24;
export const DIAGRAM_EDGES_PER_UNIT = 8;
/** 400 ms: the diagram follows a run at 2.5 updates a second; the boundary, a heavier request, every 1.5 s. */
export const DIAGRAM_INTERVAL_MS = 400;
export const BOUNDARY_INTERVAL_MS = 1500;
export const BOUNDARY_CELLS = 48;

/** A typed axis column checked against the numeric inputs and the other axis: the column, or what is wrong. */
export function axisColumnOf(typed: string, numericColumns: readonly string[], otherAxis: string | null): { column: string } | { problem: string } {
  const choice = typedColumn(typed, numericColumns, 'numeric input column');
  if ('column' in choice && choice.column === otherAxis) return { problem: `"${choice.column}" is already the other axis; the boundary needs two different columns.` };
  return choice;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The weighted diagram and its unit details: the engine's compact snapshot of the strongest edges, fetched
 * when the run moves on (throttled), and one clicked unit's incoming weights, bias and activations.
 */
export class WeightsDiagram {
  #view = $state.raw<WeightsViewAnswer | null>(null);
  #details = $state.raw<UnitDetails | null>(null);
  #selected = $state<{ layer: number; unit: number } | null>(null);
  #problem = $state<string | null>(null);
  readonly #request: SendRequest;
  readonly #fetch: ThrottledFetch;

  constructor(request: SendRequest) {
    this.#request = request;
    this.#fetch = new ThrottledFetch(() => this.#load(), DIAGRAM_INTERVAL_MS);
  }

  get view(): WeightsViewAnswer | null { return this.#view; }
  get details(): UnitDetails | null { return this.#details; }
  get selected(): { layer: number; unit: number } | null { return this.#selected; }
  get problem(): string | null { return this.#problem; }

  /** The model changed (a step, an epoch, an import): fetch the newest weights soon. */
  refresh(): void { this.#fetch.poke(); }

  /** No model any more (new data, reset). */
  clear(): void {
    this.#view = null;
    this.#details = null;
    this.#selected = null;
  }

  /** Opens a unit's details (layer ≥ 1 counts from the inputs' 0). */
  async select(layer: number, unit: number): Promise<void> {
    this.#selected = { layer, unit };
    await this.#loadDetails();
  }

  closeDetails(): void {
    this.#selected = null;
    this.#details = null;
  }

  dispose(): void { this.#fetch.dispose(); }

  async #load(): Promise<void> {
    try {
      this.#view = await this.#request({ type: 'weightsView', maxUnits: DIAGRAM_MAX_UNITS, edgesPerUnit: DIAGRAM_EDGES_PER_UNIT });
      this.#problem = null;
      if (this.#selected) await this.#loadDetails();
    } catch (error) {
      this.#problem = messageOf(error);
    }
  }

  async #loadDetails(): Promise<void> {
    const selected = this.#selected;
    if (!selected) return;
    try {
      const details = await this.#request({ type: 'unitDetails', ...selected });
      if (this.#selected === selected) this.#details = details;
    } catch (error) {
      this.#problem = messageOf(error);
    }
  }
}

/** The decision boundary: two numeric columns, the row the others are held at, and the engine's grid. */
export class BoundaryState {
  #answer = $state.raw<BoundaryAnswer | null>(null);
  #problem = $state<string | null>(null);
  xColumn = $state<string | null>(null);
  yColumn = $state<string | null>(null);
  heldRow = $state(0);
  readonly #request: SendRequest;
  readonly #fetch: ThrottledFetch;

  constructor(request: SendRequest) {
    this.#request = request;
    this.#fetch = new ThrottledFetch(() => this.#load(), BOUNDARY_INTERVAL_MS);
  }

  get answer(): BoundaryAnswer | null { return this.#answer; }
  get problem(): string | null { return this.#problem; }

  /** The axes to offer: the first two numeric columns unless the user chose others among them. */
  chooseAxes(numericColumns: string[]): void {
    if (!this.xColumn || !numericColumns.includes(this.xColumn)) this.xColumn = numericColumns[0] ?? null;
    if (!this.yColumn || !numericColumns.includes(this.yColumn) || this.yColumn === this.xColumn) {
      this.yColumn = numericColumns.find((c) => c !== this.xColumn) ?? null;
    }
  }

  refresh(): void { this.#fetch.poke(); }

  clear(): void { this.#answer = null; }

  dispose(): void { this.#fetch.dispose(); }

  async #load(): Promise<void> {
    const { xColumn, yColumn } = this;
    if (!xColumn || !yColumn) { this.#problem = 'The boundary needs two numeric input columns.'; return; }
    try {
      this.#answer = await this.#request({ type: 'boundary', xColumn, yColumn, heldRow: this.heldRow, cells: BOUNDARY_CELLS });
      this.#problem = null;
    } catch (error) {
      this.#problem = messageOf(error);
    }
  }
}
