import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Slow tests that drive whole programs (pre-commit, Neovim, the GitHub Action's scripts, npm pack and
 * install, the SARIF Multitool, worker threads over large copies of the demo) or time rules on huge
 * inputs: `npm run test:integration` (vitest.integration.config.ts) runs them, and so does `.ci/run`.
 * `npm test` runs everything else within a few minutes on two cores.
 */
export const INTEGRATION_TESTS = [
  'test/integrations/pre-commit.test.ts',
  'test/integrations/action.test.ts',
  'test/integrations/npm-pack.test.ts',
  'test/integrations/sarif-multitool.test.ts',
  'test/lsp/neovim.test.ts',
  'test/perf/threads.test.ts',
  'test/perf/bundle.test.ts',
  // The browser playground, built and driven in Debian's Chromium.
  'test/integrations/playground.test.ts',
  // Per-rule time bounds on megabyte-long adversarial lines: a performance guard, about 35 s.
  'test/robustness/regex-safety.test.ts',
];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'rules/**/*.test.ts', 'test/**/*.test.ts'],
    // The crash census is a long, opt-in exploration (LINT500_FUZZ_EXPLORE=1), not part of the suite.
    exclude: [...configDefaults.exclude, ...INTEGRATION_TESTS, ...(process.env['LINT500_FUZZ_EXPLORE'] ? [] : ['test/fuzz/explore.test.ts'])],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
