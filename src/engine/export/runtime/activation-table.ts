/** The marked block `ACTIVATIONS BEGIN … ACTIVATIONS END` (whole lines) of a runtime template. */
const MARKED_BLOCK = /^[^\n]*ACTIVATIONS BEGIN[^\n]*\n[\s\S]*?^[^\n]*ACTIVATIONS END[^\n]*$/m;

/** The template with its marked block replaced by `table` (the registry's activations in the template's language). */
export function withActivationTable(template: string, table: string): string {
  if (!MARKED_BLOCK.test(template)) throw new Error('runtime template: no "ACTIVATIONS BEGIN … ACTIVATIONS END" block to replace');
  return template.replace(MARKED_BLOCK, () => table);
}
