/** The weight-initialization schemes a network can use (their scales live in network.ts's initScale). */
export const INIT_SCHEMES = ['auto', 'he', 'xavier', 'original'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

/** One line each: the distribution of a layer's initial weights. */
export const initHints: Record<InitScheme, string> = {
  auto: 'He for relu-like layers, Xavier otherwise',
  he: 'N(0, 2/fan_in)',
  xavier: 'N(0, 2/(fan_in + fan_out))',
  original: 'N(0,1)·√(k/fan_in), k = 2 relu-like, 1 otherwise (the origin\'s)',
};
