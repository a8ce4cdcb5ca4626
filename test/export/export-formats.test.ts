/** The export formats are declared once in the engine; the protocol and the studio's menu derive from it. */
import { describe, expect, it } from 'vitest';
import { EXPORT_EXTENSIONS, EXPORT_FORMATS, EXPORT_LABELS } from '../../src/engine/export/formats';
import { requestSchema } from '../../src/shared/protocol';

describe('the one list of export formats', () => {
  it('is what the protocol accepts in exportModel, and nothing else', () => {
    for (const format of EXPORT_FORMATS) expect(requestSchema.safeParse({ type: 'exportModel', requestId: 'r', format }).success, format).toBe(true);
    expect(requestSchema.safeParse({ type: 'exportModel', requestId: 'r', format: 'tflite' }).success).toBe(false);
  });

  it('gives every format a file ending and a menu label', () => {
    expect(Object.keys(EXPORT_EXTENSIONS).sort()).toEqual([...EXPORT_FORMATS].sort());
    expect(Object.keys(EXPORT_LABELS).sort()).toEqual([...EXPORT_FORMATS].sort());
  });
});
