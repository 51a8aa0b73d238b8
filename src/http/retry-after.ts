// Retry-After (RFC 9110 §10.2.3): `delay-seconds` (1*DIGIT) or an `HTTP-date` (§5.6.7). One parser for the
// client (how long to wait) and the conformance suite (is the header usable). An HTTP-date has three forms a
// recipient must accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). Nothing else is a Retry-After:
// an ISO 8601 timestamp (`2026-11-24T10:00:05Z`) is refused, because RFC 9110 is explicit about the grammar and
// Graph documents seconds; a client that met one would be guessing, and a server that sends one fails the check.

export type RetryAfter =
  | { kind: "seconds"; ms: number }
  | { kind: "date"; ms: number; date: Date }
  | { kind: "invalid"; problem: string };

const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
const IMF_FIXDATE = new RegExp(`^(?:${DAY_NAMES.join("|")}), (\\d{2}) (${MONTHS.join("|")}) (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(
  `^(?:${LONG_DAY_NAMES.join("|")}), (\\d{2})-(${MONTHS.join("|")})-(\\d{2}) ${TIME} GMT$`,
);
const ASCTIME_DATE = new RegExp(`^(?:${DAY_NAMES.join("|")}) (${MONTHS.join("|")}) (\\d{2}| \\d) ${TIME} (\\d{4})$`);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** RFC 9111 §1.2.2: a delta-seconds too large to represent counts as 2^31 seconds. */
const MAX_DELAY_SECONDS = 2 ** 31;

interface DateParts {
  year: number;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function utc(parts: DateParts): Date | undefined {
  const [day, hour, minute, second] = [parts.day, parts.hour, parts.minute, parts.second].map((text) =>
    Number(text.trim()),
  ) as [number, number, number, number];
  const month = MONTHS.indexOf(parts.month);
  // Second 60 is a leap second (§5.6.7); the date it names is the next second.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(Date.UTC(parts.year, month, day, hour, minute, Math.min(second, 59)));
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return undefined;
  return second === 60 ? new Date(date.getTime() + 1000) : date;
}

/** RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is the most recent past year with those digits. */
function fourDigitYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + twoDigits;
  if (year > thisYear + 50) year -= 100;
  return year;
}

/** The date an HTTP-date names (any of its three forms), or undefined when `text` is not one. */
export function parseHttpDate(text: string, now = Date.now()): Date | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) {
    const [, day, month, year, hour, minute, second] = match as unknown as string[];
    return utc({ year: Number(year), month: month!, day: day!, hour: hour!, minute: minute!, second: second! });
  }
  match = RFC850_DATE.exec(text);
  if (match) {
    const [, day, month, year, hour, minute, second] = match as unknown as string[];
    return utc({
      year: fourDigitYear(Number(year), now),
      month: month!,
      day: day!,
      hour: hour!,
      minute: minute!,
      second: second!,
    });
  }
  match = ASCTIME_DATE.exec(text);
  if (match) {
    const [, month, day, hour, minute, second, year] = match as unknown as string[];
    return utc({ year: Number(year), month: month!, day: day!, hour: hour!, minute: minute!, second: second! });
  }
  return undefined;
}

/**
 * What a Retry-After value asks for (milliseconds from `now`), or why it is unusable; undefined when absent.
 * `redact` is applied to the value before the problem quotes (and shortens) it.
 */
export function readRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
  redact: (text: string) => string = (text) => text,
): RetryAfter | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.replace(/^[ \t]+|[ \t]+$/g, "");
  if (/^\d+$/.test(text)) return { kind: "seconds", ms: Math.min(Number(text), MAX_DELAY_SECONDS) * 1000 };
  const date = parseHttpDate(text, now);
  if (date) return { kind: "date", ms: Math.max(0, date.getTime() - now), date };
  const quoted = redact(text);
  const shown = JSON.stringify(quoted.length > 60 ? `${quoted.slice(0, 60)}…` : quoted);
  const problem = ISO_8601.test(text)
    ? `${shown} is an ISO 8601 timestamp, not an HTTP-date (RFC 9110 §5.6.7 wants e.g. "Tue, 24 Nov 2026 10:00:05 GMT") nor delta-seconds`
    : `${shown} is neither delta-seconds (digits only) nor an HTTP-date (e.g. "Tue, 24 Nov 2026 10:00:05 GMT")`;
  return { kind: "invalid", problem };
}

/** Milliseconds to wait from `now`; undefined when the header is absent or is neither form (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const read = readRetryAfter(value, now);
  return read === undefined || read.kind === "invalid" ? undefined : read.ms;
}
