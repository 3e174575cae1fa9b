import { defineConfig } from "vitest/config";

// Unit tests of the data layer: pure modules, no browser, no chain.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
