import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    reporters: ["default", ["json", { outputFile: "test-output/vitest.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
