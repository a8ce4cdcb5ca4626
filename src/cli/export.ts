/** `backprop export MODEL.json --format onnx|js|python|pytorch|json [--out FILE]`: a saved model in another form. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ModelFileError, loadModel, type ModelFile } from '../engine';
import { EXPORT_FORMATS, exportModel, type ExportFormat, type ExportedFile } from '../engine/export';
import type { Command } from './command';
import { UserError } from './errors';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a saved model as ONNX, a JavaScript or Python file that predicts, or a PyTorch training script',
  positional: ['MODEL'],
  flags: {
    format: { type: 'string', choices: EXPORT_FORMATS, help: `what to write: ${EXPORT_FORMATS.join(', ')}` },
    out: { type: 'string', help: 'the file to write (default: next to the model, named after it)' },
  },
  async run({ positional: [modelPath], flags }, io) {
    const format = flags.format as ExportFormat | undefined;
    if (!format) throw new UserError(`--format is required (${EXPORT_FORMATS.join(', ')})`);
    const file = await readModelFile(modelPath);
    let exported: ExportedFile;
    try {
      exported = exportModel(file, format, basename(modelPath).replace(/\.model\.json$|\.json$/, ''));
    } catch (error) {
      throw new UserError(`${modelPath}: ${(error as Error).message}`);
    }
    const outPath = (flags.out as string | undefined) ?? modelPath.slice(0, modelPath.length - basename(modelPath).length) + exported.fileName;
    if (resolve(outPath) === resolve(modelPath)) throw new UserError(`${outPath} is the model itself; choose another file with --out`);
    const bytes = exported.bytes ?? Buffer.from(exported.text, 'utf8');
    await writeAtomically(outPath, bytes);
    io.out(`wrote ${outPath} (${format}, ${formatSize(bytes.length)})\n`);
  },
};

/** The model file at `path`, validated; problems become one-line user errors naming the field. */
async function readModelFile(path: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${path}: no such model file` : `${path}: cannot be read (${code})`);
  }
  try {
    return loadModel(text).file;
  } catch (error) {
    if (error instanceof ModelFileError) throw new UserError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Writes via a temporary file and a rename, so a crash never leaves half a file. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
