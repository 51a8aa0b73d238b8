// A bounded pool (p-limit) whose results come out in the items' own order: `onResult` sees item i as soon as items
// 0..i are all done, whatever order they finished in — so a report reads the same at any concurrency.
import pLimit from "p-limit";

export interface OrderedPoolOptions<R> {
  concurrency: number;
  /** The order in which items are started (indexes into items; default: as given). */
  startOrder?: readonly number[];
  /** Each result, in item order. */
  onResult?: (result: R, index: number) => void;
}

export async function runOrdered<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  options: OrderedPoolOptions<R>,
): Promise<R[]> {
  const limit = pLimit(options.concurrency);
  const results = new Array<R>(items.length);
  const done = new Array<boolean>(items.length).fill(false);
  let next = 0;
  const settle = (index: number, result: R) => {
    results[index] = result;
    done[index] = true;
    while (next < items.length && done[next]) {
      options.onResult?.(results[next] as R, next);
      next++;
    }
  };
  const order = options.startOrder ?? items.map((_, index) => index);
  await Promise.all(order.map((index) => limit(async () => settle(index, await work(items[index] as T, index)))));
  return results;
}
