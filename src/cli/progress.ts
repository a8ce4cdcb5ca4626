/** A one-line progress bar on stderr, only when stderr is a terminal; redrawn at most 10 times a second. */

export interface Progress {
  update(fraction: number, label: string): void;
  done(): void;
}

const silent: Progress = { update: () => {}, done: () => {} };

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silent;
  let lastDraw = 0, drawn = false;
  return {
    update(fraction, label) {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30, filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${label}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
