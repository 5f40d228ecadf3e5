import { defineRule } from '../../src/core/rule.js';
import { forEachDirective, inScope } from '../../src/parsers/nginx/ast.js';
import { isAddressLiteral, parsePassTarget } from '../../src/parsers/nginx/values.js';

/** `proxy_pass https://…` needs `proxy_ssl_server_name`; `grpc_pass grpcs://…` needs `grpc_ssl_server_name`. */
const TLS_PASSES: Record<string, { scheme: string; directive: string }> = {
  proxy_pass: { scheme: 'https', directive: 'proxy_ssl_server_name' },
  grpc_pass: { scheme: 'grpcs', directive: 'grpc_ssl_server_name' },
};

/**
 * Names private to a cluster, a compose network or a LAN: the TLS servers behind them usually hold
 * one certificate and answer without SNI. Only public DNS names (CDNs, cloud load balancers, API
 * gateways, SaaS APIs), which pick the certificate and the tenant by SNI, are judged.
 */
const PRIVATE_SUFFIX = /\.(local|localhost|localdomain|internal|intranet|lan|home|corp|svc|cluster\.local|consul|docker|home\.arpa)$/i;

export default defineRule({
  meta: {
    id: 'nginx/proxy-ssl-server-name-missing',
    kind: 'nginx',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Send SNI (`proxy_ssl_server_name on`) when proxying over TLS to a public host name.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Add `proxy_ssl_server_name on;` (for `grpcs://`, `grpc_ssl_server_name on;`) in the location, server or http block; set `proxy_ssl_name` when the name to send differs from the host in `proxy_pass`.',
    messages: {
      noSni:
        '{{directive}} {{value}} opens TLS to {{host}} without SNI ({{sni}} is off by default): servers that host several names — CDNs, cloud load balancers, API gateways — refuse the handshake or present another certificate, and nginx answers 502.',
    },
  },
  create(ctx) {
    let upstreams: Set<string> | undefined;
    return {
      directive(node) {
        const tls = TLS_PASSES[node.name];
        const arg = node.args[0];
        if (!tls || !arg) return;
        const target = parsePassTarget(arg.value);
        const host = target.host;
        if (target.scheme !== tls.scheme || target.variableHost || !host) return;
        // A public DNS name: dotted, not an address, not a private suffix, not an upstream group.
        if (!host.includes('.') || isAddressLiteral(host) || PRIVATE_SUFFIX.test(host.replace(/\.$/, ''))) return;
        if (!upstreams) {
          const names = new Set<string>();
          forEachDirective(ctx.file.root.directives, (d) => {
            if (d.name === 'upstream' && d.args[0]) names.add(d.args[0].value);
          });
          upstreams = names;
        }
        if (upstreams.has(host)) return;
        const sni = inScope(node.parent, ctx.file.root.directives, tls.directive);
        if (sni) return;
        ctx.report({ node: arg, messageId: 'noSni', data: { directive: node.name, value: arg.value, host, sni: `\`${tls.directive}\`` } });
      },
    };
  },
});
