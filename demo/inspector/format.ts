// Formatting for the inspector: bytes, durations, ratios. Pure, so it is tested in node.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB"; three significant digits at most, never "1024 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${sign}${Math.round(value)} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  let text = value.toFixed(digits);
  if (Number(text) >= 1024 && unit < UNITS.length - 1) {
    text = '1.00';
    unit++;
  }
  return `${sign}${text} ${UNITS[unit]}`;
}

/** A duration in ms as "850 ms", "12 s", "4 m 05 s", "3 h 20 m", "2 d 4 h"; Infinity → "never". */
export function formatDuration(ms: number): string {
  if (ms === Infinity) return 'never';
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  const s = Math.floor(abs / 1000);
  if (s < 60) return `${sign}${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m} m ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${sign}${h} h ${String(m % 60).padStart(2, '0')} m`;
  return `${sign}${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Time left until `expiresAt`: "never", "expired", or a duration. */
export function formatExpiry(expiresAt: number, now: number): string {
  if (expiresAt === Infinity) return 'never';
  const left = expiresAt - now;
  return left <= 0 ? 'expired' : formatDuration(left);
}

/** stored / raw as "×3.2" compression (raw / stored); "—" when nothing is stored. */
export function formatRatio(rawBytes: number, storedBytes: number): string {
  if (!(rawBytes > 0) || !(storedBytes > 0)) return '—';
  const r = rawBytes / storedBytes;
  return `×${r >= 10 ? r.toFixed(0) : r.toFixed(1)}`;
}

/** A fraction as a percentage: 0.4567 → "45.7 %"; NaN → "—". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  return `${p >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

/** part / whole clamped to [0, 1]; 0 when the whole is not positive. */
export function fill(part: number, whole: number | undefined): number {
  if (whole === undefined || !(whole > 0) || !Number.isFinite(whole)) return 0;
  return Math.min(1, Math.max(0, part / whole));
}

/** A count with thin-space thousands: 12345 → "12 345". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** Axis labels with repeats blanked: rounding must never show one value at two heights. */
export function distinctLabels(labels: string[]): string[] {
  return labels.map((label, i) => (labels.indexOf(label) < i ? '' : label));
}
