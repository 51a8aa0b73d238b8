// The pool's building blocks: results in item order whatever the finishing order, and the shared throttle's rule
// (pause new requests for Retry-After, halve the window once per throttling episode, widen it by one after a
// window's worth of unthrottled answers, refuse pauses past the run's budget or deadline).
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runOrdered } from "../../conformance/runner/ordered-pool.ts";
import { SharedThrottle } from "../../conformance/transport/shared-throttle.ts";

describe("runOrdered", () => {
  it("runs at most `concurrency` at once and hands results over in item order", async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    const finished: number[] = [];
    const results = await runOrdered(
      [40, 10, 30, 0, 20],
      async (ms, index) => {
        running++;
        most = Math.max(most, running);
        await delay(ms);
        running--;
        finished.push(index);
        return index * 10;
      },
      { concurrency: 3, onResult: (_result, index) => seen.push(index) },
    );
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(finished).not.toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(3);
  });

  it("starts items in the given start order", async () => {
    const started: number[] = [];
    await runOrdered([0, 1, 2, 3], async (_item, index) => void started.push(index), {
      concurrency: 1,
      startOrder: [2, 0, 3, 1],
    });
    expect(started).toEqual([2, 0, 3, 1]);
  });
});

describe("SharedThrottle", () => {
  it("halves the window on a throttled answer, once per episode, and widens it after a window of later good answers", () => {
    const throttle = new SharedThrottle({ maxWindow: 8, budgetMs: 60_000 });
    const sentBefore = performance.now();
    expect(throttle.throttled(sentBefore, 0)).toEqual({ paused: true });
    expect(throttle.window).toBe(4);
    // Another answer to a request sent before that halving belongs to the same episode.
    throttle.throttled(sentBefore, 0);
    expect(throttle.window).toBe(4);
    throttle.throttled(performance.now(), 0);
    expect(throttle.window).toBe(2);
    // Answers to requests sent before the last halving do not widen it.
    for (let index = 0; index < 4; index++) throttle.answered(sentBefore);
    expect(throttle.window).toBe(2);
    const sentAfter = performance.now();
    throttle.answered(sentAfter);
    expect(throttle.window).toBe(2);
    throttle.answered(sentAfter);
    expect(throttle.window).toBe(3);
    for (let index = 0; index < 3; index++) throttle.answered(sentAfter);
    expect(throttle.window).toBe(4);
    expect(throttle.stats()).toEqual({ throttledAnswers: 3, pausedMs: 0, narrowestWindow: 2 });
  });

  it("holds new requests while paused and lets retries go first", async () => {
    const throttle = new SharedThrottle({ maxWindow: 1, budgetMs: 60_000 });
    const first = await throttle.acquire(false);
    expect(first).toBeDefined();
    expect(throttle.throttled(performance.now(), 150)).toEqual({ paused: true });
    const order: string[] = [];
    const pausedAt = performance.now();
    const waiting = [
      throttle.acquire(false).then((release) => {
        order.push("new");
        release?.();
      }),
      throttle.acquire(true).then((release) => {
        order.push("retry");
        release?.();
      }),
    ];
    first?.();
    await Promise.all(waiting);
    expect(performance.now() - pausedAt).toBeGreaterThanOrEqual(140);
    expect(order).toEqual(["retry", "new"]);
    expect(throttle.stats().pausedMs).toBeGreaterThanOrEqual(149);
  });

  it("refuses a pause beyond the budget or past the deadline, and a stopped run's waiters get no slot", async () => {
    const throttle = new SharedThrottle({ maxWindow: 2, budgetMs: 1000, deadline: performance.now() + 60_000 });
    expect(throttle.throttled(performance.now(), 600)).toEqual({ paused: true });
    expect(throttle.throttled(performance.now(), 1200)).toMatchObject({
      paused: false,
      bound: "throttle-budget",
      reason: expect.stringMatching(/^waiting 1\.2 s more would exceed the run's throttling budget of 1\.0 s/),
    });
    expect(throttle.throttled(performance.now(), 120_000)).toMatchObject({ paused: false, bound: "time-limit" });
    const stop = new AbortController();
    const waiting = throttle.acquire(false, stop.signal);
    stop.abort();
    expect(await waiting).toBeUndefined();
    throttle.allowCleanup(5000);
    expect(throttle.throttled(performance.now(), 1200)).toEqual({ paused: true });
  });
});
