import { defineConfig } from "vitest/config";

// The end-to-end test: `npm run dev` on free ports, Debian's Chromium driven by playwright-core.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
