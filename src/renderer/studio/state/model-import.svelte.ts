import type { Host, SendRequest } from '../../host/types';
import type { DatasetState } from './dataset.svelte';
import { sentence, type StudioErrors } from './errors.svelte';
import type { ImportedModel } from './imported-model';
import type { ModelConfig } from './model-config.svelte';
import type { RunControl } from './run-control.svelte';

export interface ModelImportParts {
  host: Host;
  request: SendRequest;
  errors: StudioErrors;
  dataset: DatasetState;
  model: ModelConfig;
  run: RunControl;
  /** the predict form takes the imported model's columns, or (null) the dataset's again */
  showColumns: (imported: ImportedModel | null) => void;
}

/**
 * A model file brought in to predict with, or to train further. The engine validates the file and
 * answers with its summary, which is all the page shows; a file it refuses leaves everything as it was.
 */
export class ModelImport {
  /** the model file the engine holds, or null when it holds a trained model or none */
  #imported = $state.raw<ImportedModel | null>(null);
  readonly #parts: ModelImportParts;

  constructor(parts: ModelImportParts) {
    this.#parts = parts;
  }

  get imported(): ImportedModel | null { return this.#imported; }
  /** an imported model with a design the designer can hold, and a dataset to train it on */
  canContinueTraining = $derived(this.#canContinue());

  #canContinue(): boolean {
    return this.#parts.run.canTrain && this.#imported?.design != null;
  }

  /** A model JSON file from the page's file input. */
  async importModelFile(file: File): Promise<void> {
    if (this.#parts.run.isRunActive) return;
    const text = await this.#parts.errors.attempt(() => file.text());
    if (text !== null) await this.#import(file.name, text);
  }

  /** The host's own dialog (the desktop menu's Open Model…), then the same import as the header's button. */
  async openModelDialog(): Promise<void> {
    if (this.#parts.run.isRunActive) return;
    const file = await this.#parts.errors.attempt(() => this.#parts.host.openModel());
    if (file && !this.#parts.run.isRunActive) await this.#import(file.name, file.text);
  }

  /**
   * Trains the imported model further on the loaded dataset: its design and saved settings go into the
   * designer, and the run starts once the engine has checked that the design and preprocessing match.
   */
  async continueTraining(): Promise<void> {
    const imported = this.#imported;
    const { model, run, errors, request } = this.#parts;
    if (!imported?.design || !this.canContinueTraining) return;
    const defaults = model.toConfigure();
    model.restore(imported.design, imported.train ?? defaults.train);
    if (!model.isValid) {
      model.restore(defaults.network, defaults.train);
      errors.report({ code: 'cannot-continue', message: `${imported.fileName}'s design or settings are outside what the designer allows; it can still predict.`, line: null, column: null });
      return;
    }
    try {
      await run.configureRun(true);
    } catch (error) {
      // the engine refused before changing anything: the imported model is still the one it holds
      this.#show(imported);
      errors.reportFailure(error, (message) => `Could not continue training ${imported.fileName}: ${message}`);
      return;
    }
    await request({ type: 'start' }).catch((error: unknown) => errors.reportFailure(error));
  }

  /** The engine no longer holds the imported model (new data, a new run, reset): the form follows the dataset again. */
  clear(): void {
    if (!this.#imported) return;
    this.#imported = null;
    this.#parts.showColumns(null);
  }

  async #import(fileName: string, text: string): Promise<void> {
    const { request, errors, dataset, run } = this.#parts;
    try {
      const { model } = await request({ type: 'importModel', text });
      run.clearResult();
      this.#show({ ...model, fileName });
    } catch (error) {
      const kept = this.#imported ? ` ${this.#imported.fileName} stays imported.` : dataset.info ? ` ${dataset.info.name} stays loaded.` : '';
      errors.reportFailure(error, (message) => `Could not import ${fileName}: ${sentence(message, kept)}`);
    }
  }

  #show(imported: ImportedModel): void {
    this.#imported = imported;
    this.#parts.showColumns(imported);
  }
}
