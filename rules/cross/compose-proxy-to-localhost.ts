import { defineRule } from '../../src/core/rule.js';
import { isLoopback } from '../../src/parsers/cross/app-server.js';
import { composeProxies, isProxyService, proxyAddresses, servicePorts } from '../../src/parsers/cross/compose-nginx.js';
import { nginxModel } from '../../src/parsers/nginx/model.js';

export default defineRule({
  meta: {
    id: 'cross/compose-proxy-to-localhost',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Proxy to other compose services by their service name, not by localhost.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Use the service name as the host (`proxy_pass http://app:8000;`): each compose service is its own container, and Compose resolves service names on the project network.',
    messages: {
      localhost:
        'nginx in compose service "{{proxy}}" proxies to {{address}}, but port {{port}} is served by service "{{target}}" ({{what}}): in "{{proxy}}"\'s container {{host}} is that container itself, where nothing listens on {{port}}, so the connection is refused and nginx answers 502. Use "{{target}}:{{port}}".',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const proxies = composeProxies(model);
        if (!proxies.length) return;
        const listens = nginxModel(model).listens;
        const reported = new Set<string>();
        for (const proxy of proxies) {
          const s = proxy.service;
          if (s.networkMode && /^(host|service:|container:)/.test(s.networkMode)) continue;
          // An image that runs more than the proxy (nginx and PHP-FPM under supervisord) may serve the port itself.
          if (!isProxyService(model, s, false)) continue;
          const own = new Set([...servicePorts(model, s).map((p) => p.port), ...listens.filter((l) => proxy.files.has(l.file)).map((l) => l.port)]);
          for (const a of proxyAddresses(model, proxy)) {
            if (!isLoopback(a.host) || a.port === undefined || own.has(a.port)) continue;
            const targets = [...proxy.project.services.values()].filter((t) => t !== s).flatMap((t) => servicePorts(model, t).filter((p) => p.port === a.port).map((p) => ({ t, p })));
            const names = new Set(targets.map((x) => x.t.name));
            if (names.size !== 1) continue;
            const { t, p } = targets[0]!;
            const key = `${a.file}:${a.span.start}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const address = model.text(a.file)?.slice(a.span.start, a.span.end) ?? `${a.host}:${a.port}`;
            ctx.report({
              file: a.file,
              span: a.span,
              messageId: 'localhost',
              data: { proxy: s.name, address, port: a.port, target: t.name, what: p.what, host: a.host },
              related: [...proxy.how, { file: p.file, span: p.span, message: `Service "${t.name}" listens on ${a.port} (${p.what}).` }],
            });
          }
        }
      },
    };
  },
});
