/** Saving and loading model files with their preprocessing, atomically. */
import { readFile } from 'node:fs/promises';
import { ModelFileError, loadModel, parsePreprocessing, type KernelHelperStarter, type ModelFile, type Network, type Preprocessing } from '../engine';

/** How a loaded network starts a kernel thread (none: one thread). */
export interface LoadOptions {
  startHelper?: KernelHelperStarter | null;
  /** gets each warning about the file (e.g. an older file without a content hash) as one line */
  warn?: (line: string) => void;
}
import { UserError, unwrap } from './errors';

export interface LoadedModel {
  net: Network;
  file: ModelFile;
  preprocessing: Preprocessing;
}

/** A model file read and validated; problems become one-line user errors naming the file and the field. */
export async function readModelFile(path: string, options: LoadOptions = {}): Promise<{ net: Network; file: ModelFile }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${path}: no such model file` : `${path}: cannot be read (${code})`);
  }
  try {
    const { net, file, warnings } = loadModel(text, { startHelper: options.startHelper });
    for (const warning of warnings) options.warn?.(`${path}: ${warning}`);
    return { net, file };
  } catch (error) {
    if (error instanceof ModelFileError) throw new UserError(`${path}: ${error.message}`);
    throw error;
  }
}

/** A model file that must carry the preprocessing that turns CSV rows into inputs. */
export async function readModel(path: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const { net, file } = await readModelFile(path, options);
  if (!file.preprocessing) throw new UserError(`${path}: the model has no preprocessing section, so it cannot read CSV rows`);
  return { net, file, preprocessing: unwrap(parsePreprocessing(file.preprocessing), path) };
}
