import { closest, distance } from 'fastest-levenshtein';
import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import { imageLinker } from '../../src/parsers/cross/index.js';
import { knownNamespaces, nginxRoots, passAddresses, serviceHasPort, serviceNameOf, servicesNamed, type PassAddress, type ServiceName } from '../../src/parsers/cross/services.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';

export default defineRule({
  meta: {
    id: 'cross/nginx-upstream-unknown-service',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Proxy to Kubernetes Services that exist, on a port they expose.',
    causes: ['upstream-unavailable-502', 'config-rejected-500'],
    remediation: 'Use the name (and namespace) of a Service in the manifests and one of its `port` values, or add the missing Service.',
    messages: {
      unknownService:
        'nginx proxies to "{{address}}", but no Kubernetes Service in the manifests is named "{{name}}"{{inNamespace}}{{hint}}: nginx refuses the configuration ("host not found in upstream"), or with a resolver answers 502.',
      unknownPort:
        'nginx proxies to "{{address}}", but Service "{{name}}"{{inNamespace}} has no port {{port}} (its ports: {{ports}}): connections are refused or time out, and nginx answers 502.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const index = k8sModel(model);
        if (!index.services.length) return;
        const namespaces = knownNamespaces(index);
        const linker = imageLinker(model);
        const roots = nginxRoots(model);
        const named: { a: PassAddress; n: ServiceName }[] = [];
        for (const a of passAddresses(model)) {
          const n = serviceNameOf(a.host, namespaces);
          // A bare name that a compose file defines is a compose network alias, not a Service.
          if (!n || (n.namespace === undefined && linker.composeService(a.host))) continue;
          named.push({ a, n });
        }
        // Only configurations that proxy to at least one known Service are taken to run in the cluster.
        const inCluster = new Set<string>();
        for (const { a, n } of named) if (servicesNamed(index, n).length) for (const r of roots.get(a.file) ?? [a.file]) inCluster.add(r);
        const allNames = [...new Set(index.services.map((s) => s.name).filter((x): x is string => !!x))];
        for (const { a, n } of named) {
          if (!(roots.get(a.file) ?? [a.file]).some((r) => inCluster.has(r))) continue;
          const services = servicesNamed(index, n);
          const address = a.portWritten ? `${a.host}:${a.port}` : a.host;
          const inNamespace = n.namespace ? ` in namespace "${n.namespace}"` : '';
          if (!services.length) {
            const related: RelatedLocation[] = [];
            let hint = '';
            const near = allNames.length ? closest(n.name, allNames) : undefined;
            if (near && distance(near, n.name) <= Math.max(2, Math.floor(n.name.length / 4))) {
              hint = ` (did you mean "${near}"?)`;
              const s = index.services.find((x) => x.name === near)!;
              if (s.nameField) related.push({ file: s.file, span: s.nameField.span, message: `Service "${near}" is defined here.` });
            } else if (n.namespace && index.services.some((s) => s.name === n.name)) {
              const s = index.services.find((x) => x.name === n.name)!;
              hint = ` (a Service "${n.name}" exists in namespace "${index.namespaceOf(s)}")`;
              if (s.nameField) related.push({ file: s.file, span: s.nameField.span, message: `Service "${n.name}" is defined here.` });
            }
            ctx.report({ file: a.file, span: a.span, messageId: 'unknownService', data: { address, name: n.name, inNamespace, hint }, related });
            continue;
          }
          if (services.some((s) => serviceHasPort(s, a.port))) continue;
          const s = services[0]!;
          const ports = [...new Set(services.flatMap((x) => x.ports.map((p) => p.port?.value).filter((p): p is number => p !== undefined)))];
          if (!ports.length) continue;
          const related: RelatedLocation[] = services.flatMap((x) => x.ports.filter((p) => p.port).map((p) => ({ file: x.file, span: p.port!.span, message: `${x.label} port ${p.port!.value}.` })));
          ctx.report({
            file: a.file,
            span: a.span,
            messageId: 'unknownPort',
            data: { address, name: s.name ?? n.name, inNamespace, port: a.port, ports: ports.join(', ') },
            related,
          });
        }
      },
    };
  },
});
