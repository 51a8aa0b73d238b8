// The client's unit tests on Node 22.12 (`npm run test:node22`; .ci/run runs it after `npm test`). Vitest itself
// runs on that Node, so fetch, streams and timers are Node 22's. The installed package and its bin are run on
// Node 22 by test/client/package.test.ts, inside `npm test`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/client/auth-and-errors.test.ts", "test/client/delta.test.ts", "test/client/retry.test.ts"],
    typecheck: { enabled: false },
    reporters: ["default", ["json", { outputFile: "test-output/vitest-node22.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
