// The training-health thresholds, each with where it comes from. No imports: the engine host's rules
// (health-rules.ts) and the studio's chart bands and help text read the same numbers.

/**
 * A layer whose gradient norm is under 1/1000 of the output layer's learns three orders of magnitude slower:
 * the vanishing-gradient pattern of deep sigmoid nets (Glorot & Bengio 2010, "Understanding the difficulty of
 * training deep feedforward neural networks", whose fig. 7 shows exactly this layer-by-layer decay).
 */
export const VANISHING_RATIO = 1e-3;
/**
 * Below this norm a layer's updates, at learning rates ≤ 0.1, are under 1e-7 per weight: beneath float32's
 * resolution (2⁻²⁴ ≈ 6e-8) for weights near 1, so they round away. The chart's vanishing band.
 */
export const VANISHING_NORM = 1e-6;
/**
 * A global gradient norm this large means steps far bigger than the weights (initialised at norm ~1 per layer):
 * the exploding pattern of Pascanu, Mikolov & Bengio 2013 ("On the difficulty of training recurrent neural
 * networks"), whose remedy is clipping the norm to about 1. The chart's exploding band.
 */
export const EXPLODING_NORM = 1e2;
/** "As much as 40% of your network can be dead" with too high a learning rate (Karpathy, CS231n notes, "Neural Networks Part 1"): we warn past half. */
export const DEAD_SHARE_LIMIT = 0.5;
/** Half a layer's units saturated for a whole batch: their gradients are all but zero (CS231n, "sigmoids saturate and kill gradients"). */
export const SATURATED_SHARE_LIMIT = 0.5;
/**
 * ‖ΔW‖/‖W‖ ≈ 1e-3 is the healthy update size (Karpathy, CS231n notes, "Neural Networks Part 3", ratio of
 * weights:updates); 100× that rewrites a tenth of every weight each step: the learning rate is too high.
 */
export const HEALTHY_UPDATE_RATIO = 1e-3;
export const LARGE_UPDATE_RATIO = 100 * HEALTHY_UPDATE_RATIO;
/** Norm patterns are judged on the median of this many recent steps (one noisy batch raises nothing). */
export const HEALTH_WINDOW_STEPS = 8;
/** …once at least this many steps are in the window. */
export const HEALTH_MIN_STEPS = 4;
/** Unit shares and update ratios must hold at this many consecutive probes. */
export const PROBES_TO_WARN = 2;
/** The probe (unit shares, update ratio) runs every this many steps: a copy of the weights and a pass over H each time. */
export const PROBE_EVERY_STEPS = 5;
/** A lower learning rate fix divides by ten: one decade, the step of a log-scale learning-rate search (Bengio 2012, "Practical recommendations"). */
export const LEARNING_RATE_FIX_FACTOR = 0.1;
/** The clip-norm fix's threshold (Pascanu et al. 2013 clip near the typical norm; 1 is the origin's and the table's default). */
export const CLIP_NORM_FIX = 1;
