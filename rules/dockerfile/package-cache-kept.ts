import { defineRule } from '../../src/core/rule.js';
import { finalChain, type RunInstruction } from '../../src/parsers/dockerfile/index.js';
import { commandsOf, envBefore, hasCacheMount, removedPaths } from '../../src/parsers/dockerfile/facts.js';
import { hasOption, type ShellCommand, type ToolUse } from '../../src/parsers/dockerfile/shell.js';

const YUM_INSTALL = new Set(['install', 'update', 'upgrade', 'reinstall', 'groupinstall', 'group install', 'localinstall', 'distro-sync', 'makecache']);
const APT_FETCH = new Set(['update', 'install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep']);

function removes(run: RunInstruction, ...fragments: string[]): boolean {
  return removedPaths(run).some((p) => fragments.some((f) => p.includes(f)));
}

function tools(run: RunInstruction): { cmd: ShellCommand; tool: ToolUse }[] {
  return commandsOf(run).flatMap((cmd) => (cmd.tool ? [{ cmd, tool: cmd.tool }] : []));
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
    return {
      RUN(run) {
        if (!inFinal.has(run.stage)) return;
        const list = tools(run);
        const text = (t: ToolUse) => ctx.file.text.slice(t.headSpan.start, t.headSpan.end).replace(/\s+/g, ' ');
        const env = () => envBefore(chain, run.span.start);
        let aptDone = false;
        let yumDone = false;
        let npmDone = false;
        for (const { cmd, tool } of list) {
          switch (tool.manager) {
            case 'apt':
              if (aptDone || !APT_FETCH.has(tool.action)) break;
              aptDone = true;
              // `apt-get dist-clean` (apt 2.7.8+) removes the lists as well as the archives.
              if (removes(run, '/var/lib/apt/lists') || hasCacheMount(run, '/var/lib/apt') || list.some((x) => x.tool.manager === 'apt' && x.tool.action === 'dist-clean')) break;
              ctx.report({ span: tool.headSpan, messageId: 'apt', data: { command: text(tool) } });
              break;
            case 'pip': {
              if (tool.action !== 'install' || hasOption(tool, '--no-cache-dir')) break;
              const assigned = cmd.assignments.some((a) => a.value.startsWith('PIP_NO_CACHE_DIR='));
              const noCache = env().get('PIP_NO_CACHE_DIR');
              if (assigned || (noCache !== undefined && !/^(0|false|no)$/i.test(noCache))) break;
              if (hasCacheMount(run, '.cache') || removes(run, '.cache/pip', '/root/.cache') || list.some((x) => x.tool.manager === 'pip' && x.tool.action === 'cache purge')) break;
              ctx.report({ span: tool.headSpan, messageId: 'pip', data: { command: text(tool) }, fix: { span: { start: tool.headEnd, end: tool.headEnd }, text: ' --no-cache-dir' } });
              break;
            }
            case 'apk':
              // `--no-network` installs from what is already there and fetches no index.
              if ((tool.action !== 'add' && tool.action !== 'upgrade') || hasOption(tool, '--no-cache', '--no-network')) break;
              if (removes(run, '/var/cache/apk') || hasCacheMount(run, '/var/cache/apk') || list.some((x) => x.tool.manager === 'apk' && x.tool.action === 'cache' && x.tool.operands[0]?.value === 'clean')) break;
              ctx.report({ span: tool.headSpan, messageId: 'apk', data: { command: text(tool) }, fix: { span: { start: tool.headEnd, end: tool.headEnd }, text: ' --no-cache' } });
              break;
            case 'yum':
              if (yumDone || !YUM_INSTALL.has(tool.action)) break;
              yumDone = true;
              if (removes(run, '/var/cache/yum', '/var/cache/dnf', '/var/cache/microdnf', '/var/cache/tdnf') || hasCacheMount(run, '/var/cache/')) break;
              if (list.some((x) => x.tool.manager === 'yum' && x.tool.action === 'clean' && x.tool.operands.some((o) => o.value === 'all' || o.value === 'packages'))) break;
              ctx.report({ span: tool.headSpan, messageId: 'yum', data: { command: text(tool), manager: tool.program } });
              break;
            case 'zypper':
              if (!['install', 'update', 'dist-upgrade', 'refresh'].includes(tool.action)) break;
              if (removes(run, '/var/cache/zypp') || list.some((x) => x.tool.manager === 'zypper' && x.tool.action === 'clean')) break;
              ctx.report({ span: tool.headSpan, messageId: 'zypper', data: { command: text(tool) } });
              break;
            case 'npm':
            case 'yarn': {
              if (npmDone) break;
              const installs = tool.manager === 'npm' ? tool.action === 'install' || tool.action === 'ci' : tool.action === 'install' || tool.action === 'add' || tool.action === 'global add';
              if (!installs) break;
              npmDone = true;
              const cleaned = list.some((x) => x.tool.manager === tool.manager && (x.tool.action === 'cache clean' || x.tool.action === 'cache clear')) || list.some((x) => x.tool.manager === tool.manager && x.tool.action === 'cache' && x.tool.operands[0]?.value === 'clean');
              const npmPaths = tool.manager === 'npm' ? ['.npm'] : ['.cache/yarn', '/usr/local/share/.cache', '.yarn-cache', '.yarn/cache'];
              if (cleaned || removes(run, ...npmPaths) || npmPaths.some((p) => hasCacheMount(run, p))) break;
              if (tool.manager === 'npm' && hasOption(tool, '--cache')) break;
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
