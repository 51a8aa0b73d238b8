// retry-after: every 429 or 503 answer — retried or final — carries the Retry-After the contract requires
// (delta-seconds or an HTTP-date), so that clients know how long to wait. A missing header is the contract's
// decision (ERRATA E30: Graph recommends a backoff when there is none); a malformed one breaks RFC 9110.
import { readRetryAfter } from "../../src/http/retry-after.ts";
import { failed, pagePrefix, passed, type Check } from "./check.ts";

export const retryAfter: Check = {
  name: "retry-after",
  description: "every 429/503 answer carries a usable Retry-After",
  usesExpectation: false,
  source: "rfc9110-retry-after",
  run({ response, redact }) {
    const { pages } = response;
    let seen = 0;
    for (const [index, page] of pages.entries()) {
      const answers = [...page.exchange.throttled.map((note) => ({ status: note.status, value: note.retryAfter }))];
      const status = page.exchange.status;
      if (status === 429 || status === 503)
        answers.push({ status, value: page.exchange.headers?.get("retry-after") ?? null });
      for (const answer of answers) {
        seen++;
        if (answer.value === null)
          return failed(
            `${pagePrefix(index, pages.length)}a ${answer.status} answer has no Retry-After header; the contract requires one (seconds or an HTTP-date)`,
            "E30",
          );
        const read = readRetryAfter(answer.value, Date.now(), redact);
        if (read?.kind === "invalid")
          return failed(`${pagePrefix(index, pages.length)}a ${answer.status} answer has Retry-After ${read.problem}`);
      }
    }
    return seen > 0 ? passed(`${seen} throttling answer(s)`) : null;
  },
};
