import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['.tests/**/*.test.ts'],
    // Packaging type-checks Apps-Engine's definitions: slow on a loaded two-core machine.
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
});
