/**
 * One lint pass for the open documents of a workspace folder: their buffer texts (saved or not)
 * plus every other lintable file of the folder as read from disk, the way `lint500 <files> --context .`
 * runs, reporting only in the open documents. Configuration files are looked up per document folder
 * and cached until a watched-file event says they changed.
 */
import { dirname, resolve } from 'node:path';
import { DOMAIN_KINDS, domainsFor } from '../../rules/domains.js';
import { loadRules, RULE_IDS } from '../../rules/index.js';
import { ConfigResolver } from '../core/config/resolve.js';
import type { LintMessage } from '../core/diagnostics.js';
import { lint, maxFileSize, type ParserLoader } from '../core/engine.js';
import { fnv1a64 } from '../core/hash.js';
import type { AnyRule, FileKind, ParseOutput, ParserModule, SourceFile } from '../core/rule.js';
import { loadParser } from '../parsers/index.js';
import { classify } from '../project/classify.js';
import { checkConfig, ConfigLoadError, findConfigFile, loadConfigFile, loadPlugins, type ConfigError, type LoadedConfig } from '../project/config-files.js';
import { findRepoRoot } from '../project/discover.js';
import { DiskHost } from '../project/host.js';
import { displayPath } from '../project/paths.js';
import type { WorkspaceRoot } from './workspace.js';
import { appendAll } from '../core/append.js';

export interface OpenDoc {
  uri: string;
  abs: string;
  version: number;
  text: string;
}

export interface DocResult {
  uri: string;
  version: number;
  /** The text the messages' offsets refer to. */
  text: string;
  path: string;
  kind: FileKind | undefined;
  messages: LintMessage[];
  /** Texts of every file of the pass, by path (cross-file fixes and related locations). */
  texts: ReadonlyMap<string, string>;
  rules: ReadonlyMap<string, AnyRule>;
  /** The folder paths are relative to. */
  cwd: string;
}

export interface PassResult {
  docs: DocResult[];
  /** Config files that failed to load or validate, with their errors (empty list: the file is fine now). */
  configs: Map<string, ConfigError[]>;
}

const PARSE_CACHE_SIZE = 4000;
const REUSE_DOCS = 16;

function isHelmTemplate(path: string, kind: FileKind, text: string): boolean {
  return kind === 'k8s' && /(^|\/)templates\/[^/]+$/.test(path) && text.includes('{{');
}

/** Parses depend on path, text and settings only, unless they read other files (nginx includes). */
class ParseCache {
  private readonly entries = new Map<string, ParseOutput<unknown>>();
  private readonly wrapped = new Map<FileKind, ParserModule | undefined>();
  /**
   * Per recently edited document, what its parser keeps to re-parse only what an edit changed
   * (`ParseEnv.reuse`); the least recently linted are dropped beyond `REUSE_DOCS`.
   */
  private readonly reuse = new Map<string, Map<string, unknown>>();
  private open: ReadonlySet<string> = new Set();

  /** The documents of the next pass that are open in the editor: only they keep reuse state. */
  setOpen(paths: ReadonlySet<string>): void {
    this.open = paths;
  }

  private reuseFor(path: string): Map<string, unknown> | undefined {
    if (!this.open.has(path)) return undefined;
    const store = this.reuse.get(path) ?? new Map<string, unknown>();
    this.reuse.delete(path);
    this.reuse.set(path, store);
    if (this.reuse.size > REUSE_DOCS) this.reuse.delete(this.reuse.keys().next().value!);
    return store;
  }

  readonly loader: ParserLoader = async (kind) => {
    if (this.wrapped.has(kind)) return this.wrapped.get(kind);
    const p = await loadParser(kind);
    // Parsers that hold native memory (tree-sitter) free it after each run: never reuse their trees.
    const module = !p || p.dispose ? p : this.wrap(p);
    this.wrapped.set(kind, module);
    return module;
  };

  private wrap(p: ParserModule): ParserModule {
    return {
      ...p,
      init: p.init?.bind(p),
      traverse: p.traverse.bind(p),
      parse: (file, env) => {
        const key = `${file.kind}\u0000${file.path}\u0000${fnv1a64(file.text)}\u0000${file.text.length}\u0000${JSON.stringify(env.settings)}`;
        const hit = this.entries.get(key);
        if (hit) {
          this.entries.delete(key);
          this.entries.set(key, hit);
          return hit as never;
        }
        const reuse = this.reuseFor(file.path);
        const out = p.parse(file, reuse ? { ...env, reuse } : env);
        if (!out.includes?.length && !Object.keys(out.texts ?? {}).length) {
          this.entries.set(key, out);
          if (this.entries.size > PARSE_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
        }
        return out;
      },
    };
  }

  clear(): void {
    this.entries.clear();
  }
}

export class Linter {
  private readonly configPaths = new Map<string, string | null>();
  private readonly configs = new Map<string, LoadedConfig | ConfigLoadError>();
  private readonly parses = new ParseCache();

  /** A config file (or a package.json, or any file when unsure) changed on disk. */
  configChanged(): void {
    this.configPaths.clear();
    this.configs.clear();
    this.parses.clear();
  }

  /** A lintable file changed on disk: parses that depended on the set of files may be stale. */
  filesChanged(): void {
    this.parses.clear();
  }

  private configFileFor(dir: string): string | null {
    let hit = this.configPaths.get(dir);
    if (hit === undefined) {
      hit = findConfigFile(dir) ?? null;
      this.configPaths.set(dir, hit);
    }
    return hit;
  }

