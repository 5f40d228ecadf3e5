import { defineRule } from '../../src/core/rule.js';
import { finalChain } from '../../src/parsers/dockerfile/index.js';
import { commandsOf, isBaseImageBuild, programsOf, startOf } from '../../src/parsers/dockerfile/facts.js';
import { stageServes } from '../../src/parsers/dockerfile/serving.js';

/** Tools an entrypoint uses to drop root before starting the app. */
const STEP_DOWN = /^(gosu|su-exec|setpriv|runuser|chpst|s6-setuidgid|setuidgid)$/;
/**
 * Datastores whose images start as root in an entrypoint that drops to the service user (the
 * official postgres, mysql, mongo, redis images): on an unknown base, such an inherited entrypoint
 * may be there.
 */
const SELF_DROPPING = /^(postgres|mysqld|mariadbd|mongod|redis-server|rabbitmq-server|elasticsearch|cassandra|memcached)$/;

export default defineRule({
  meta: {
    id: 'dockerfile/user-root',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Run the final image as a non-root user.',
    causes: ['crash-loop-503'],
    remediation: 'Create a user and switch to it with `USER app` (or a numeric `USER 10001`) at the end of the final stage.',
    messages: {
      noUser: 'The final stage sets no USER, so the app runs as root: clusters that enforce runAsNonRoot (Pod Security "restricted") refuse to start the container, leaving the Service without endpoints (503), and a compromise of the app owns the container.',
      root: 'USER {{user}} makes the app run as root: clusters that enforce runAsNonRoot (Pod Security "restricted") refuse to start the container, leaving the Service without endpoints (503).',
    },
  },
  create(ctx) {
    return {
      dockerfile(root) {
        const final = root.finalStage;
        if (!final || isBaseImageBuild(root)) return;
        const chain = finalChain(root);
        const { entrypoint, cmd } = startOf(final);
        // Entrypoints that start as root and drop privileges (gosu, su-exec) are the usual pattern for servers.
        const stepsDown = [...programsOf(entrypoint), ...programsOf(cmd)].some((p) => STEP_DOWN.test(p.name)) || chain.some((s) => s.runs.some((r) => commandsOf(r).some((c) => c.words.some((w) => /gosu|su-exec/.test(w.value)))));
        if (stepsDown) return;
        // Every deployment that runs the image sets a non-root user (runAsUser / runAsNonRoot in the
        // manifests, `user:` in compose): the image's own USER never applies.
        const users = root.deployment?.users ?? [];
        if (users.length && users.every((u) => u.nonRoot)) return;
        // A CI test image, a one-shot tool or a Wasm module (no process user at all) serves no traffic.
        if (stageServes(root, final, ctx.file.path).serves === 'no') return;
        const user = final.user;
        if (!user) {
          if (final.baseInfo.nonRoot || final.baseInfo.shell === 'windows') return;
          // An unknown base image is not taken to set USER; but an entrypoint it may bring (none is
          // set here) can drop root for a datastore started by name.
          if (!final.baseInfo.known && !entrypoint && programsOf(cmd).some((p) => SELF_DROPPING.test(p.name))) return;
          ctx.report({ span: final.from.span, messageId: 'noUser' });
          return;
        }
        if (user.unresolved || !user.user) return;
        if (/^(root|0)$/.test(user.user.value)) ctx.report({ span: user.user.span, messageId: 'root', data: { user: user.user.value } });
      },
    };
  },
});
