// What the client remembers about the call that produced a Response, so errors can name it without the request.

export interface CallRecord {
  method: string;
  /** The URL without its query string. */
  url: string;
  clientRequestId: string | undefined;
  /** How many times the request was sent. */
  attempts: number;
  /** Total milliseconds spent waiting between attempts. */
  waitedMs: number;
  /** Why the retry middleware stopped while the answer was still retryable (attempts or wait budget used up). */
  stoppedBecause?: string;
}

const records = new WeakMap<Response, CallRecord>();

export function recordCall(response: Response, record: CallRecord): void {
  records.set(response, record);
}

/** The record of the call that produced `response`, when it came through a client of this library. */
export function callRecordOf(response: Response): CallRecord | undefined {
  return records.get(response);
}

export function urlWithoutQuery(url: string): string {
  const index = url.search(/[?#]/);
  return index === -1 ? url : url.slice(0, index);
}
