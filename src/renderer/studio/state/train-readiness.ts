import type { ConfigErrors } from './model-config.svelte';

/** What Train depends on: the connection, the data, the run, the design's validation. */
export interface TrainReadiness {
  isConnected: boolean;
  isDataLoaded: boolean;
  /** the name of a dataset being loaded, or null */
  loadingName: string | null;
  isLoading: boolean;
  isRunActive: boolean;
  isConfiguring: boolean;
  /** the data's own problem ("Every input column is excluded: include at least one."), or null */
  dataProblem: string | null;
  /** the design's and settings' field errors, by field key */
  configErrors: ConfigErrors;
}

/** Why Train cannot start, or null when it can: the one check that both disables the button and explains it. */
export type TrainBlocker = { kind: 'waiting' | 'run' | 'data' | 'settings'; reason: string };

/**
 * The first reason Train is off, in the order a user meets them: the engine, the run, the data
 * (none, loading, its own problem), then the first invalid field ("Fix: learning rate must be > 0, got 0").
 */
export function trainBlocker(state: TrainReadiness): TrainBlocker | null {
  if (!state.isConnected) return { kind: 'waiting', reason: 'Waiting for the engine to start' };
  if (state.isRunActive) return { kind: 'run', reason: 'A run is in progress: stop it to train a new one' };
  if (state.isConfiguring) return { kind: 'run', reason: 'Starting the run…' };
  if (state.isLoading) return { kind: 'data', reason: `Loading ${state.loadingName ?? 'the dataset'}…` };
  if (!state.isDataLoaded) return { kind: 'data', reason: 'Load a dataset first' };
  if (state.dataProblem !== null) return { kind: 'data', reason: state.dataProblem.replace(/\.$/, '') };
  const [firstError] = Object.values(state.configErrors);
  if (firstError !== undefined) return { kind: 'settings', reason: `Fix: ${firstError}` };
  return null;
}
