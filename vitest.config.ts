import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'rules/**/*.test.ts', 'test/**/*.test.ts'],
    // The crash census is a long, opt-in exploration (LINT500_FUZZ_EXPLORE=1), not part of the suite.
    exclude: [...configDefaults.exclude, ...(process.env['LINT500_FUZZ_EXPLORE'] ? [] : ['test/fuzz/explore.test.ts'])],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
