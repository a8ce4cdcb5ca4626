/** Exports of a model file: its JSON, ONNX, standalone JavaScript and Python, and a PyTorch training script. */
import { modelFileText, type ModelFile } from '../model-file';
import { exportJavaScript } from './js-writer';
import { exportOnnx } from './onnx';
import { exportPython } from './python-writer';
import { exportPyTorch } from './pytorch-writer';
import { EXPORT_EXTENSIONS, type ExportFormat } from './formats';

export { EXPORT_EXTENSIONS, EXPORT_FORMATS, EXPORT_LABELS, type ExportFormat } from './formats';

/** A file to save: text (JSON, code) or bytes (ONNX). */
export type ExportedFile = { fileName: string; text: string; bytes: null } | { fileName: string; text: null; bytes: Uint8Array };

/** The model in `format`; `baseName` (e.g. the dataset's name without extension) starts the file name. */
export function exportModel(file: ModelFile, format: ExportFormat, baseName = 'model'): ExportedFile {
  const fileName = safeBaseName(baseName, format) + EXPORT_EXTENSIONS[format];
  switch (format) {
    case 'json': return { fileName, text: modelFileText(file), bytes: null };
    case 'onnx': return { fileName, text: null, bytes: exportOnnx(file) };
    case 'js': return { fileName, text: exportJavaScript(file), bytes: null };
    case 'python': return { fileName, text: exportPython(file), bytes: null };
    case 'pytorch': return { fileName, text: exportPyTorch(file), bytes: null };
  }
}

/** A base name safe on every file system; Python files need an importable module name. */
function safeBaseName(baseName: string, format: ExportFormat): string {
  const cleaned = baseName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';
  return format === 'python' || format === 'pytorch' ? cleaned.replace(/-/g, '_').replace(/^(\d)/, '_$1') : cleaned;
}

export { exportJavaScript, exportOnnx, exportPython, exportPyTorch };
