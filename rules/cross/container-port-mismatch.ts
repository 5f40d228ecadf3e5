import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import type { Span } from '../../src/core/text.js';
import { dockerfileRelated, linkedContainers, listenPortOf, managementPortOf } from '../../src/parsers/cross/index.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { appendAll } from '../../src/core/append.js';

interface Use {
  file: string;
  span: Span;
  port: number;
  /** `containerPort`, `readinessProbe port`, `Service "api" targetPort`. */
  what: string;
}

export default defineRule({
  meta: {
    id: 'cross/container-port-mismatch',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Send probes and Service traffic to the port the app in the image listens on.',
    causes: ['upstream-unavailable-502', 'no-endpoints-503'],
    remediation: 'Make containerPort, probe ports and Service targetPorts match the port the app listens on (and EXPOSE it in the Dockerfile), or change the app\'s port.',
    messages: {
      appPort:
        'The {{what}} of {{container}} is {{port}}, but the app in the image listens on {{appPort}} ({{via}} in {{appFile}}; {{link}}): connections to {{port}} are refused, probes fail and traffic gets 502/503.',
      exposed:
        'The {{what}} of {{container}} is {{port}}, but the image exposes only {{exposed}} ({{link}}): nothing is likely to listen on {{port}}, so probes fail and traffic gets 502/503.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const index = k8sModel(model);
        const reported = new Set<string>();
        for (const cl of linkedContainers(model)) {
          const c = cl.container;
          const image = cl.link.image;
          const listen = listenPortOf(model, cl.app, cl.runtime);
          const mgmt = managementPortOf(cl.app);
          // Without a Dockerfile (Jib, buildpacks) nothing is exposed: the app's own port decides.
          const exposed = (image?.expose ?? []).filter((e) => e.port !== undefined && (e.protocol === 'tcp' || !e.protocol));
          const inExpose = (p: number) => exposed.some((e) => p >= e.port! && p <= (e.portEnd ?? e.port!));
          let ok: (p: number) => boolean;
          if (listen) {
            // EXPOSE lists the app's other servers (metrics) only when it agrees with the app's port.
            const trustExpose = inExpose(listen.value);
            ok = (p) => p === listen.value || p === mgmt?.value || (trustExpose && inExpose(p));
          } else if (exposed.length) ok = inExpose;
          else continue;

          const uses: Use[] = [];
          const referenced = new Set<string>();
          for (const probe of Object.values(c.probes)) {
            if (!probe?.port || (probe.handler !== 'httpGet' && probe.handler !== 'tcpSocket') || probe.host) continue;
            if (typeof probe.port.value === 'string') referenced.add(probe.port.value);
            else uses.push({ file: c.file, span: probe.port.span, port: probe.port.value, what: `${probe.type} probe port` });
          }
          const w = c.owner;
          const single = (w.template?.containers.length ?? 0) === 1;
          for (const s of index.servicesFor(w)) {
            for (const sp of s.ports) {
              if (sp.protocol && sp.protocol !== 'TCP') continue;
              const target = sp.targetPort ?? sp.port;
              if (!target) continue;
              if (typeof target.value === 'string') {
                referenced.add(target.value);
                continue;
              }
              // In a pod with sidecars a numeric targetPort may be meant for another container.
              if (!c.ports.some((p) => p.containerPort?.value === target.value) && !single) continue;
              uses.push({ file: s.file, span: target.span, port: target.value, what: `${s.label} ${sp.targetPort ? 'targetPort' : 'port (no targetPort)'}` });
            }
          }
          const declared = c.ports.filter((p) => p.containerPort && (!p.protocol || p.protocol === 'TCP'));
          for (const p of declared) {
            if (declared.length === 1 || (p.name && referenced.has(p.name.value)) || uses.some((u) => u.port === p.containerPort!.value)) {
              uses.push({ file: c.file, span: p.containerPort!.span, port: p.containerPort!.value, what: 'containerPort' });
            }
          }
          // EXPOSE is documentation: when traffic already uses an exposed port, other ports are listeners it leaves out.
          if (!listen && (uses.some((u) => ok(u.port)) || declared.some((p) => ok(p.containerPort!.value)))) continue;
          for (const u of uses) {
            if (ok(u.port)) continue;
            const key = `${u.file}:${u.span.start}:${listen?.value ?? ''}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const related: RelatedLocation[] = [];
            if (listen) related.push({ file: listen.file, span: listen.span, message: `The app listens on ${listen.value} (${listen.via}).` });
            for (const e of exposed) related.push({ file: image!.path, span: e.span, message: `The image exposes ${e.text}.` });
            appendAll(related, dockerfileRelated(cl.link).filter((r) => r.file !== image?.path || !exposed.length));
            const base = { what: u.what, container: c.label, port: u.port, link: cl.link.assumption };
            if (listen) ctx.report({ file: u.file, span: u.span, messageId: 'appPort', data: { ...base, appPort: listen.value, via: listen.via, appFile: listen.file }, related });
            else ctx.report({ file: u.file, span: u.span, messageId: 'exposed', data: { ...base, exposed: exposed.map((e) => e.text).join(', ') }, related });
          }
        }
      },
    };
  },
});
