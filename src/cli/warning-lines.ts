/** Warnings as short text lines: more than three of one kind fold into one line naming the first columns. */
import type { DataWarning } from '../engine';

const FOLD_AFTER = 3;

/** One line per warning, or per kind when a kind repeats (e.g. 67 constant pixel columns). */
export function warningLines(warnings: DataWarning[]): string[] {
  const byCode = new Map<string, DataWarning[]>();
  for (const w of warnings) {
    const group = byCode.get(w.code);
    if (group) group.push(w); else byCode.set(w.code, [w]);
  }
  return [...byCode.values()].flatMap((group) => {
    if (group.length <= FOLD_AFTER) return group.map((w) => w.message);
    const others = group.slice(1, 5).map((w) => `"${w.column ?? '?'}"`).join(', ');
    return [`${group[0].message} (and ${group.length - 1} more like it: ${others}, …)`];
  });
}
