import { defineRule } from '../../src/core/rule.js';
import { declaredPorts } from '../../src/parsers/yaml/facts.js';
import type { Probe } from '../../src/parsers/yaml/objects.js';

const EFFECT: Record<Probe['type'], string> = {
  liveness: 'restarted over and over (a crash loop)',
  readiness: 'never ready, so its Service has no endpoints and answers 503',
  startup: 'killed before it finishes starting (a crash loop)',
};

export default defineRule({
  meta: {
    id: 'k8s/probe-port-unknown',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Point probes at a port name the container declares, over TCP.',
    causes: ['crash-loop-503', 'no-endpoints-503'],
    remediation: 'Use a port name from the container\'s `ports`, or the containerPort number the app listens on.',
    messages: {
      unknownName:
        'The {{probe}}Probe of {{container}} uses port name "{{port}}", but the container declares no port by that name (declared: {{declared}}): the kubelet cannot resolve it, the probe always fails, and the pod is {{effect}}.',
      udpOnly:
        'The {{probe}}Probe of {{container}} checks port {{port}} over TCP, but the container declares {{port}} as UDP only: nothing answers a TCP connection there, the probe always fails, and the pod is {{effect}}.',
    },
  },
  create(ctx) {
    return {
      container(c) {
        for (const probe of [c.probes.liveness, c.probes.readiness, c.probes.startup]) {
          const port = probe?.port;
          if (!probe || !port) continue;
          const data = { probe: probe.type, container: c.label, port: port.value, declared: declaredPorts([c]), effect: EFFECT[probe.type] };
          if (typeof port.value === 'string') {
            // Placeholders (`PORT`, `$(PORT)`) are not port names Kubernetes would accept: skip them.
            if (!/^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(port.value)) continue;
            const named = c.ports.filter((p) => p.name?.value === port.value);
            if (named.length && named.every((p) => p.protocol.toUpperCase() === 'UDP')) ctx.report({ span: port.span, file: c.file, messageId: 'udpOnly', data });
            if (named.length) continue;
            ctx.report({ span: port.span, file: c.file, messageId: 'unknownName', data });
          } else {
            // Declaring ports is optional and processes listen where their flags say, so an
            // undeclared number proves nothing here (cross/container-port-mismatch compares it with
            // the port the image or the app is known to listen on). A port declared for UDP only is
            // a contradiction: every probe handler speaks TCP.
            if (probe.host) continue;
            const same = c.ports.filter((p) => p.containerPort?.value === port.value);
            if (same.length && same.every((p) => p.protocol.toUpperCase() === 'UDP')) ctx.report({ span: port.span, file: c.file, messageId: 'udpOnly', data });
          }
        }
      },
    };
  },
});
