import { defineRule } from '../../src/core/rule.js';
import { finalChain, type RunInstruction } from '../../src/parsers/dockerfile/index.js';
import { commandsOf, envBefore, hasCacheMount, removedPaths, shellVars } from '../../src/parsers/dockerfile/facts.js';
import { stageServes } from '../../src/parsers/dockerfile/serving.js';
import { hasOption, type ShellCommand, type ToolUse } from '../../src/parsers/dockerfile/shell.js';

/** yum/dnf sub-commands (aliases already resolved by the shell parser) that download metadata or packages. */
const YUM_FETCH = new Set(['install', 'upgrade', 'upgrade-minimal', 'reinstall', 'group install', 'group upgrade', 'distro-sync', 'makecache', 'downgrade', 'swap', 'builddep']);
/** Where each yum-family program keeps its cache. */
const YUM_CACHE = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/microdnf', '/var/cache/tdnf'];
/** The values Python's strtobool accepts: pip turns the cache off for every one of them (true or false). */
const STRTOBOOL = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;

/** Tool calls of a RUN with their commands. */
function tools(run: RunInstruction): { cmd: ShellCommand; tool: ToolUse }[] {
  return commandsOf(run).flatMap((cmd) => (cmd.tool ? [{ cmd, tool: cmd.tool }] : []));
}

/** Whether the RUN deletes a path containing one of `fragments` after file offset `after`. */
function removesAfter(run: RunInstruction, after: number, ...fragments: string[]): boolean {
  return removedPaths(run, after).some((p) => fragments.some((f) => p.includes(f)));
}

/** Whether a tool call of `manager` whose action passes `test` comes after file offset `after`. */
function laterCall(list: { tool: ToolUse }[], after: number, manager: ToolUse['manager'], test: (t: ToolUse) => boolean): boolean {
  return list.some((x) => x.tool.manager === manager && x.tool.headSpan.start > after && test(x.tool));
}

