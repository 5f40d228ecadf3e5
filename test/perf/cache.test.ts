import { cpSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { FileKind, ParserModule } from '../../src/core/rule.js';
import type * as Parsers from '../../src/parsers/index.js';
import type * as Read from '../../src/project/read.js';
import type * as Rules from '../../rules/index.js';
import { run } from '../../src/project/run.js';
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

// Every rule domain whose code the CLI's runs load.
const loadedDomains: string[] = [];
vi.mock('../../rules/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof Rules>();
  return { ...real, loadRules: (domains: Iterable<string>) => (loadedDomains.push(...domains), real.loadRules(domains)) };
});

// Every file the runner reads from disk, by absolute path.
const read: string[] = [];
vi.mock('../../src/project/read.js', async (importOriginal) => {
  const real = await importOriginal<typeof Read>();
  return { ...real, readTextFile: (path: string, max: number) => (read.push(path), real.readTextFile(path, max)) };
});

/** The cache file as lint500 writes it (format 3). */
interface CacheData {
  format: number;
  strings: string[];
  rules: { metas: { id: string }[] };
  /** `[path, size, mtimeMs, kind, hash]` per file, flat; strings as places in `strings`. */
  files: number[];
  /** `[config, file record's place, unit]` per entry, flat. */
  entries: unknown[];
  dirs: Record<string, unknown>;
}
interface CachedUnitOnDisk {
  raw?: { ruleId: unknown; file: unknown; severity: unknown; message: unknown; causes: unknown[]; span: unknown; at: unknown }[];
  comments?: unknown;
  texts?: Record<string, string>;
  hashes?: Record<string, string>;
}
const unitsOf = (data: CacheData) => data.entries.filter((_, i) => i % 3 === 2) as CachedUnitOnDisk[];
/** The file records by path: `[size, mtimeMs, kind, hash]`. */
function filesOf(data: CacheData): Map<string, [number, number, string, string]> {
  const out = new Map<string, [number, number, string, string]>();
  for (let i = 0; i < data.files.length; i += 5) out.set(data.strings[data.files[i]!]!, [data.files[i + 1]!, data.files[i + 2]!, data.strings[data.files[i + 3]!]!, data.strings[data.files[i + 4]!]!]);
  return out;
}

