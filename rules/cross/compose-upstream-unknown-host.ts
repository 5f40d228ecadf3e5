import { closest, distance } from 'fastest-levenshtein';
import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import { composeProxies, proxyAddresses } from '../../src/parsers/cross/compose-nginx.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';

const IP = /^(\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-f:]+\]?)$/i;

export default defineRule({
  meta: {
    id: 'cross/compose-upstream-unknown-host',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Proxy only to hosts the compose project defines: service names, aliases and container names.',
    causes: ['config-rejected-500', 'upstream-unavailable-502'],
    remediation: 'Use the name of a service of the compose project (or one of its network aliases or its container_name), or add the missing service.',
    messages: {
      unknownHost:
        'nginx in compose service "{{proxy}}" connects to "{{address}}", but the compose project ({{files}}) has no service, network alias or container_name "{{host}}"{{hint}}: nginx resolves the name at start-up and refuses to start ("host not found in upstream"), so every request fails (502 behind a balancer).',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const proxies = composeProxies(model);
        if (!proxies.length) return;
        const k8sNames = new Set(k8sModel(model).services.map((s) => s.name).filter((n): n is string => !!n));
        const reported = new Set<string>();
        for (const proxy of proxies) {
          const { project, service } = proxy;
          if (project.externalNetworks || (service.networkMode && /^(host|service:|container:)/.test(service.networkMode))) continue;
          const known = new Set<string>();
          for (const s of project.services.values()) {
            known.add(s.name.toLowerCase());
            for (const a of s.aliases) known.add(a.toLowerCase());
            if (s.containerName) known.add(s.containerName.value.toLowerCase());
          }
          // A name the proxy's own Dockerfile writes (`RUN echo "upstream php-upstream …"`) is defined at build time.
          const dockerfile = service.build ? (model.text(service.build.dockerfile) ?? '') : '';
          for (const a of proxyAddresses(model, proxy)) {
            const host = a.host.toLowerCase();
            if (host.includes('.') || host.includes('$') || host.startsWith('unix:') || IP.test(host) || host === 'localhost' || host === 'host-gateway') continue;
            if (known.has(host) || k8sNames.has(host) || new RegExp(`\\b${host.replace(/[-]/g, '\\-')}\\b`).test(dockerfile)) continue;
            const key = `${a.file}:${a.span.start}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const related: RelatedLocation[] = [...proxy.how];
            let hint = '';
            const names = [...project.services.keys()];
            const near = names.length ? closest(host, names) : undefined;
            if (near && distance(near, host) <= Math.max(2, Math.floor(host.length / 4))) {
              hint = ` (did you mean "${near}"?)`;
              const s = project.services.get(near)!;
              related.push({ file: s.file, span: s.span, message: `Service "${near}" is defined here.` });
            }
            const address = model.text(a.file)?.slice(a.span.start, a.span.end) ?? a.host;
            ctx.report({ file: a.file, span: a.span, messageId: 'unknownHost', data: { proxy: service.name, address, host: a.host, files: project.files.join(', '), hint }, related });
          }
        }
      },
    };
  },
});
