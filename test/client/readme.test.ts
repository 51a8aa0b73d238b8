// The README's client example is examples/client-usage.ts verbatim, so the documented program is the tested one.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

test("the README client section shows examples/client-usage.ts exactly", () => {
  const readme = read("README.md");
  const section = /<!-- section:client -->([\s\S]*?)<!-- \/section:client -->/.exec(readme)?.[1];
  expect(section, "README.md has no client section").toBeDefined();
  const snippets = [...(section as string).matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  expect(snippets).toHaveLength(1);
  expect(snippets[0]).toBe(read("examples/client-usage.ts"));
});
