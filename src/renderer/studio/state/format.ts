/** Number and time formatting for the studio: short, fixed, readable. */

/** 3 491 → "3,491"; 1 234 567 → "1.23M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  return Math.round(n).toLocaleString('en-US');
}

/** A metric with 4 significant digits, or "—" when missing. */
export function formatMetric(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** 0.9333 → "93.3%". */
export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(1)}%`;
}

/** Milliseconds as m:ss (or h:mm:ss). */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 48 213 → "48k". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '—';
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e3) return `${Math.round(perSecond / 1e3)}k`;
  return String(Math.round(perSecond));
}

/** 2 345 678 → "2.3 MB"; 512 → "512 B" (decimal units, as file managers show). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${Math.round(bytes)} B`;
}

/**
 * A linear axis tick for people: float noise removed (0.010000000000000005 → "0.01"), thousands grouped,
 * very small or large values as short exponents ("5e-4", "2.5e+7").
 */
export function formatTick(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (x === 0) return '0';
  const clean = Number(x.toPrecision(6));
  if (Math.abs(clean) < 1e-3 || Math.abs(clean) >= 1e7) return clean.toExponential().replace(/\.?0+e/, 'e');
  return clean.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A date column's value (ms since 1970, UTC, as the engine stores dates) as a day: 1.7e12 → "2023-11-14". */
export function formatDate(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}
