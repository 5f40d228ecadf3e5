import { defineRule } from '../../src/core/rule.js';
import { forEachDirective, type Directive, type NginxArg } from '../../src/parsers/nginx/ast.js';
import { parsePassTarget } from '../../src/parsers/nginx/values.js';

const PASSES = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass']);

/**
 * Host names whose addresses the provider documents as changing while the name stays: load
 * balancers and edge networks that scale by swapping the addresses behind a short-TTL name.
 * Deliberately short: cluster, compose and ordinary host names are not judged.
 */
const ROTATING: { re: RegExp; what: string }[] = [
  { re: /\.elb\.amazonaws\.com(\.cn)?$/i, what: 'an AWS Elastic Load Balancer' },
  { re: /\.elb\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i, what: 'an AWS Elastic Load Balancer' },
  { re: /\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/i, what: 'an Amazon API Gateway endpoint' },
  { re: /\.cloudfront\.net$/i, what: 'a CloudFront distribution' },
  { re: /\.herokuapp\.com$/i, what: 'a Heroku app' },
];

function rotating(host: string): string | undefined {
  const h = host.replace(/\.$/, '');
  return ROTATING.find((r) => r.re.test(h))?.what;
}

/** Host of an upstream `server` address: `name:8080` → `name`. */
function hostOfAddress(address: string): string {
  const i = address.lastIndexOf(':');
  return i > 0 && /^\d+$/.test(address.slice(i + 1)) ? address.slice(0, i) : address;
}

export default defineRule({
  meta: {
    id: 'nginx/upstream-hostname-resolved-once',
    kind: 'nginx',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Re-resolve cloud load balancer names that nginx would otherwise resolve once at start.',
    causes: ['upstream-unavailable-502'],
    remediation:
      'Set a `resolver` and put the host in a variable (`set $lb my-lb-123.us-east-1.elb.amazonaws.com; proxy_pass https://$lb;`), or, from nginx 1.27.3 (or NGINX Plus), give the upstream a `zone` and the server the `resolve` parameter.',
    messages: {
      proxyPass:
        '{{directive}} names {{host}}, {{what}} whose addresses change, but nginx resolves a literal host once when it starts and keeps those addresses until a reload: once they rotate, every request fails with 502 (connect() failed / timed out).',
      upstreamServer:
        'Upstream "{{upstream}}" names {{host}}, {{what}} whose addresses change, without the `resolve` parameter: nginx resolves it once when it starts and keeps those addresses until a reload; once they rotate, every request fails with 502.',
    },
  },
  create(ctx) {
    let upstreams: Set<string> | undefined;
    const upstreamNames = () => {
      if (!upstreams) {
        const names = new Set<string>();
        forEachDirective(ctx.file.root.directives, (d) => {
          if (d.name === 'upstream' && d.args[0]) names.add(d.args[0].value);
        });
        upstreams = names;
      }
      return upstreams;
    };
    const reportServer = (node: Directive, upstream: Directive, arg: NginxArg) => {
      const host = hostOfAddress(arg.value);
      const what = rotating(host);
      if (!what) return;
      if (node.args.some((a) => a.value === 'resolve' || a.value.startsWith('service='))) return;
      ctx.report({ node: arg, messageId: 'upstreamServer', data: { upstream: upstream.args[0]?.value ?? '', host, what } });
    };
    return {
      directive(node) {
        if (node.name === 'server' && !node.block && node.parent?.name === 'upstream' && node.args[0]) {
          reportServer(node, node.parent, node.args[0]);
          return;
        }
        if (!PASSES.has(node.name) || !node.args[0]) return;
        const arg = node.args[0];
        const target = parsePassTarget(arg.value);
        if (target.variableHost || !target.host) return;
        const what = rotating(target.host);
        if (!what || upstreamNames().has(target.host)) return;
        ctx.report({ node: arg, messageId: 'proxyPass', data: { directive: node.name, host: target.host, what } });
      },
    };
  },
});
