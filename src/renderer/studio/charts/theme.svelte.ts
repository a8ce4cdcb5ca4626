/** Light or dark, following the OS (prefers-color-scheme); charts read it to pick their ink. */
class ColorScheme {
  #isDark = $state(false);

  constructor() {
    if (typeof window === 'undefined' || !window.matchMedia) return;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    this.#isDark = query.matches;
    query.addEventListener('change', (event) => { this.#isDark = event.matches; });
  }

  get isDark(): boolean { return this.#isDark; }

  ink = $derived(this.#isDark
    ? { text: '#c9d1d9', muted: '#8b949e', grid: 'rgba(240,246,252,0.08)', mark: '#d29922', best: '#3fb950', band: 'rgba(248,81,73,0.10)', clip: '#f85149' }
    : { text: '#24292f', muted: '#57606a', grid: 'rgba(31,35,40,0.08)', mark: '#bf8700', best: '#1a7f37', band: 'rgba(207,34,46,0.08)', clip: '#cf222e' });
}

export const colorScheme = new ColorScheme();

/** Series colours that read on both backgrounds: train solid, validation dashed in the same hue. */
export const palette = ['#4c8dff', '#f0883e', '#2da44e', '#d2a8ff', '#e5534b', '#39c5cf', '#c69026', '#a371f7', '#8ddb8c'];
