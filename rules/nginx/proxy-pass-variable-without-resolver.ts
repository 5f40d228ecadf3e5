import { defineRule } from '../../src/core/rule.js';
import { forEachDirective, inScope, type Directive } from '../../src/parsers/nginx/ast.js';
import { isAddressLiteral, parsePassTarget } from '../../src/parsers/nginx/values.js';

const PASSES = new Set(['proxy_pass', 'fastcgi_pass', 'grpc_pass', 'uwsgi_pass', 'scgi_pass']);

/** Host part of a value a variable may hold: `http://api:8080/x` → `api`. */
function hostOf(value: string): string {
  return parsePassTarget(value).host ?? value;
}

export default defineRule({
  meta: {
    id: 'nginx/proxy-pass-variable-without-resolver',
    kind: 'nginx',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Set a `resolver` where `proxy_pass` takes its host from a variable.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Add `resolver <dns-server> valid=30s;` (in Kubernetes, the cluster DNS, e.g. `kube-dns.kube-system.svc.cluster.local`) to the server or http block, or name an `upstream` instead of a variable.',
    messages: {
      noResolver:
        '{{directive}} {{value}} takes its host from {{variables}} at request time and no resolver is set in scope: nginx cannot look the name up and answers 502 ("no resolver defined to resolve …") for every such request.',
    },
  },
  create(ctx) {
    let sources: Map<string, string[]> | undefined;
    let upstreams: Set<string> | undefined;
    /** Values each variable may take from `set` and `map`/`geo`/`split_clients` in this configuration. */
    const collect = () => {
      sources = new Map();
      upstreams = new Set();
      const add = (v: string | undefined, value: string) => {
        if (!v?.startsWith('$')) return;
        const key = v.slice(1);
        sources!.set(key, [...(sources!.get(key) ?? []), value]);
      };
      const walk = (list: readonly Directive[]) =>
        forEachDirective(list, (d) => {
          if (d.name === 'upstream' && d.args[0]) upstreams!.add(d.args[0].value);
          if (d.name === 'set' && d.args[1]) add(d.args[0]?.value, d.args[1].value);
          if ((d.name === 'map' || d.name === 'split_clients' || d.name === 'geo') && d.block) {
            const variable = d.args[d.args.length - 1]?.value;
            for (const e of d.block) {
              if (e.name === 'hostnames' || e.name === 'volatile' || e.name === 'include' || e.name === 'ranges' || e.name === 'delete' || e.name === 'proxy') continue;
              const val = e.args[e.args.length - 1];
              if (val) add(variable, val.value);
              else add(variable, '$unknown');
            }
          }
        });
      walk(ctx.file.root.directives);
    };
    const resolvedWithoutDns = (variable: string, depth = 0): boolean => {
      const values = sources!.get(variable);
      if (!values?.length || depth > 8) return false;
      return values.every((v) => {
        const m = /^\$(\w+)$/.exec(v);
        if (m) return resolvedWithoutDns(m[1]!, depth + 1);
        if (v.includes('$')) return false;
        const h = hostOf(v);
        return upstreams!.has(h) || isAddressLiteral(h);
      });
    };
    return {
      directive(node) {
        if (!PASSES.has(node.name)) return;
        const arg = node.args[0];
        if (!arg) return;
        const target = parsePassTarget(arg.value);
        if (!target.variableHost || target.host?.startsWith('unix:')) return;
        if (inScope(node.parent, ctx.file.root.directives, 'resolver')) return;
        if (!sources) collect();
        if (target.hostVariables.length && target.hostVariables.every((v) => resolvedWithoutDns(v))) return;
        // `$API_HOST` that nothing in the configuration sets is an envsubst placeholder, filled in before nginx starts.
        if (target.hostVariables.some((v) => /^[A-Z][A-Z0-9_]+$/.test(v) && !sources!.has(v))) return;
        ctx.report({
          node: arg,
          messageId: 'noResolver',
          data: { directive: node.name, value: arg.value, variables: target.hostVariables.map((v) => `$${v}`).join(', ') || 'a variable' },
        });
      },
    };
  },
});