export default defineRule({
  meta: {
    id: 'dockerfile/package-cache-kept',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Remove package manager caches in the RUN that creates them.',
    causes: ['slow-scale-out-503'],
    remediation: 'Clean the cache in the same RUN (`rm -rf /var/lib/apt/lists/*`, `--no-cache-dir`, `apk add --no-cache`, `dnf clean all`, `npm cache clean --force`) or use a cache mount.',
    fix: 'safe',
    messages: {
      apt: '`{{command}}` leaves the package lists in /var/lib/apt/lists (tens of MB) in this layer of the final image: slower pulls delay new pods during scale-out and rollouts (503). Add `&& rm -rf /var/lib/apt/lists/*` to this RUN.',
      pip: '`{{command}}` without --no-cache-dir keeps the wheel cache in ~/.cache/pip in the final image: slower pulls delay new pods during scale-out (503).',
      apk: '`{{command}}` without --no-cache keeps the package index in /var/cache/apk in the final image: slower pulls delay new pods during scale-out (503).',
      yum: '`{{command}}` without `{{manager}} clean all` in the same RUN keeps the package metadata cache in the final image: slower pulls delay new pods during scale-out (503).',
      zypper: '`{{command}}` without `zypper clean --all` in the same RUN keeps the package cache in the final image: slower pulls delay new pods during scale-out (503).',
      npm: '`{{command}}` keeps the {{manager}} download cache in the final image (no `{{clean}}` in this RUN): slower pulls delay new pods during scale-out (503).',
    },
  },
  create(ctx) {
    const root = ctx.file.root;
    const chain = finalChain(root);
    const inFinal = new Set(chain.map((s) => s.index));
    // A CI test image or a one-shot tool is never scaled out.
    const skip = stageServes(root, root.finalStage, ctx.file.path).serves === 'no';
    return {
      RUN(run) {
        if (skip || !inFinal.has(run.stage)) return;
        const list = tools(run);
        const text = (t: ToolUse) => ctx.file.text.slice(t.headSpan.start, t.headSpan.end).replace(/\s+/g, ' ');
        const env = () => envBefore(chain, run.span.start);
        let yumDone = false;
        let npmDone = false;
        // Only `apt-get update` writes the package lists; an install alone reads those of an earlier
        // layer (deleting them here would break the next install), and Docker's Debian and Ubuntu
        // images delete downloaded .deb files after every install.
        const updates = list.filter((x) => x.tool.manager === 'apt' && x.tool.action === 'update');
        const lastUpdate = updates[updates.length - 1];
        if (lastUpdate) {
          const at = lastUpdate.tool.headSpan.start;
          const cleaned =
            removesAfter(run, at, '/var/lib/apt/lists') ||
            hasCacheMount(run, '/var/lib/apt') ||
            // `apt-get dist-clean` (apt 2.7.8+) removes the lists as well as the archives.
            laterCall(list, at, 'apt', (t) => t.action === 'dist-clean');
          if (!cleaned) ctx.report({ span: updates[0]!.tool.headSpan, messageId: 'apt', data: { command: text(updates[0]!.tool) } });
        }
        for (const { cmd, tool } of list) {
          const at = tool.headSpan.start;
          switch (tool.manager) {
            case 'pip': {
              if (tool.action !== 'install' || hasOption(tool, '--no-cache-dir')) break;
              // pip turns the cache off for any value strtobool reads (PIP_NO_CACHE_DIR=0 too, for
              // backward compatibility) and refuses other values.
              const noCache = shellVars(run, cmd).get('PIP_NO_CACHE_DIR') ?? env().get('PIP_NO_CACHE_DIR');
              if (noCache !== undefined && STRTOBOOL.test(noCache)) break;
              if (hasCacheMount(run, '.cache') || hasOption(tool, '--cache-dir') || removesAfter(run, at, '.cache/pip', '/root/.cache') || laterCall(list, at, 'pip', (t) => t.action === 'cache purge')) break;
              ctx.report({ span: tool.headSpan, messageId: 'pip', data: { command: text(tool) }, fix: { span: { start: tool.headEnd, end: tool.headEnd }, text: ' --no-cache-dir' } });
              break;
            }
            case 'apk':
              // `--no-network` installs from what is already there and fetches no index.
              if ((tool.action !== 'add' && tool.action !== 'upgrade') || hasOption(tool, '--no-cache', '--no-network')) break;
              if (removesAfter(run, at, '/var/cache/apk') || hasCacheMount(run, '/var/cache/apk') || hasCacheMount(run, '/etc/apk/cache') || laterCall(list, at, 'apk', (t) => t.action === 'cache' && t.operands[0]?.value === 'clean')) break;
              ctx.report({ span: tool.headSpan, messageId: 'apk', data: { command: text(tool) }, fix: { span: { start: tool.headEnd, end: tool.headEnd }, text: ' --no-cache' } });
              break;
            case 'yum': {
              if (yumDone || !YUM_FETCH.has(tool.action)) break;
              yumDone = true;
              const lastFetch = list.filter((x) => x.tool.manager === 'yum' && YUM_FETCH.has(x.tool.action)).pop()!.tool.headSpan.start;
              if (removesAfter(run, lastFetch, ...YUM_CACHE) || YUM_CACHE.some((c) => hasCacheMount(run, c)) || hasCacheMount(run, '/var/cache/') && run.cacheMounts.some((t) => /^\/var\/cache\/?$/.test(t))) break;
              if (laterCall(list, lastFetch, 'yum', (t) => t.action === 'clean' && t.operands.some((o) => o.value === 'all' || o.value === 'packages' || o.value === 'metadata'))) break;
              ctx.report({ span: tool.headSpan, messageId: 'yum', data: { command: text(tool), manager: tool.program } });
              break;
            }
            case 'zypper':
              if (!['install', 'update', 'dist-upgrade', 'refresh', 'patch'].includes(tool.action)) break;
              if (removesAfter(run, at, '/var/cache/zypp') || hasCacheMount(run, '/var/cache/zypp') || laterCall(list, at, 'zypper', (t) => t.action === 'clean')) break;
              ctx.report({ span: tool.headSpan, messageId: 'zypper', data: { command: text(tool) } });
              break;
            case 'npm':
            case 'yarn': {
              if (npmDone) break;
              const installs = tool.manager === 'npm' ? tool.action === 'install' || tool.action === 'ci' : tool.action === 'install' || tool.action === 'add' || tool.action === 'global add';
              if (!installs) break;
              npmDone = true;
              const cleaned = laterCall(list, at, tool.manager, (t) => t.action === 'cache clean' || t.action === 'cache clear' || (t.action === 'cache' && t.operands[0]?.value === 'clean'));
              const npmPaths = tool.manager === 'npm' ? ['.npm'] : ['.cache/yarn', '/usr/local/share/.cache', '.yarn-cache', '.yarn/cache', '.yarn/berry/cache'];
              if (cleaned || removesAfter(run, at, ...npmPaths) || npmPaths.some((p) => hasCacheMount(run, p))) break;
              if (hasOption(tool, tool.manager === 'npm' ? '--cache' : '--cache-folder')) break;
              ctx.report({
                span: tool.headSpan,
                messageId: 'npm',
                data: { command: text(tool), manager: tool.manager, clean: tool.manager === 'npm' ? 'npm cache clean --force' : 'yarn cache clean' },
              });
              break;
            }
          }
        }
      },
    };
  },
});
