import { defineConfig } from 'vitest/config';
import { INTEGRATION_TESTS } from './vitest.config.js';

/** `npm run test:integration`: the slow tests that drive whole programs (see vitest.config.ts). */
export default defineConfig({
  test: {
    include: INTEGRATION_TESTS,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
