// The bearer token, wherever an answer repeats it, whatever its length: replaced before the caller or an error
// can show it. JSON answers are redacted inside their strings (keys and values), so they stay JSON.

export const REDACTED = "[redacted]";

/** Whether `text` contains the secret as written or JSON-escaped (a "/" or a quote inside it). */
export function mentions(text: string, secret: string): boolean {
  return text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1));
}

/** `text` with every occurrence of the secret (as written and JSON-escaped) replaced. */
export function redactText(text: string, secret: string): string {
  return text.replaceAll(secret, REDACTED).replaceAll(JSON.stringify(secret).slice(1, -1), REDACTED);
}

function redactValue(value: unknown, secret: string): unknown {
  if (typeof value === "string") return value.replaceAll(secret, REDACTED);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secret));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key.replaceAll(secret, REDACTED), redactValue(item, secret)]),
    );
  }
  return value;
}

/** A body with the secret replaced: inside the strings of a JSON body (it stays valid JSON), anywhere in other text. */
export function redactBody(text: string, secret: string): string {
  try {
    return JSON.stringify(redactValue(JSON.parse(text), secret));
  } catch {
    return redactText(text, secret);
  }
}
