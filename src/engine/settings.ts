/**
 * The one settings table: every setting of a network design, a training run and the data choices,
 * with its type, range, default, whether it may change while a run is paused, its label and hint,
 * and its CLI flag. The zod schemas (settings-schema.ts), the engine's asserts, the studio's fields
 * and the CLI's flags and --help are all read from here (the TensorFlow Playground's State.PROPS).
 * Enum values come from the registries that implement them; no activation or optimizer is named here.
 */
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from './functions';
import { CLASS_WEIGHTS_PATTERN } from './class-weights';
import { INIT_SCHEMES, initHints } from './init-schemes';
import { OPTIMIZERS, SCHEDULES, defaultOptimizer, defaultSchedule } from './optimizers';

/** A number range; an open bound excludes its value, e.g. [0, 1) is `{ min: 0, max: 1, maxOpen: true }`. */
export interface NumericType { type: 'int' | 'number'; min: number; max: number; minOpen?: boolean; maxOpen?: boolean; step: number }
/** What kind of value a setting holds, and its allowed values or range. */
export type SettingType =
  | NumericType
  | { type: 'enum'; values: readonly string[]; valueHints?: Readonly<Record<string, string>>; valueLabels?: Readonly<Record<string, string>> }
  | { type: 'boolean' }
  | { type: 'text'; maxLength: number; pattern?: string; patternHint?: string }
  | { type: 'text-list'; maxLength: number; maxItems: number };

/** Which object a setting lives in: NetworkDesign, TrainSettings or DataChoices. */
export type SettingSection = 'network' | 'train' | 'data';

/** One row of the table: a setting's type and range, where it lives, its default, words and CLI flag. */
export type Setting = SettingType & {
  /** the path into its section's object, e.g. 'optimizer.beta1'; 'hidden.units' is a field of every hidden layer */
  key: string;
  section: SettingSection;
  /** a per-layer setting's default is one value for every layer or one per default layer */
  default: unknown;
  /** may change while a run is paused (the protocol's updateSettings) */
  live: boolean;
  label: string;
  hint: string;
  /** the CLI flag (without --), or null when the CLI has none; a boolean flag sets the value `flagSets` */
  flag: string | null;
  flagSets?: boolean;
  /** one value per hidden layer (the CLI takes one value for all or a comma list, one per layer) */
  perLayer?: boolean;
  /** absent from model files saved before the setting existed: a missing value reads as the default */
  fillMissing?: boolean;
};

const DEFAULT_HIDDEN_UNITS = [128, 64, 32];
const DEFAULT_ACTIVATION: HiddenActivation = 'relu';
// The training defaults below (dropout 0.1, AdamW lr 0.003 with weight decay 0.3, at most 500 epochs, early
// stopping after 50 epochs without a better validation loss, validation share 0.1) were chosen by
// bench/defaults (ours beside scikit-learn's MLP on 10 public datasets × 5 seeded splits; its README has the table).
// The decay belongs to the default optimizer, so an explicit `--optimizer sgd` run (the origin's) has none.
/** Largest magnitude for settings with no natural bound (penalties, thresholds): keeps them finite and sane. */
const LARGE = 1_000_000;
const RATE_MAX = 1000;
const SEED_MAX = 2 ** 32 - 1;
const NAME_LENGTH = 10_000;
const MAX_COLUMNS = 100_000;

const unit = (min: number, max: number, step: number, open: { minOpen?: boolean; maxOpen?: boolean } = {}): NumericType =>
  ({ type: 'number', min, max, step, ...open });
const whole = (min: number, max: number): NumericType => ({ type: 'int', min, max, step: 1 });
/** An enum: its values, and optionally a hint per value and the words a menu shows for each. */
const choice = (values: readonly string[], valueHints?: Record<string, string>, valueLabels?: Record<string, string>): SettingType =>
  ({ type: 'enum', values, ...(valueHints ? { valueHints } : {}), ...(valueLabels ? { valueLabels } : {}) });

const network = (key: string, type: SettingType, rest: Omit<Setting, keyof SettingType | 'key' | 'section' | 'live'>): Setting =>
  ({ ...type, ...rest, key, section: 'network', live: false });
const train = (key: string, type: SettingType, live: boolean, rest: Omit<Setting, keyof SettingType | 'key' | 'section' | 'live'>): Setting =>
  ({ ...type, ...rest, key, section: 'train', live });
const data = (key: string, type: SettingType, rest: Omit<Setting, keyof SettingType | 'key' | 'section' | 'live'>): Setting =>
  ({ ...type, ...rest, key, section: 'data', live: false });

