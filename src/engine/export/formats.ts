/** The export formats, declared once: the protocol's enum, the CLI's --format and the studio's menu derive from this list. */

export const EXPORT_FORMATS = ['json', 'onnx', 'js', 'python', 'pytorch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File-name endings by format. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  json: '.model.json', onnx: '.onnx', js: '.model.mjs', python: '_model.py', pytorch: '_train.py',
};

/** What each format is, in a few words (the studio's export menu). */
export const EXPORT_LABELS: Record<ExportFormat, string> = {
  json: 'Model JSON', onnx: 'ONNX', js: 'JavaScript (inference code)', python: 'Python / NumPy', pytorch: 'PyTorch',
};
