import { defineRule, type RelatedLocation } from '../../src/core/rule.js';
import { linkedContainers } from '../../src/parsers/cross/index.js';
import { DEFAULT_GRACE_SECONDS, preStopSeconds } from '../../src/parsers/cross/shutdown.js';
import { parseDurationMs, uniformKey } from '../../src/parsers/properties/relaxed.js';


const TIMEOUT = 'spring.lifecycle.timeout-per-shutdown-phase';
const SHUTDOWN = 'server.shutdown';

export default defineRule({
  meta: {
    id: 'cross/spring-shutdown-exceeds-grace-period',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Give a Spring Boot graceful shutdown (and the preStop before it) room inside terminationGracePeriodSeconds.',
    causes: ['rollout-drops-requests-502'],
    remediation:
      'Set terminationGracePeriodSeconds above the preStop sleep plus spring.lifecycle.timeout-per-shutdown-phase (e.g. preStop sleep 10 s, timeout 30 s, grace period 45 s), or lower the shutdown timeout.',
    messages: {
      exceeds:
        '{{timeoutKey}}={{timeout}} lets {{container}} drain in-flight requests for up to {{drain}} s after SIGTERM{{hook}}: {{total}} s in all, more than the pod\'s terminationGracePeriodSeconds of {{grace}} s{{defaulted}}; Kubernetes SIGKILLs the app in the middle of its drain and the requests still running fail (502).',
    },
  },
  create(ctx) {
    return {
      project(model) {
        for (const { container: c, app, runtime } of linkedContainers(model)) {
          const spring = app?.spring;
          if (!spring || !c.owner.template || c.init) continue;
          // Set by the container instead (relaxed environment variable, SPRING_APPLICATION_JSON, a command-line argument): not judged.
          const overridden = [...runtime.env.keys()].some((n) => n === 'SPRING_APPLICATION_JSON' || uniformKey(n) === uniformKey(TIMEOUT) || uniformKey(n) === uniformKey(SHUTDOWN));
          if (overridden || runtime.argv.some((w) => /timeout-per-shutdown-phase|server\.shutdown/.test(w.value))) continue;
          const shutdown = spring.entries.get(uniformKey(SHUTDOWN));
          if (shutdown?.value.trim().toLowerCase() !== 'graceful') continue;
          const timeout = spring.entries.get(uniformKey(TIMEOUT));
          const ms = timeout ? parseDurationMs(timeout.value, 'ms') : undefined;
          if (!timeout || ms === undefined || ms <= 0) continue;
          const drain = ms / 1000;
          const hook = preStopSeconds(c, (f) => model.text(f));
          const graceField = c.owner.template.terminationGracePeriodSeconds;
          const grace = graceField?.value ?? DEFAULT_GRACE_SECONDS;
          const total = drain + (hook?.seconds ?? 0);
          if (total <= grace) continue;
          const related: RelatedLocation[] = [];
          if (hook) related.push({ file: c.file, span: hook.span, message: `The preStop hook of ${c.label} runs first (${hook.seconds} s).` });
          related.push(graceField ? { file: c.file, span: graceField.span, message: "The pod's grace period." } : { file: c.file, span: c.anchor, message: `${c.label} has the default grace period of ${DEFAULT_GRACE_SECONDS} s.` });
          ctx.report({
            file: spring.fileOf(timeout),
            span: timeout.valueSpan,
            messageId: 'exceeds',
            data: {
              timeoutKey: timeout.key,
              timeout: timeout.value.trim(),
              container: c.label,
              drain,
              hook: hook ? `, which its preStop hook delays by ${hook.seconds} s` : '',
              total,
              grace,
              defaulted: graceField ? '' : ' (the default)',
            },
            related,
          });
        }
      },
    };
  },
});
