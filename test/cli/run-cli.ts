/** Runs `backprop` in-process with captured stdout/stderr (the bin only adds tsx loading around main()). */
import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '', stderr = '';
  const code = await main(argv, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, isTTY: false });
  return { code, stdout, stderr };
}

/** The JSON objects of --json output, one per line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}
