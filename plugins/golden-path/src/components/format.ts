/** Numbers for people: hours that read as days when long, money in the configured currency. */

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Wall-clock time: 0.5 → "30 min", 5 → "5 h", 30 → "30 h", 400 → "16.7 days" (24-hour days). */
export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${number.format(hours)} h`;
  return `${number.format(hours / 24)} days`;
}

/** Effort stays in working hours however large (a "day" of ops work is not 24 h). */
export function formatWorkHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  return `${new Intl.NumberFormat('en-US', {
    maximumFractionDigits: hours < 100 ? 1 : 0,
  }).format(hours)} h`;
}

/** Seconds as the shortest readable unit: "45 s", "12 min", "3.5 h", "3 days". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return formatHours(seconds / 3600);
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
    }).format(amount);
  } catch {
    // An unknown currency code in config still shows the amount.
    return `${number.format(amount)} ${currency}`;
  }
}

/** An hourly rate: 80 → "€80/h", 82.5 → "€82.50/h". */
export function formatRate(rate: number, currency: string): string {
  const digits = Number.isInteger(rate) ? 0 : 2;
  try {
    return `${new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(rate)}/h`;
  } catch {
    return `${number.format(rate)} ${currency}/h`;
  }
}

/** Hours as a plain number for a formula: 5600 → "5,600", 2.25 → "2.3". */
export const formatHourCount = (hours: number) => number.format(hours);

export const formatCount = (n: number) =>
  new Intl.NumberFormat('en-US').format(n);

export const formatPercent = (ratio: number) =>
  `${number.format(ratio * 100)}%`;

/** `template:default/s3-bucket` → `s3-bucket`; `group:default/payments` → `payments`. */
export const shortRef = (ref: string) =>
  ref.replace(/^[a-z]+:(default\/)?/i, '');
