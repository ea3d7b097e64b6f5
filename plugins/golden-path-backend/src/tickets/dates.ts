import {
  instantOfWallClock,
  wallClockOf,
} from '@golden-path/plugin-golden-path-common';

/** The local wall-clock fields of an instant in a zone. */
export function localParts(ms: number, timeZone: string) {
  const d = new Date(wallClockOf(ms, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The instant a local wall-clock time (given as if it were UTC, ms) happens in a zone. */
export const instantOfLocal = instantOfWallClock;

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];

/** An ISO-8601 date-time with an offset or `Z` (Jira's API writes `+0100`). */
function isoWithZone(text: string): number | undefined {
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})$/i.exec(
      text,
    );
  if (!m) return undefined;
  const zone =
    m[3].toUpperCase() === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch ms of a timestamp the Jira or GitHub API wrote; undefined when absent or unreadable. */
export function parseApiTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  return isoWithZone(value.trim());
}

/**
 * A date-time as CSV exports write it: ISO with a zone; a local `2026-11-30 14:05[:00]`
 * (ServiceNow) or `2026-11-30`; Jira's `12/Nov/25 3:05 PM` (also four-digit years and 24-hour
 * times). Local times are in `timeZone`. Undefined when empty or unreadable.
 */
export function parseExportTime(
  value: string | undefined,
  timeZone: string,
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const zoned = isoWithZone(text);
  if (zoned !== undefined) return zoned;
  const local = (
    y: number,
    mo: number,
    d: number,
    h = 0,
    mi = 0,
    s = 0,
  ): number | undefined => {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
      return undefined;
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    // 31/Feb and the like roll over: not a date.
    if (new Date(ms).getUTCDate() !== d) return undefined;
    return instantOfLocal(ms, timeZone);
  };
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(
      text,
    );
  if (iso) {
    const [, y, mo, d, h, mi, s] = iso.map(Number);
    return local(y, mo, d, h || 0, mi || 0, s || 0);
  }
  const jira =
    /^(\d{1,2})\/([A-Za-z]{3})[a-z]*\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(
      text,
    );
  if (jira) {
    const month = MONTHS.indexOf(jira[2].toLowerCase()) + 1;
    if (!month) return undefined;
    const year =
      jira[3].length === 2 ? 2000 + Number(jira[3]) : Number(jira[3]);
    let hour = jira[4] === undefined ? 0 : Number(jira[4]);
    const meridiem = jira[7]?.toLowerCase();
    if (meridiem) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
    }
    return local(
      year,
      month,
      Number(jira[1]),
      hour,
      Number(jira[5] ?? 0),
      Number(jira[6] ?? 0),
    );
  }
  return undefined;
}

/**
 * A duration as exports write it: seconds (`3600`), `HH:MM[:SS]`, ServiceNow's raw duration
 * `1970-01-02 03:04:05` (time since the epoch), or its display `1 Day 2 Hours 3 Minutes`.
 * Undefined when empty or unreadable.
 */
export function parseExportDuration(
  value: string | undefined,
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text));
  const clock = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (clock)
    return (
      Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0)
    );
  const epoch = /^1970-01-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (epoch)
    return (
      (Number(epoch[1]) - 1) * 86400 +
      Number(epoch[2]) * 3600 +
      Number(epoch[3]) * 60 +
      Number(epoch[4])
    );
  const units: Record<string, number> = {
    day: 86400,
    hour: 3600,
    minute: 60,
    second: 1,
  };
  const words = [...text.matchAll(/(\d+)\s*(day|hour|minute|second)s?/gi)];
  const rest = text.replace(/(\d+)\s*(day|hour|minute|second)s?/gi, '').trim();
  if (!words.length || rest) return undefined;
  return words.reduce(
    (sum, m) => sum + Number(m[1]) * units[m[2].toLowerCase()],
    0,
  );
}

/** `yyyy/MM/dd HH:mm` in a zone, the form JQL compares dates in (the API user's zone). */
export function jqlTime(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}/${two(p.month)}/${two(p.day)} ${two(p.hour)}:${two(
    p.minute,
  )}`;
}
