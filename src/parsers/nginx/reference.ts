/**
 * The official directive reference (`@nginx/reference-lib`, generated from nginx.org's docs): which
 * directives exist, where each may stand, whether it takes a block and how many arguments it takes.
 * The reference names contexts by their nginx.org labels ("server", "if in location"), which mean
 * different things in http, stream and mail; the module a directive belongs to tells them apart.
 */
import type * as ReferenceLib from '@nginx/reference-lib';
import type { Directive as RefDirective } from '@nginx/reference-lib';
import { lazy } from '../../core/lazy.js';
import type { NginxContext } from './ast.js';
import { directiveRows } from './reference-table.js';

// The library is 1.7 MB of data: only the language server's hover loads it, for the descriptions.
// Linting reads the table generated from it (reference-table.ts, `npm run gen:nginx`).
const referenceLib = lazy<typeof ReferenceLib>('@nginx/reference-lib');

export interface DirectiveSpec {
  name: string;
  module: string;
  contexts: Set<NginxContext>;
  block: boolean;
  minArgs: number;
  maxArgs: number;
  syntax: string[];
  default: string;
}

type Family = 'http' | 'stream' | 'mail' | 'core';

function familyOf(module: string): Family {
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  if (module === 'Core functionality' || module === 'ngx_google_perftools_module' || module === 'ngx_mgmt_module') return 'core';
  return 'http';
}

function contextsOf(module: string, contexts: readonly string[]): NginxContext[] {
  const fam = familyOf(module);
  const out: NginxContext[] = [];
  for (const c of contexts) {
    switch (c) {
      case 'main':
        out.push('main');
        break;
      case 'events':
        out.push('events');
        break;
      case 'http':
        out.push('http');
        break;
      case 'stream':
        out.push('stream');
        break;
      case 'mail':
        out.push('mail');
        break;
      case 'mgmt':
        out.push('mgmt');
        break;
      case 'server':
        out.push(fam === 'stream' ? 'stream:server' : fam === 'mail' ? 'mail:server' : 'http:server');
        break;
      case 'upstream':
        out.push(fam === 'stream' ? 'stream:upstream' : 'http:upstream');
        break;
      case 'location':
        out.push('http:location');
        break;
      case 'if':
        out.push('http:sif', 'http:lif');
        break;
      case 'if in location':
        out.push('http:lif');
        break;
      case 'limit_except':
        out.push('http:limit_except');
        break;
      case '':
        // `include` may stand anywhere.
        out.push('main', 'events', 'http', 'http:server', 'http:location', 'http:sif', 'http:lif', 'http:limit_except', 'http:upstream', 'stream', 'stream:server', 'stream:upstream', 'mail', 'mail:server', 'mgmt');
        break;
      default:
        // Blocks of commercial modules (acme_issuer, oidc_provider): not modelled.
        break;
    }
  }
  return out;
}

