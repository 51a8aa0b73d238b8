// transport: a complete answer arrived for every request of the step (no timeout, reset, truncation or oversized
// body). When it fails, no other check can say anything about the step.
import { failed, pagePrefix, passed, type Check } from "./check.ts";

export const transport: Check = {
  name: "transport",
  description: "a complete answer arrived (no timeout, reset, truncated or oversized body)",
  usesExpectation: false,
  source: "rfc9112-message",
  run({ response }) {
    const { pages } = response;
    for (const [index, page] of pages.entries()) {
      if (page.exchange.failure)
        return failed(
          `${pagePrefix(index, pages.length)}${page.exchange.request.method} ${page.url}: ${page.exchange.failure.message}`,
        );
    }
    const throttled = pages.flatMap((page) => page.exchange.throttled);
    if (throttled.length === 0) return passed();
    const waited = throttled.reduce((sum, note) => sum + note.waitedMs, 0);
    const statuses = [...new Set(throttled.map((note) => note.status))].join("/");
    return passed(
      `throttled: ${throttled.length} retr${throttled.length === 1 ? "y" : "ies"} after ${statuses}, waited ${(waited / 1000).toFixed(1)} s as Retry-After asked`,
    );
  },
};