describe('--cache', () => {
  it('skips parsing on a second run over an unchanged tree, with identical output', async () => {
    const dir = demoCopies(2);
    parsed.length = 0;
    const first = await cli(['.', '-f', 'json', '--cache', '--threads', '1'], dir);
    expect(existsSync(join(dir, '.lint500-cache'))).toBe(true);
    expect(parsed.length).toBeGreaterThan(50);
    parsed.length = 0;
    loadedDomains.length = 0;
    const second = await cli(['.', '-f', 'json', '--cache', '--threads', '1'], dir);
    // Nothing is parsed again, also not the files linted through their includer (nginx conf.d/*.conf),
    // and no rule code is loaded: the cache holds the rules' metadata.
    expect(parsed).toEqual([]);
    expect(loadedDomains).toEqual([]);
    expect(second).toEqual(first);
    // One changed file loads the rules again, and gives an uncached run's output.
    const changed = 'shop-1/services/web/Dockerfile';
    writeFileSync(join(dir, changed), 'FROM python:3.12-slim\nUSER app\nCMD ["gunicorn", "shop.wsgi"]\n');
    const third = await cli(['.', '-f', 'json', '--cache', '--threads', '1'], dir);
    expect(loadedDomains.length).toBeGreaterThan(3);
    expect(parsed).toContain(changed);
    expect(third.stdout).toBe((await cli(['.', '-f', 'json', '--threads', '1'], dir)).stdout);
  });

  it('tells the caller how many files it lints once it knows its files: all of them cold, none warm, the changed one after an edit', async () => {
    const dir = demoCopies(1);
    const counts: number[] = [];
    const opts = { cwd: dir, paths: ['.'], cacheLocation: '.lint500-cache', threads: 1, onFilesToLint: (n: number) => counts.push(n) };
    const cold = await run(opts);
    const files = cold.results.filter((r) => r.kind !== 'unknown').length;
    expect(files).toBeGreaterThan(20);
    await run(opts);
    writeFileSync(join(dir, 'shop-1/services/web/Dockerfile'), 'FROM python:3.12-slim\nUSER app\nCMD ["gunicorn", "shop.wsgi"]\n');
    await run(opts);
    expect(counts).toEqual([files, 0, 1]);
    // Without a cache, every file.
    counts.length = 0;
    await run({ cwd: dir, paths: ['.'], threads: 1, onFilesToLint: (n) => counts.push(n) });
    expect(counts).toEqual([files]);
  });

  it('parses only the changed file when no cross-file rule reads the others', async () => {
    const dir = demoCopies(1);
    // Not services/api: its dev-dependency check reads the package.json beside it (a cross-file read).
    const docker = ['shop-1/services/orders/Dockerfile', 'shop-1/services/web/Dockerfile'];
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

  it('reads an unchanged file (same size and modification time) only where its text is needed', async () => {
    const dir = demoCopies(1);
    const cold = { json: await cli(['.', '-f', 'json', '--cache'], dir), stylish: await cli(['.', '--cache'], dir) };
    read.length = 0;
    const json = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(json).toEqual(cold.json);
    // JSON needs a file's text only to merge its fixes into one edit.
    const results = JSON.parse(json.stdout) as { filePath: string; messages: { fix?: unknown; suggestions?: unknown }[] }[];
    const withFixes = results.filter((r) => r.messages.some((m) => m.fix || m.suggestions)).map((r) => r.filePath);
    expect(results.length).toBeGreaterThan(10);
    // Of the linted files (not the cache, ignore files or configs, read as discovery always does).
    const linted = new Set(results.map((r) => r.filePath));
    const sources = read.filter((p) => linted.has(p));
    expect(sources.every((p) => withFixes.includes(p)), sources.join(', ')).toBe(true);
    expect(sources.length).toBeLessThan(results.length);
    // Code frames read the texts of files with findings, and show the same lines.
    read.length = 0;
    expect(await cli(['.', '--cache'], dir)).toEqual(cold.stylish);
    expect(read.length).toBeGreaterThan(0);
  });

  it('a run without the cache lints the text discovery read: a file no other file\'s rules read is read once', async () => {
    const dir = demoCopies(1);
    read.length = 0;
    const r = await cli(['.', '-f', 'json'], dir);
    const clean = new Set((JSON.parse(r.stdout) as { filePath: string; messages: unknown[] }[]).filter((x) => !x.messages.length).map((x) => x.filePath));
    // Files with findings are read again to place them, and the files a project model reads ahead
    // (manifests, sources of a service) again at their turn: the engine lets each text go in between.
    for (const f of ['k8s/ingress.yaml', 'services/web/manage.py', 'blog/reports/app.py'].map((p) => join(dir, 'shop-1', p))) {
      expect(clean.has(f), f).toBe(true);
      expect(read.filter((p) => p === f), f).toEqual([f]);
    }
  });

  it('trusts size and modification time, as ESLint does; a new modification time re-lints the file', async () => {
    const dir = demoCopies(1);
    const file = join(dir, 'shop-1/services/web/Dockerfile');
    // Whole seconds, so that setting the time back gives the very same modification time.
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const first = await cli(['shop-1/services/web', '-f', 'json', '--cache'], dir);
    expect(first.stdout).toContain('dockerfile/');
    // Same size, same modification time, other text: taken as unchanged.
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/[A-Za-z]/g, 'x'));
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    expect(statSync(file).size).toBe(Buffer.byteLength(text));
    expect(await cli(['shop-1/services/web', '-f', 'json', '--cache'], dir)).toEqual(first);
    // Another modification time: read, parsed and linted again.
    utimesSync(file, 1_700_000_000, 1_700_000_005);
    parsed.length = 0;
    const again = await cli(['shop-1/services/web', '-f', 'json', '--cache'], dir);
    expect(parsed).toContain('shop-1/services/web/Dockerfile');
    expect(again.stdout).toBe((await cli(['shop-1/services/web', '-f', 'json'], dir)).stdout);
    expect(again.stdout).not.toBe(first.stdout);
  });

  it('--cache-strategy content reads and hashes every file, so an edit that keeps size and time is seen', async () => {
    const dir = demoCopies(1);
    const file = join(dir, 'shop-1/services/web/Dockerfile');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const args = ['shop-1/services/web', '-f', 'json', '--cache', '--cache-strategy', 'content'];
    const first = await cli(args, dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/[A-Za-z]/g, 'x'));
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    read.length = 0;
    const second = await cli(args, dir);
    expect(read).toContain(file);
    expect(second.stdout).not.toBe(first.stdout);
    expect(second.stdout).toBe((await cli(['shop-1/services/web', '-f', 'json'], dir)).stdout);
    expect((await cli([...args.slice(0, -1), 'mtime'], dir)).code).toBe(2);
  });

  it('--fix on a warm cache writes what an uncached --fix writes (a fixed text is never taken for the cached one)', async () => {
    const cached = demoCopies(1);
    const fresh = demoCopies(1);
    const file = 'shop-1/services/web/Dockerfile';
    await cli(['.', '-f', 'json', '--cache'], cached);
    const a = await cli(['.', '--fix', '-f', 'json', '--cache'], cached);
    const b = await cli(['.', '--fix', '-f', 'json'], fresh);
    const fixed = readFileSync(join(fresh, file), 'utf8');
    expect(fixed).toContain('--no-cache-dir');
    expect(readFileSync(join(cached, file), 'utf8')).toBe(fixed);
    expect(a.stdout.replaceAll(cached, '')).toBe(b.stdout.replaceAll(fresh, ''));
    // And the next cached run sees the fixed texts.
    expect((await cli(['.', '-f', 'json', '--cache'], cached)).stdout).toBe((await cli(['.', '-f', 'json'], cached)).stdout);
  });

  it('writes a compact file (shared strings, no empty lists) that an odd rule record or string table makes unusable, with one warning', async () => {
    const dir = demoCopies(1);
    const cold = await cli(['shop-1/services', '-f', 'json', '--cache'], dir);
    const data = JSON.parse(readFileSync(join(dir, '.lint500-cache'), 'utf8')) as CacheData;
    const units = unitsOf(data);
    const withFindings = units.filter((e) => e.raw?.length);
    expect(withFindings.length).toBeGreaterThan(0);
    for (const e of withFindings)
      for (const r of e.raw!) {
        expect([r.ruleId, r.file, r.severity, r.message].map((x) => typeof x)).toEqual(['number', 'number', 'number', 'number']);
        expect(r.causes.every((c) => typeof c === 'number')).toBe(true);
        // Where it is: span and place as numbers (the place's last item is the fingerprint's base).
        expect(r.span).toEqual([expect.any(Number), expect.any(Number)]);
        // Places with related places stay objects.
        if (Array.isArray(r.at)) expect(r.at).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number), expect.stringMatching(/^[0-9a-f]{16}$/)]);
        else expect(r.at).toMatchObject({ line: expect.any(Number), related: expect.any(Array) });
      }
    expect(withFindings.flatMap((e) => e.raw!).filter((r) => Array.isArray(r.at)).length).toBeGreaterThan(0);
    expect(data.strings).toContain('shop-1/services/web/Dockerfile');
    expect(units.some((e) => e.raw && e.comments === undefined)).toBe(true);
    // Files with no finding: no list at all.
    expect(units.some((e) => e.raw === undefined)).toBe(true);
    // Each unit of a linted file names its config and its file record's place, not its whole key.
    for (let i = 0; i < data.entries.length; i += 3) expect([typeof data.entries[i], typeof data.entries[i + 1]]).toEqual(['number', 'number']);
    expect(data.entries.filter((_, i) => i % 3 === 1).every((at) => at === -1 || (Number.isInteger(at) && (at as number) < data.files.length / 5))).toBe(true);
    expect(data.rules.metas.map((m) => m.id)).toContain('dockerfile/user-root');
    for (const odd of [{ ...data, strings: [1] }, { ...data, rules: { key: 'k', metas: [{ id: 7 }] } }, { ...data, files: data.files.slice(1) }, { ...data, entries: [...data.entries.slice(0, 1), 1e6, ...data.entries.slice(2)] }]) {
      writeFileSync(join(dir, '.lint500-cache'), JSON.stringify(odd));
      const r = await cli(['shop-1/services', '-f', 'json', '--cache'], dir);
      expect(r.stderr).toBe('lint500: .lint500-cache: the cache file has entries of the wrong shape: the cache is not used\n');
      expect(r.stdout).toBe(cold.stdout);
    }
  });
});