function stripMarkdown(s: string): string {
  return s.replace(/[`*]/g, '').replace(/\\/g, '');
}

/**
 * Smallest and largest argument counts a syntax line allows ("timeout [header_timeout]" → 1..2).
 * Square brackets glued to a word (`address[:port]`) belong to the word; a free-standing `[` opens
 * an optional group, `|` separates alternatives and `...` repeats the previous item.
 */
export function syntaxArity(syntax: string): { min: number; max: number } {
  const plain = stripMarkdown(syntax).replace(/\{\.\.\.\}/g, ' ').trim();
  if (!plain) return { min: 0, max: 0 };
  type Tok = '[' | ']' | '|' | '...' | 'w';
  const toks: Tok[] = [];
  for (let piece of plain.split(/\s+/)) {
    if (!piece) continue;
    while (piece.startsWith('[')) {
      toks.push('[');
      piece = piece.slice(1);
    }
    let closes = 0;
    while (piece.endsWith(']')) {
      const opens = [...piece].filter((c) => c === '[').length;
      const shuts = [...piece].filter((c) => c === ']').length;
      if (shuts <= opens) break;
      piece = piece.slice(0, -1);
      closes++;
    }
    // "[parameters]" stands for any number of them (`server 10.0.0.1:80 weight=5 max_fails=3;`).
    if (piece === 'parameters') toks.push('w', '...');
    else if (piece === '|') toks.push('|');
    else if (piece === '...') toks.push('...');
    else if (piece.endsWith('...') && piece.length > 3) toks.push('w', '...');
    else if (piece) toks.push('w');
    for (let i = 0; i < closes; i++) toks.push(']');
  }
  let i = 0;
  const seq = (): { min: number; max: number } => {
    const alts: { min: number; max: number }[] = [];
    let cur = { min: 0, max: 0 };
    let last: { min: number; max: number };
    while (i < toks.length) {
      const t = toks[i]!;
      if (t === ']') break;
      i++;
      if (t === '|') {
        alts.push(cur);
        cur = { min: 0, max: 0 };
        continue;
      }
      if (t === '...') {
        cur = { min: cur.min, max: Infinity };
        continue;
      }
      if (t === '[') {
        const inner = seq();
        if (toks[i] === ']') i++;
        last = { min: 0, max: inner.max };
      } else last = { min: 1, max: 1 };
      cur = { min: cur.min + last.min, max: cur.max + last.max };
    }
    alts.push(cur);
    return { min: Math.min(...alts.map((a) => a.min)), max: Math.max(...alts.map((a) => a.max)) };
  };
  const r = seq();
  return i < toks.length ? { min: 0, max: Infinity } : r;
}

let specs: Map<string, DirectiveSpec[]> | undefined;
let markdown: Map<string, RefDirective[]> | undefined;

/** Every directive of the reference by name; a name may have several (http and stream `server`). */
export function directiveSpecs(): Map<string, DirectiveSpec[]> {
  if (specs) return specs;
  specs = new Map();
  for (const [name, module, contexts, isBlock, syntax, defaultValue] of directiveRows()) {
    let min = Infinity;
    let max = 0;
    for (const s of syntax.length ? syntax : ['']) {
      const a = syntaxArity(s);
      min = Math.min(min, a.min);
      max = Math.max(max, a.max);
    }
    // `if (…)` is split into words by the tokenizer: `($a`, `=`, `b)`.
    if (name === 'if') max = Infinity;
    const spec: DirectiveSpec = {
      name,
      module,
      contexts: new Set(contextsOf(module, contexts)),
      block: isBlock,
      minArgs: min === Infinity ? 0 : min,
      maxArgs: max,
      syntax: syntax.map(stripMarkdown),
      default: defaultValue,
    };
    const list = specs.get(name) ?? [];
    list.push(spec);
    specs.set(name, list);
  }
  return specs;
}

export function isKnownDirective(name: string): boolean {
  return directiveSpecs().has(name);
}

/** The specs of `name` allowed in `context` (every spec when the context is not checked). */
export function specsIn(name: string, context: NginxContext): DirectiveSpec[] {
  const all = directiveSpecs().get(name) ?? [];
  if (!isCheckedContext(context)) return all;
  return all.filter((s) => s.contexts.has(context));
}

/** Contexts in which nginx's own rules can be checked. */
export function isCheckedContext(context: NginxContext): boolean {
  return context !== 'literal' && context !== 'unknown' && context !== 'http:any';
}

/** Directives whose block holds entries rather than directives. */
export const LITERAL_BLOCKS = new Set(['map', 'geo', 'types', 'split_clients', 'match', 'charset_map', 'num_map', 'mqtt_preread', 'keyval']);

/** The context inside a block directive named `name` standing in `context`. */
export function childContext(name: string, context: NginxContext): NginxContext {
  if (context === 'literal') return 'literal';
  if (LITERAL_BLOCKS.has(name)) return 'literal';
  const http = context === 'http' || context.startsWith('http:');
  switch (name) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'stream':
      return 'stream';
    case 'mail':
      return 'mail';
    case 'mgmt':
      return 'mgmt';
    case 'server':
      if (context === 'stream') return 'stream:server';
      if (context === 'mail') return 'mail:server';
      if (context === 'http' || context === 'http:any') return 'http:server';
      return 'unknown';
    case 'upstream':
      if (context === 'stream') return 'stream:upstream';
      return http ? 'http:upstream' : 'unknown';
    case 'location':
      return http ? 'http:location' : 'unknown';
    case 'if':
      if (context === 'http:server') return 'http:sif';
      return http ? 'http:lif' : 'unknown';
    case 'limit_except':
      return 'http:limit_except';
    default:
      return 'unknown';
  }
}

/** Markdown description of a directive for hover: syntax, default, contexts, then nginx.org's text. */
export function directiveDoc(name: string): string | undefined {
  if (!markdown) {
    markdown = new Map();
    for (const d of referenceLib().getDirectives(referenceLib().Format.Markdown)) {
      const list = markdown.get(d.name) ?? [];
      list.push(d);
      markdown.set(d.name, list);
    }
  }
  const list = markdown.get(name);
  if (!list?.length) return undefined;
  return list
    .map((d) => {
      const syntax = d.syntax.map((s) => `**Syntax:** \`${name}\` ${s}`).join('  \n');
      const def = d.default ? `  \n**Default:** \`${name} ${d.default.trim().replace(/\s+/g, ' ')};\`` : '';
      const ctx = d.contexts.filter(Boolean).join(', ') || 'any';
      return `${syntax}${def}  \n**Context:** ${ctx}  \n**Module:** ${d.module}\n\n${d.description.trim()}`;
    })
    .join('\n\n---\n\n');
}
