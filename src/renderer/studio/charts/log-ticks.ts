// Labels for a logarithmic axis whose values span many decades (gradient norms: 1e-9 … 1e5).

/** Decades from 10⁻² to 10² read as plain numbers; beyond them, as powers of ten. */
const PLAIN_DECADES = 2;

/**
 * The label of a log-axis tick at `value`: "1e-6", "0.01", "1", "100", "1e3" for powers of ten (never
 * "0.0000": a small value keeps its exponent), "" for the ticks between decades (chart.js draws 2…9 × 10ᵏ too).
 */
export function formatLogTick(value: number): string {
  if (!(value > 0) || !Number.isFinite(value)) return '';
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(value / 10 ** exponent - 1) > 1e-6) return '';
  if (Math.abs(exponent) <= PLAIN_DECADES) return String(Number((10 ** exponent).toFixed(PLAIN_DECADES)));
  return `1e${exponent}`;
}

/** A value on a log scale for a table or a tooltip: 3 significant digits, exponent form below 0.001 or from 10⁴ (4.2e-7, 0.0153, 12.5, 3.1e5). */
export function formatLogValue(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e4) {
    const [mantissa, exponent] = value.toExponential(1).split('e');
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(3)));
}