describe('the cache file', () => {
  const CACHE = '.lint500-cache';
  const cacheOf = (dir: string) => JSON.parse(readFileSync(join(dir, CACHE), 'utf8')) as CacheData;

  it('is ASCII even when paths and messages are not, and a warm run reads it back to the same output', async () => {
    const dir = demoCopies(1);
    // A folder name and a base image beyond ASCII: both reach the findings (path, message).
    cpSync(join(dir, 'shop-1/services/web'), join(dir, 'shop-1/services/café'), { recursive: true });
    writeFileSync(join(dir, 'shop-1/services/café/Dockerfile'), 'FROM pythön:latest\nCMD ["gunicorn", "shop.wsgi"]\n');
    const cold = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(cold.stdout).toContain('shop-1/services/café/Dockerfile');
    const bytes = readFileSync(join(dir, CACHE));
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(bytes.toString('latin1')).toContain('caf\\u00e9');
    expect(cacheOf(dir).strings).toContain('shop-1/services/café/Dockerfile');
    parsed.length = 0;
    expect(await cli(['.', '-f', 'json', '--cache'], dir)).toEqual(cold);
    expect(parsed).toEqual([]);
  });

  it('cut short (a full disk, an interrupted copy): no cache, one warning, the same output; then rewritten', async () => {
    const dir = demoCopies(1);
    const cold = await cli(['.', '-f', 'json', '--cache'], dir);
    const text = readFileSync(join(dir, CACHE), 'utf8');
    writeFileSync(join(dir, CACHE), text.slice(0, Math.floor(text.length / 2)));
    parsed.length = 0;
    const r = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(r.stderr).toBe(`lint500: ${CACHE}: the cache file is not valid JSON: the cache is not used\n`);
    expect(r.stdout).toBe(cold.stdout);
    expect(parsed.length).toBeGreaterThan(20);
    // Rewritten whole: the next run uses it silently and parses nothing.
    parsed.length = 0;
    expect(await cli(['.', '-f', 'json', '--cache'], dir)).toEqual(cold);
    expect(parsed).toEqual([]);
  });

  it('of another format version: not used, silently, and replaced', async () => {
    const dir = demoCopies(1);
    const cold = await cli(['.', '-f', 'json', '--cache'], dir);
    writeFileSync(join(dir, CACHE), JSON.stringify({ ...cacheOf(dir), format: 1 }));
    parsed.length = 0;
    expect(await cli(['.', '-f', 'json', '--cache'], dir)).toEqual(cold);
    expect(parsed.length).toBeGreaterThan(20);
    expect(cacheOf(dir).format).toBe(3);
  });

  it('a changed config: the findings follow it, as an uncached run', async () => {
    const dir = demoCopies(1);
    const cold = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(cold.stdout).toContain('"dockerfile/user-root"');
    writeFileSync(join(dir, '.lint500.json'), JSON.stringify({ rules: { 'dockerfile/user-root': 'off' } }));
    const warm = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(warm.stdout).not.toContain('"dockerfile/user-root"');
    expect(warm.stdout).toBe((await cli(['.', '-f', 'json'], dir)).stdout);
    // And back: the first run's findings again.
    rmSync(join(dir, '.lint500.json'));
    expect((await cli(['.', '-f', 'json', '--cache'], dir)).stdout).toBe(cold.stdout);
  });

  it('an included file: its digest is kept beside its text; a warm run trusts it only while the file is unchanged', async () => {
    const dir = demoCopies(1);
    const included = 'shop-1/nginx/conf.d/shop.conf';
    await cli(['.', '-f', 'json', '--cache'], dir);
    const data = cacheOf(dir);
    const withText = unitsOf(data).filter((e) => e.texts?.[included] !== undefined);
    expect(withText.length).toBeGreaterThan(0);
    for (const e of withText) expect(Object.keys(e.hashes ?? {}).sort()).toEqual(Object.keys(e.texts!).sort());
    expect(withText[0]!.hashes![included]).toBe(filesOf(data).get(included)![3]);
    // The included file changes: the includer's findings follow it, as in an uncached run.
    const file = join(dir, included);
    writeFileSync(file, readFileSync(file, 'utf8').replace('proxy_read_timeout 60s;', 'proxy_read_timeout 1s;\n        proxy_buffering off;'));
    const warm = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(warm.stdout).toBe((await cli(['.', '-f', 'json'], dir)).stdout);
    expect(await cli(['.', '-f', 'json', '--cache'], dir)).toEqual(warm);
  });

  it('a new file: linted, and the file rules that read other files run again, as in an uncached run', async () => {
    const dir = demoCopies(1);
    await cli(['.', '-f', 'json', '--cache'], dir);
    const before = (JSON.parse(readFileSync(join(dir, CACHE), 'utf8')) as { run: string }).run;
    expect(before).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    // A package.json beside a Dockerfile: what the Dockerfile's rules read of its service changes.
    const added = 'shop-1/services/web/package.json';
    writeFileSync(join(dir, added), JSON.stringify({ name: 'web', scripts: { start: 'next dev' }, devDependencies: { nodemon: '1' } }));
    parsed.length = 0;
    const warm = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(parsed).toContain(added);
    expect(warm.stdout).toContain(`/${added}"`);
    expect(warm.stdout).toBe((await cli(['.', '-f', 'json'], dir)).stdout);
    expect((JSON.parse(readFileSync(join(dir, CACHE), 'utf8')) as { run: string }).run).not.toBe(before);
    // Then unchanged again: nothing parsed, the same output.
    parsed.length = 0;
    expect(await cli(['.', '-f', 'json', '--cache'], dir)).toEqual(warm);
    expect(parsed).toEqual([]);
  });

  it('a deleted file: gone from the output and from the cache file', async () => {
    const dir = demoCopies(1);
    const gone = 'shop-1/services/web/Dockerfile';
    const cold = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(cold.stdout).toContain(gone);
    expect([...filesOf(cacheOf(dir)).keys()]).toContain(gone);
    rmSync(join(dir, gone));
    const warm = await cli(['.', '-f', 'json', '--cache'], dir);
    expect(warm.stdout).not.toContain(`"${gone}"`);
    expect(warm.stdout).toBe((await cli(['.', '-f', 'json'], dir)).stdout);
    expect([...filesOf(cacheOf(dir)).keys()]).not.toContain(gone);
  });

  describe('folder listings', () => {
    // A folder changed less than two seconds before a run is listed again by the next run (its
    // status-change time may not have ticked yet): these trees are made, then left alone that long.
    const settled = () => new Promise((done) => setTimeout(done, 2100));
    const dirsOf = (dir: string) => cacheOf(dir).dirs[dir] as [string, Record<string, unknown>];
    const stampOf = (path: string) => `${statSync(path).ctimeMs}:${statSync(path).ino}`;

    it('are kept per folder as `<ctime>:<inode>/<types>/<names>`, with the sub-folders walked', async () => {
      const dir = demoCopies(1);
      await settled();
      const stampBefore = stampOf(dir);
      await cli(['.', '-f', 'json', '--cache'], dir);
      const [top, subs] = dirsOf(dir);
      // The root as the walk saw it, before the cache file was written.
      expect(top).toBe(`${stampBefore}/dd/.git/shop-1`);
      expect(Object.keys(subs)).toEqual(['shop-1']);
      const [shop, inShop] = subs['shop-1'] as [string, Record<string, unknown>];
      expect(shop).toMatch(new RegExp(`^${stampOf(join(dir, 'shop-1'))}/[dflo]+/`));
      expect(Object.keys(inShop).sort()).toEqual(['blog', 'k8s', 'nginx', 'services', 'tomcat']);
      // Writing the cache file changed the root: the next run reads it again, and as it changed
      // just now, records it as not to be trusted.
      await cli(['.', '-f', 'json', '--cache'], dir);
      expect(dirsOf(dir)[0]).toBe('-/dfd/.git/.lint500-cache/shop-1');
    }, 20_000);

    it('an unchanged folder is not read again: its recorded entries are used', async () => {
      const dir = demoCopies(1);
      await settled();
      const cold = await cli(['.', '-f', 'json', '--cache'], dir);
      // A name the folder does not hold, slipped into its recorded listing: the walk takes it from there.
      const data = cacheOf(dir);
      const services = ((data.dirs[dir] as [string, Record<string, [string, Record<string, string | [string, unknown]>]>])[1]['shop-1']![1]['services'] as [string, unknown]);
      const [stamp, types, ...names] = services[0].split('/');
      services[0] = [stamp, `${types}f`, ...names, 'zz.Dockerfile'].join('/');
      writeFileSync(join(dir, CACHE), JSON.stringify(data));
      const warm = await cli(['.', '-f', 'json', '--cache'], dir);
      expect(warm.stdout).not.toBe(cold.stdout);
      expect(warm.stdout).toContain('shop-1/services/zz.Dockerfile');
      expect(warm.stdout).toContain('File could not be read (ENOENT)');
    }, 20_000);

    it('a file added to a folder that was listed: found by the next run, as an uncached run finds it', async () => {
      const dir = demoCopies(1);
      await settled();
      await cli(['.', '-f', 'json', '--cache'], dir);
      await cli(['.', '-f', 'json', '--cache'], dir);
      const added = 'shop-1/services/worker/Dockerfile';
      expect(existsSync(join(dir, 'shop-1/services/worker'))).toBe(false);
      cpSync(join(dir, 'shop-1/services/web'), join(dir, 'shop-1/services/worker'), { recursive: true });
      const warm = await cli(['.', '-f', 'json', '--cache'], dir);
      expect(warm.stdout).toContain(`/${added}"`);
      expect(warm.stdout).toBe((await cli(['.', '-f', 'json'], dir)).stdout);
    }, 20_000);

    it('a listing of the wrong shape, or of another folder, is not used, silently: the folder is read', async () => {
      const dir = demoCopies(1);
      await settled();
      const cold = await cli(['.', '-f', 'json', '--cache'], dir);
      // With the folder's true stamp, so that only the shape keeps each from being used.
      const stamp = stampOf(join(dir, 'shop-1'));
      const st = statSync(join(dir, 'shop-1'));
      // Of the wrong shape; or of the right one but of another folder (another inode), or without one.
      for (const odd of [`${stamp}/d/a/b`, `${stamp}/q/a`, `${stamp}/f/a/`, `${stamp}/f/`, `${stamp}/ff/a//b`, `${stamp}`, 7, [1, 2, 3], [`${stamp}/f/a`, 'no'], `${st.ctimeMs}:${st.ino + 1}/f/a.Dockerfile`, `${st.ctimeMs}/f/a.Dockerfile`]) {
        const data = cacheOf(dir);
        writeFileSync(join(dir, CACHE), JSON.stringify({ ...data, dirs: { [dir]: [dirsOf(dir)[0], { 'shop-1': odd }] } }));
        const warm = await cli(['.', '-f', 'json', '--cache'], dir);
        expect(warm.stderr).toBe('');
        expect(warm.stdout).toBe(cold.stdout);
      }
      // The same row of the right shape is used (the folder then seems to hold one file, `a`).
      writeFileSync(join(dir, CACHE), JSON.stringify({ ...cacheOf(dir), dirs: { [dir]: [dirsOf(dir)[0], { 'shop-1': `${stamp}/f/a.Dockerfile` }] } }));
      const used = await cli(['.', '-f', 'json', '--cache'], dir);
      expect(used.stdout).toContain('shop-1/a.Dockerfile');
      expect(used.stdout).not.toContain('shop-1/services');
    }, 30_000);
  });
});