/** Every setting, network design first, then training, then the data choices (the CLI's --help lists data first). */
export const SETTINGS: readonly Setting[] = [
  network('hidden.length', whole(1, 8), { default: DEFAULT_HIDDEN_UNITS.length, label: 'hidden layers', hint: 'how many hidden layers (from --hidden\'s list)', flag: null }),
  network('hidden.units', whole(1, 4096), { default: DEFAULT_HIDDEN_UNITS, perLayer: true, label: 'units', hint: 'hidden layer sizes', flag: 'hidden' }),
  network('hidden.activation', choice(HIDDEN_ACTIVATIONS), { default: DEFAULT_ACTIVATION, perLayer: true, label: 'activation', hint: 'hidden activation', flag: 'activation' }),
  network('hidden.dropout', unit(0, 1, 0.05, { maxOpen: true }), { default: 0.1, perLayer: true, label: 'dropout',
    hint: 'share of a layer\'s outputs zeroed in each training step (inverted dropout)', flag: 'dropout' }),
  network('init', choice(INIT_SCHEMES, initHints), { default: 'auto', label: 'initialization', hint: 'how the initial weights are drawn', flag: 'weight-init' }),

  train('epochs', whole(0, LARGE), true, { default: 500, label: 'epochs', hint: 'passes over the training rows (at most: early stopping usually ends sooner)', flag: 'epochs' }),
  train('batchSize', whole(1, 65_536), false, { default: 32, label: 'batch size', hint: 'rows per gradient step', flag: 'batch' }),
  train('learningRate', unit(0, RATE_MAX, 0.001, { minOpen: true }), true, { default: 0.003, label: 'learning rate',
    hint: 'step size; too high diverges, too low crawls', flag: 'lr' }),
  train('optimizer.name', choice(OPTIMIZERS), false, { default: defaultOptimizer.name, label: 'optimizer', hint: 'the update rule', flag: 'optimizer' }),
  train('optimizer.momentum', unit(0, 1, 0.05, { maxOpen: true }), false, { default: defaultOptimizer.momentum, label: 'momentum μ',
    hint: 'how much of the last step carries over', flag: 'momentum' }),
  train('optimizer.momentumForm', choice(['classic', 'ema'], { classic: 'v = μv − lr·g, W += v', ema: 'the origin\'s v = μv + (1−μ)g, W −= lr·v' }), false,
    { default: defaultOptimizer.momentumForm, label: 'momentum form', hint: 'how the velocity is kept', flag: 'momentum-form' }),
  train('optimizer.beta1', unit(0, 1, 0.01, { maxOpen: true }), false, { default: defaultOptimizer.beta1, label: 'β₁',
    hint: 'decay of the running mean of g', flag: 'beta1' }),
  train('optimizer.beta2', unit(0, 1, 0.001, { maxOpen: true }), false, { default: defaultOptimizer.beta2, label: 'β₂',
    hint: 'decay of the running mean of g²', flag: 'beta2' }),
  train('optimizer.epsilon', unit(0, 1, 1e-9, { minOpen: true }), false, { default: defaultOptimizer.epsilon, label: 'ε',
    hint: 'added to √v̂ so a step never divides by 0', flag: 'epsilon' }),
  train('optimizer.rho', unit(0, 1, 0.01, { maxOpen: true }), false, { default: defaultOptimizer.rho, label: 'ρ',
    hint: 'decay of the running mean of g²', flag: 'rho', fillMissing: true }),
  train('optimizer.weightDecay', unit(0, 1, 0.001), false, { default: defaultOptimizer.weightDecay, label: 'weight decay λ',
    hint: 'W −= lr·λ·W each step, apart from the gradient', flag: 'weight-decay', fillMissing: true }),
  train('schedule.name', choice(SCHEDULES, { constant: 'the same lr every epoch', step: 'lr × factor every N epochs', cosine: 'lr glides to the minimum along half a cosine' }),
    true, { default: defaultSchedule.name, label: 'schedule', hint: 'how the learning rate changes over the run', flag: 'schedule' }),
  train('schedule.stepEvery', whole(1, LARGE), true, { default: defaultSchedule.stepEvery, label: 'every (epochs)', hint: 'step schedule: epochs between drops', flag: 'step-every' }),
  train('schedule.gamma', unit(0, 1, 0.05, { minOpen: true }), true, { default: defaultSchedule.gamma, label: '× factor', hint: 'step schedule: lr multiplier at each drop', flag: 'gamma' }),
  train('schedule.minLr', unit(0, RATE_MAX, 0.0001), true, { default: defaultSchedule.minLr, label: 'minimum lr', hint: 'cosine schedule: the lr at the end of the run', flag: 'min-lr' }),
  train('l1', unit(0, LARGE, 0.0001), true, { default: 0, label: 'L1', hint: 'λ₁·Σ|W|: pushes small weights to exactly 0 (sparse)', flag: 'l1' }),
  train('l2', unit(0, LARGE, 0.0001), true, { default: 0, label: 'L2', hint: 'λ₂·ΣW²: shrinks every weight; try 1e-4 when validation loss rises', flag: 'l2' }),
  train('clipping.mode', choice(['none', 'norm', 'value'], { none: 'off', norm: 'g ← g·t/‖g‖ when ‖g‖ > t: tames exploding steps', value: 'each gᵢ clamped to [−t, t]' },
    { none: 'off', norm: 'by global norm', value: 'by value' }),
    true, { default: 'none', label: 'gradient clipping', hint: 'off, by global norm or by value', flag: 'clip' }),
  train('clipping.threshold', unit(0, LARGE, 0.1, { minOpen: true }), true, { default: 1, label: 'clip threshold', hint: 'the norm or value t gradients are clipped to', flag: 'clip-threshold' }),
  train('earlyStopping.patience', whole(0, LARGE), true, { default: 50, label: 'early-stop patience',
    hint: 'stop after this many epochs without a better validation loss; best weights kept (0 = off)', flag: 'early-stop' }),
  train('earlyStopping.minDelta', unit(0, LARGE, 0.001), true, { default: 0, label: 'min. improvement', hint: 'a loss drop smaller than this does not count', flag: 'min-delta' }),
  train('seed', whole(0, SEED_MAX), false, { default: 1, label: 'seed', hint: 'same seed, same data, same settings → the same weights', flag: 'seed' }),
  train('classWeights', { type: 'text', maxLength: NAME_LENGTH, pattern: CLASS_WEIGHTS_PATTERN, patternHint: 'none, balanced or one weight per class: 1,4,1' }, false,
    { default: 'none', label: 'class weights', hint: 'weigh each class\'s rows in the loss: balanced = n / (classes · rows of the class), so rare classes count as much as common ones', flag: 'class-weights', fillMissing: true }),
  train('shuffle', { type: 'boolean' }, false, { default: true, label: 'shuffle', hint: 'training rows reshuffled every epoch; off keeps the file order (for oracle comparisons)', flag: 'no-shuffle', flagSets: false }),

  data('target', { type: 'text', maxLength: NAME_LENGTH }, { default: undefined, label: 'target', hint: 'the column to predict (default: the last one)', flag: 'target' }),
  data('task', choice(['auto', 'classification', 'regression']), { default: 'auto', label: 'task', hint: 'auto: classification for text or few whole-number values', flag: 'task' }),
  data('excluded', { type: 'text-list', maxLength: NAME_LENGTH, maxItems: MAX_COLUMNS }, { default: undefined, label: 'excluded columns',
    hint: 'columns left out of the features (default: identifiers, free text, empty and constant columns)', flag: 'exclude' }),
  data('scaling', choice(['standard', 'minmax', 'none', 'l2row'], { standard: '(x − mean) / std, fitted on the training rows', minmax: '(x − min) / (max − min) into [0, 1]',
    none: 'raw values: large ranges slow learning down', l2row: 'each row divided by its length (for pixels, counts)' },
  { standard: 'standardize', minmax: 'min–max', l2row: 'row L2', none: 'none' }), { default: 'standard', label: 'scaling', hint: 'feature scaling', flag: 'scale' }),
  data('imputation', choice(['mean', 'median', 'mode', 'drop'], undefined,
    { mean: 'fill with the mean', median: 'fill with the median', mode: 'fill with the most frequent', drop: 'drop the row' }),
    { default: 'mean', label: 'missing values', hint: 'how a missing cell is filled', flag: 'impute' }),
  data('oneHotCap', whole(2, 1000), { default: 20, label: 'one-hot cap', hint: 'categories per column before the rest become "other"', flag: 'one-hot-cap' }),
  data('validationFraction', unit(0, 0.9, 0.01), { default: 0.1, label: 'validation fraction', hint: 'share of rows held out to watch overfitting', flag: 'val' }),
  data('testFraction', unit(0, 0.9, 0.01), { default: 0.2, label: 'test fraction', hint: 'share of rows held out for the final score', flag: 'test' }),
  data('seed', whole(0, SEED_MAX), { default: 1, label: 'split seed', hint: 'seed of the split (the CLI\'s --seed sets it and the training seed)', flag: 'seed' }),
  data('badRows', choice(['stop', 'skip']), { default: 'stop', label: 'bad rows', hint: 'a malformed row stops the load or is skipped and counted', flag: 'bad-rows' }),
];

/** The table entry for a key in a section; throws for a key the table lacks (a typo is a bug, not a setting). */
export function setting(section: SettingSection, key: string): Setting {
  const found = SETTINGS.find((s) => s.section === section && s.key === key);
  if (!found) throw new Error(`no setting "${key}" in the ${section} settings`);
  return found;
}

/** A numeric entry's range, e.g. { min: 0, max: 1, maxOpen: true } for [0, 1). */
export function numericSetting(section: SettingSection, key: string): Setting & NumericType {
  const found = setting(section, key);
  if (found.type !== 'int' && found.type !== 'number') throw new Error(`setting "${key}" is not a number`);
  return found;
}
