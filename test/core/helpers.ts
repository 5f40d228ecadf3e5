/** A tiny line-based test parser ("kind" manifest files named *.txt are not used; we register a fake kind). */
import { ConfigResolver } from '../../src/core/config/resolve.js';
import type { UserConfig } from '../../src/core/config/types.js';
import { lint, type EngineInput } from '../../src/core/engine.js';
import type { AnyRule, FileKind, ParserModule } from '../../src/core/rule.js';

export interface Line {
  type: 'line';
  text: string;
  span: { start: number; end: number };
}

/** Parses each non-comment line into a node; `#` starts a comment; a line `!!` is a syntax error. */
export const lineParser: ParserModule = {
  kind: 'manifest',
  comment: '#',
  parse(file) {
    const nodes: Line[] = [];
    const comments: { span: { start: number; end: number }; text: string }[] = [];
    const diagnostics: { code: string; message: string; span: { start: number; end: number }; severity: 'error' }[] = [];
    let off = 0;
    for (const raw of file.text.split('\n')) {
      const hash = raw.indexOf('#');
      if (hash >= 0) comments.push({ span: { start: off + hash, end: off + raw.length }, text: raw.slice(hash + 1) });
      const code = (hash >= 0 ? raw.slice(0, hash) : raw).trimEnd();
      if (code === '!!') diagnostics.push({ code: 'parse-error', message: 'unexpected !!', span: { start: off, end: off + 2 }, severity: 'error' });
      else if (code) nodes.push({ type: 'line', text: code, span: { start: off, end: off + code.length } });
      off += raw.length + 1;
    }
    return { root: nodes as never, comments, diagnostics };
  },
  traverse(root, enter, leave) {
    for (const n of root as unknown as Line[]) {
      enter('line', n);
      leave('line', n);
    }
  },
};

export function ruleOn(id: string, test: (text: string) => boolean, extra: Partial<AnyRule['meta']> = {}, opts: { throws?: boolean; fix?: (n: Line) => { span: Line['span']; text: string } } = {}): AnyRule {
  return {
    meta: {
      id,
      kind: 'manifest',
      severity: 'warning',
      recommended: true,
      status: 'stable',
      since: '0.1.0',
      description: 'test rule',
      causes: ['unhandled-exception-500'],
      remediation: 'fix it',
      messages: { hit: 'found {{text}}' },
      ...extra,
    },
    create(ctx: { report: (d: unknown) => void }) {
      return {
        line(n: Line) {
          if (opts.throws && n.text === 'boom') throw new Error('kaboom');
          if (test(n.text)) ctx.report({ node: n, messageId: 'hit', data: { text: n.text }, ...(opts.fix ? { fix: opts.fix(n) } : {}) });
        },
      };
    },
  };
}

export async function run(files: Record<string, string>, rules: AnyRule[], config: UserConfig = {}, extra: Partial<EngineInput> = {}) {
  const map = new Map(rules.map((r) => [r.meta.id, r]));
  return lint({
    files: Object.entries(files).map(([path, text]) => ({ path, text, kind: 'manifest' as FileKind })),
    rules,
    config: new ConfigResolver(config, map),
    parsers: async () => lineParser,
    ...extra,
  });
}
