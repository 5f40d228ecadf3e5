import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { FileKind, ParserModule } from '../../src/core/rule.js';
import type * as Parsers from '../../src/parsers/index.js';
import { cli } from '../cli/helpers.js';
import { demoCopies } from './helpers.js';

// Every parse of the CLI's runs, by path: the parsers are the real ones, only counted.
const parsed: string[] = [];
vi.mock('../../src/parsers/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof Parsers>();
  return {
    loadParser: async (kind: FileKind): Promise<ParserModule | undefined> => {
      const p = await real.loadParser(kind);
      return p && { ...p, parse: (file, env) => (parsed.push(file.path), p.parse(file, env)) };
    },
  };
});

describe('--cache', () => {
  it('skips parsing on a second run over an unchanged tree, with identical output', async () => {
    const dir = demoCopies(2);
    parsed.length = 0;
    const first = await cli(['.', '-f', 'json', '--cache', '--threads', '1'], dir);
    expect(existsSync(join(dir, '.lint500-cache'))).toBe(true);
    expect(parsed.length).toBeGreaterThan(50);
    parsed.length = 0;
    const second = await cli(['.', '-f', 'json', '--cache', '--threads', '1'], dir);
    // Nothing is parsed again, also not the files linted through their includer (nginx conf.d/*.conf).
    expect(parsed).toEqual([]);
    expect(second).toEqual(first);
  });

  it('parses only the changed file when no cross-file rule reads the others', async () => {
    const dir = demoCopies(1);
    const docker = ['shop-1/services/api/Dockerfile', 'shop-1/services/web/Dockerfile', 'shop-1/services/orders/Dockerfile'];
    await cli([...docker, '-f', 'json', '--cache'], dir);
    writeFileSync(join(dir, docker[1]!), 'FROM python:3.12-slim\nUSER app\nCMD ["gunicorn", "shop.wsgi"]\n');
    parsed.length = 0;
    const r = await cli([...docker, '-f', 'json', '--cache'], dir);
    expect(parsed).toEqual([docker[1]]);
    const fresh = await cli([...docker, '-f', 'json'], dir);
    expect(r.stdout).toBe(fresh.stdout);
  });

  it('re-runs cross-file rules when one file changes, and matches an uncached run', async () => {
    const dir = demoCopies(1);
    await cli(['.', '-f', 'json', '--cache'], dir);
    writeFileSync(join(dir, 'shop-1/k8s/api.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: nothing-has-this\n  ports:\n    - port: 80\n');
    parsed.length = 0;
    const cached = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(parsed).toContain('shop-1/k8s/api.yaml');
    const fresh = await cli(['.', '-f', 'json'], dir);
    expect(cached.stdout).toBe(fresh.stdout);
    expect(cached.stdout).toContain('k8s/service-selector-matches-nothing');
  });
});
