/** `backprop export MODEL.json --format onnx|js|python|pytorch|json [--out FILE]`: a saved model in another form. */
import { basename, resolve } from 'node:path';
import { EXPORT_FORMATS, exportModel, type ExportFormat, type ExportedFile } from '../../engine/export';
import type { Command } from '../command';
import { UserError } from '../errors';
import { readModelFile } from '../model-io';
import { checkOutputPath, writeOutputFile } from '../output-file';

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
    const { file } = await readModelFile(modelPath, { warn: (line) => io.err(`warning: ${line}\n`) });
    let exported: ExportedFile;
    try {
      exported = exportModel(file, format, basename(modelPath).replace(/\.model\.json$|\.json$/, ''));
    } catch (error) {
      throw new UserError(`${modelPath}: ${(error as Error).message}`);
    }
    const outPath = (flags.out as string | undefined) ?? modelPath.slice(0, modelPath.length - basename(modelPath).length) + exported.fileName;
    if (resolve(outPath) === resolve(modelPath)) throw new UserError(`${outPath} is the model itself; choose another file with --out`);
    await checkOutputPath(outPath, [modelPath]);
    const bytes = exported.bytes ?? Buffer.from(exported.text, 'utf8');
    await writeOutputFile(outPath, bytes);
    io.out(`wrote ${outPath} (${format}, ${formatSize(bytes.length)})\n`);
  },
};

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
