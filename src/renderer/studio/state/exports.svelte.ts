import { EXPORT_FORMATS as ENGINE_EXPORT_FORMATS, EXPORT_LABELS } from '../../../engine/export/formats';
import type { EngineRequest } from '../../../shared/protocol';
import type { Host, SendRequest } from '../../host/types';
import type { StudioErrors } from './errors.svelte';
import type { RunHistory, RunRecord } from './runs.svelte';

export type ExportFormat = Extract<EngineRequest, { type: 'exportModel' }>['format'];

/** What each export format is, for the menu (the formats and their labels are the engine's). */
export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = ENGINE_EXPORT_FORMATS.map((format) => ({ format, label: EXPORT_LABELS[format] }));

export interface ModelExportsParts {
  host: Host;
  request: SendRequest;
  errors: StudioErrors;
  runs: RunHistory;
}

/**
 * Files out of the studio: the model the engine holds in any format (saved through the host's dialog
 * or a download), each finished run's model JSON kept in the history, and a past run's model saved
 * again. Every model arrives as the bytes the engine encoded; nothing here decodes or re-encodes them.
 */
export class ModelExports {
  readonly #parts: ModelExportsParts;

  constructor(parts: ModelExportsParts) {
    this.#parts = parts;
  }

  /** The engine's model in a format (model JSON, ONNX, or inference code), saved under the engine's file name. */
  async exportModel(format: ExportFormat = 'json'): Promise<void> {
    const { request, errors, host } = this.#parts;
    try {
      const { fileName, bytes } = await request({ type: 'exportModel', format });
      await errors.attempt(() => host.saveFile(fileName, bytes));
    } catch (error) {
      errors.reportFailure(error, (message) => `Export failed: ${message}`);
    }
  }

  /**
   * A finished run's model JSON, asked for as soon as the run's `done` arrived (the engine answers in
   * order, so it is the run's model unless the run was dropped first: then there is nothing to keep).
   */
  async keepRunModel(runId: number): Promise<void> {
    const { request, errors, runs } = this.#parts;
    try {
      const { fileName, bytes } = await request({ type: 'exportModel', format: 'json' });
      runs.attachModel(runId, { fileName, json: bytes });
    } catch (error) {
      // a dataset loaded or a reset right after the run dropped its model: the run keeps its curves only
      if ((error as { code?: string }).code !== 'no-model') errors.reportFailure(error, (message) => `Export failed: ${message}`);
    }
  }

  /** A past run's model JSON, saved as the bytes the engine sent (no parse, no re-encode). */
  async saveRunModel(run: RunRecord): Promise<void> {
    const model = run.model;
    if (model) await this.#parts.errors.attempt(() => this.#parts.host.saveFile(model.fileName, model.json));
  }

  /** The last batch prediction's CSV. */
  async savePredictions(batch: { fileName: string; csv: string } | null): Promise<void> {
    if (batch) await this.#parts.errors.attempt(() => this.#parts.host.saveFile(batch.fileName, batch.csv));
  }
}
