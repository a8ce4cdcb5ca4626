/** A deep copy of plain JSON data (the engine has no DOM or Node, so no structuredClone). */
export function clonePlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