  private loadConfig(file: string | null, cwd: string): LoadedConfig | ConfigLoadError {
    if (file === null) return { config: {}, dir: cwd, locate: () => ({ line: 1, column: 1 }) };
    let hit = this.configs.get(file);
    if (!hit) {
      try {
        hit = loadConfigFile(file);
      } catch (e) {
        if (!(e instanceof ConfigLoadError)) throw e;
        hit = e;
      }
      this.configs.set(file, hit);
    }
    return hit;
  }

  /** Lints the open documents of one folder; documents under a broken config get no findings. */
  async lintRoot(root: WorkspaceRoot, docs: readonly OpenDoc[]): Promise<PassResult> {
    const configs = new Map<string, ConfigError[]>();
    const out: DocResult[] = [];
    const groups = new Map<string | null, OpenDoc[]>();
    for (const d of docs) {
      const file = this.configFileFor(dirname(d.abs));
      let g = groups.get(file);
      if (!g) groups.set(file, (g = []));
      g.push(d);
    }
    for (const [file, group] of groups) {
      const loaded = this.loadConfig(file, root.dir);
      if (loaded instanceof ConfigLoadError) {
        configs.set(file!, loaded.errors);
        for (const d of group) out.push(this.empty(root, d));
        continue;
      }
      try {
        appendAll(out, (await this.lintGroup(root, loaded, group)));
        if (file) configs.set(file, []);
      } catch (e) {
        if (!(e instanceof ConfigLoadError)) throw e;
        // Validation errors (unknown rule ids, bad options) are cached like parse errors until the file changes.
        this.configs.set(file!, e);
        configs.set(file!, e.errors);
        for (const d of group) out.push(this.empty(root, d));
      }
    }
    return { docs: out, configs };
  }

  private empty(root: WorkspaceRoot, d: OpenDoc): DocResult {
    const path = displayPath(root.dir, d.abs);
    return { uri: d.uri, version: d.version, text: d.text, path, kind: undefined, messages: [], texts: new Map(), rules: new Map(), cwd: root.dir };
  }

  private async lintGroup(root: WorkspaceRoot, loaded: LoadedConfig, docs: readonly OpenDoc[]): Promise<DocResult[]> {
    const cwd = root.dir;
    const config = loaded.config;
    const maxSize = maxFileSize(config.settings);
    const sources: SourceFile[] = [];
    const report = new Set<string>();
    const overlay = new Map<string, string>();
    const kinds = new Map<string, FileKind | undefined>();
    for (const d of docs) {
      const path = displayPath(cwd, d.abs);
      overlay.set(path, d.text);
      const kind = classify(path, d.text);
      kinds.set(d.uri, kind);
      if (!kind || isHelmTemplate(path, kind, d.text)) continue;
      sources.push({ path, text: d.text, kind });
      report.add(path);
    }
    if (!sources.length) return docs.map((d) => ({ ...this.empty(root, d), kind: kinds.get(d.uri) }));

    for (const c of root.candidates(config.ignorePatterns, loaded.dir)) {
      const path = displayPath(cwd, c.abs);
      if (overlay.has(path)) continue;
      const f = root.read(c, maxSize);
      if (!f || isHelmTemplate(f.path, f.kind, f.text)) continue;
      sources.push({ path: f.path, text: f.text, kind: f.kind });
    }

    const present = new Set(sources.map((s) => s.kind));
    const configured = [...Object.keys(config.rules ?? {}), ...(config.overrides ?? []).flatMap((o) => Object.keys(o.rules ?? {}))].map((id) => id.split('/')[0]!);
    const domains = new Set([...domainsFor(present, present.size > 1), ...configured.filter((d) => Object.hasOwn(DOMAIN_KINDS, d))]);
    const rules = new Map<string, AnyRule>();
    for (const r of [...(await loadRules(domains)), ...(await loadPlugins(loaded))]) rules.set(r.meta.id, r);
    const known = new Map(rules);
    for (const id of RULE_IDS)
      if (!known.has(id)) known.set(id, { meta: { id, kind: 'project', severity: 'warning', recommended: false, status: 'stable', since: '', description: '', causes: [], remediation: '', messages: {} }, create: () => ({}) });
    checkConfig(loaded, known);
    const rel = displayPath(cwd, loaded.dir);
    const resolver = new ConfigResolver(config, rules, rel === '.' ? '' : rel);
    const repo = findRepoRoot(cwd);
    const host = new DiskHost(cwd, repo ? [cwd, repo] : [cwd], maxSize, overlay);
    this.parses.setOpen(report);
    const results = await lint({
      files: sources,
      rules: [...rules.values()],
      config: resolver,
      parsers: this.parses.loader,
      host,
      reportOn: (p) => report.has(p),
      // No engine result cache: file rules may read other files through the project model, and a
      // keystroke elsewhere must reach them. Parses are cached instead (ParseCache above).
    });
    const byPath = new Map(results.map((r) => [r.filePath, r]));
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    return docs.map((d) => {
      const path = displayPath(cwd, d.abs);
      return { uri: d.uri, version: d.version, text: d.text, path, kind: kinds.get(d.uri), messages: byPath.get(path)?.messages ?? [], texts, rules, cwd };
    });
  }

  /** The absolute path of a result path. */
  static abs(cwd: string, path: string): string {
    return resolve(cwd, path);
  }
}
