/**
 * Spreads UI work that would make one frame too long (the end of a run: the controls coming back, the
 * evaluation's tables) over several frames: one job per frame, each in a task of its own that runs
 * after the previous frame was drawn, so no task — script or the rendering after it — grows long.
 */
const jobs: (() => void)[] = [];
let isScheduled = false;

/** Runs `job` in a later frame, after the jobs queued before it; returns a cancel function. */
export function inLaterFrame(job: () => void): () => void {
  jobs.push(job);
  schedule();
  return () => {
    const index = jobs.indexOf(job);
    if (index >= 0) jobs.splice(index, 1);
  };
}

function schedule(): void {
  if (isScheduled || jobs.length === 0) return;
  isScheduled = true;
  // the frame callback comes before that frame's rendering; the task after it, once the frame is drawn
  requestAnimationFrame(() => {
    setTimeout(() => {
      isScheduled = false;
      jobs.shift()?.();
      schedule();
    }, 0);
  });
}
