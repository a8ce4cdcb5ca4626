// Labels for a logarithmic axis whose values span many decades (gradient norms: 1e-9 … 1e5).

/** Decades from 10⁻² to 10² read as plain numbers; beyond them, as powers of ten. */
const PLAIN_DECADES = 2;

/** At most this many decades carry a label (a 150-pixel axis over 37 decades would otherwise stack them). */
export const MAX_LOG_LABELS = 8;

/** The exponent k when value = 10ᵏ, else null. */
function decadeOf(value: number): number | null {
  if (!(value > 0) || !Number.isFinite(value)) return null;
  const exponent = Math.round(Math.log10(value));
  return Math.abs(value / 10 ** exponent - 1) > 1e-6 ? null : exponent;
}

/** Every how many decades a label goes, so that an axis over `ticks` shows at most MAX_LOG_LABELS of them. */
export function decadeStep(ticks: readonly number[]): number {
  const decades = ticks.filter((value) => decadeOf(value) !== null).length;
  return Math.max(1, Math.ceil(decades / MAX_LOG_LABELS));
}

/**
 * The label of a log-axis tick at `value`: "1e-6", "0.01", "1", "100", "1e3" for powers of ten (never
 * "0.0000": a small value keeps its exponent), "" for the ticks between decades (chart.js draws 2…9 × 10ᵏ too)
 * and for decades that are not a multiple of `step`.
 */
export function formatLogTick(value: number, step = 1): string {
  const exponent = decadeOf(value);
  if (exponent === null || exponent % step !== 0) return '';
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
