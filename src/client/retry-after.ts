// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.

/** Milliseconds to wait from `now`; undefined when the header is absent or is neither form. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse accepts bare numbers and other odd strings; an HTTP-date always names a weekday or month.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
