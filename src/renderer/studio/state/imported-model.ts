import type { ModelSummary, TrainSettingsMessage } from '../../../shared/protocol';

/**
 * An imported model as the studio shows it: the engine's summary of the file it validated (the page
 * never parses a model file), and the file's name.
 */
export interface ImportedModel extends ModelSummary {
  fileName: string;
}

/** The saved training settings worth showing, as label → text rows (none when the file saved none). */
export function savedSettingsRows(train: TrainSettingsMessage | null): { label: string; value: string }[] {
  if (!train) return [];
  const rows: [string, number | string][] = [
    ['epochs', train.epochs], ['batch size', train.batchSize], ['learning rate', train.learningRate], ['optimizer', train.optimizer.name],
    ['schedule', train.schedule.name], ['L1', train.l1], ['L2', train.l2], ['clipping', train.clipping.mode], ['seed', train.seed],
  ];
  return rows.map(([label, value]) => ({ label, value: String(value) }));
}
