import { dirnameOf as dirOf, joinPath as join } from '../../src/core/memory-host.js';
import { defineRule } from '../../src/core/rule.js';
import { finalChain } from '../../src/parsers/dockerfile/index.js';
import { commandsOf, envBefore, programsOf, startOf } from '../../src/parsers/dockerfile/facts.js';
import { stageServes } from '../../src/parsers/dockerfile/serving.js';
import { hasOption, optionValues, type ShellCommand, type ToolUse } from '../../src/parsers/dockerfile/shell.js';

const NODE_PROGRAMS = /^(node|nodejs|npm|npx|yarn|pnpm|pm2|pm2-runtime|nodemon|next|nest|ts-node|tsx|bun)$/;
/** Requirement files for development: requirements-dev.txt, dev-requirements.txt, requirements/test.txt … */
const DEV_REQUIREMENTS = /(^|[-_./])(dev|devel|development|test|tests|testing|lint|ci|local)([-_.]|$)/i;

/** Development servers: an image that starts one is a development image, not the one that ships. */
const DEV_SERVER = /\b(nodemon|ts-node-dev|next dev|nuxt(i)? dev|vite(?!\s+(build|preview))\b|ng serve|react-scripts start|vue-cli-service serve|webpack(-dev-server|\s+serve)|tsx watch|node --watch|astro dev|remix dev|gatsby develop|svelte-kit dev|parcel(?!\s+build))/;

interface PackageJson {
  path: string;
  devDependencies: string[];
  scripts: Record<string, string>;
}

function readPackageJson(text: string | undefined, path: string): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as { devDependencies?: unknown; scripts?: unknown };
    const dev = json.devDependencies && typeof json.devDependencies === 'object' ? Object.keys(json.devDependencies) : [];
    const scripts = json.scripts && typeof json.scripts === 'object' ? Object.fromEntries(Object.entries(json.scripts).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    return { path, devDependencies: dev, scripts };
  } catch {
    return undefined;
  }
}

/** The script `npm start` / `npm run dev` / `yarn serve` runs, from package.json. */
function scriptOf(name: string, args: readonly string[], pkg: PackageJson | undefined): string | undefined {
  if (!pkg || !/^(npm|yarn|pnpm|bun)$/.test(name)) return undefined;
  const script = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args[0];
  return script ? pkg.scripts[script] : undefined;
}

function basenameOf(p: string): string {
  return p.slice(p.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

/** Whether a node install leaves devDependencies out. */
function omitsDev(cmd: ShellCommand, tool: ToolUse, env: Map<string, string>): boolean {
  if (hasOption(tool, '--production', '--prod', '-P')) return true;
  if (optionValues(tool, '--omit').includes('dev') || optionValues(tool, '--only').some((v) => /^prod(uction)?$/.test(v))) return true;
  if (optionValues(tool, '--production').some((v) => v !== 'false')) return true;
  const assigned = cmd.assignments.find((a) => a.value.startsWith('NODE_ENV='));
  const nodeEnv = assigned ? assigned.value.slice('NODE_ENV='.length) : env.get('NODE_ENV');
  const omit = cmd.assignments.find((a) => a.value.startsWith('NPM_CONFIG_OMIT=') || a.value.startsWith('npm_config_omit='))?.value.split('=')[1] ?? env.get('NPM_CONFIG_OMIT') ?? env.get('npm_config_omit');
  return nodeEnv === 'production' || omit === 'dev' || env.get('YARN_PRODUCTION') === 'true';
}

export default defineRule({
  meta: {
    id: 'dockerfile/dev-dependencies-in-final-image',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Install only production dependencies in the final image.',
    causes: ['slow-scale-out-503'],
    remediation: 'Use `npm ci --omit=dev` (or `NODE_ENV=production`), `pip install -r requirements.txt` and `poetry install --only main`; build with dev tools in an earlier stage.',
    messages: {
      node: '`{{command}}` installs the devDependencies of package.json ({{dev}}) into the final image that runs node (no --omit=dev and NODE_ENV is not production): a larger image pulls slowly and new pods arrive late during scale-out (503).',
      pythonReq: '`{{file}}` installs development requirements into the final image: test and lint tools make it larger, pulls slower and scale-out later (503).',
      pythonTool: '`{{command}}` installs the development dependency group into the final image: a larger image pulls slowly and new pods arrive late during scale-out (503).',
    },
  },
  create(ctx) {
    const root = ctx.file.root;
    const chain = finalChain(root);
    const inFinal = new Set(chain.map((s) => s.index));
    const { entrypoint, cmd } = startOf(root.finalStage);
    const starts = [...programsOf(entrypoint), ...programsOf(cmd)];
    const runsNode = starts.some((p) => NODE_PROGRAMS.test(p.name));
    // `npm prune --omit=dev` later in the final image removes them again.
    const pruned = chain.some((s) => s.runs.some((r) => commandsOf(r).some((c) => c.tool?.manager === 'npm' && c.tool.action === 'prune' && (hasOption(c.tool, '--production') || optionValues(c.tool, '--omit').includes('dev')))));
    const skip = stageServes(root, root.finalStage, ctx.file.path).serves === 'no';
    /**
     * The package.json the final image installs from: the one its COPY instructions name (or the
     * whole context), looked up next to the Dockerfile and in its parent folders (the usual build
     * contexts). Without it there is no evidence of devDependencies.
     */
    let pkg: PackageJson | undefined | null = null;
    const packageJson = (): PackageJson | undefined => {
      if (pkg !== null) return pkg;
      pkg = undefined;
      const copied = chain.flatMap((s) => s.copies.filter((c) => !c.from)).flatMap((c) => c.sources.map((w) => w.value));
      const rels = copied.flatMap((src) => (/(^|\/)package(\*|\.json|\*\.json)$/.test(src) ? [src.replace(/package\*(\.json)?$/, 'package.json')] : src === '.' || src === './' ? ['package.json'] : /\/$|^[^.*]*$/.test(src) ? [`${src.replace(/\/$/, '')}/package.json`] : []));
      const base = dirOf(ctx.file.path);
      for (const dir of [base, dirOf(base), dirOf(dirOf(base))]) {
        for (const rel of rels) {
          const path = join(dir, rel);
          const found = readPackageJson(ctx.source(path)?.text, path);
          if (found) return (pkg = found);
        }
        if (!dir) break;
      }
      return pkg;
    };
    return {
      RUN(run) {
        if (skip || !inFinal.has(run.stage)) return;
        const text = (t: ToolUse) => ctx.file.text.slice(t.headSpan.start, t.headSpan.end).replace(/\s+/g, ' ');
        for (const c of commandsOf(run)) {
          const tool = c.tool;
          if (!tool) continue;
          if ((tool.manager === 'npm' || tool.manager === 'yarn' || tool.manager === 'pnpm') && runsNode && !pruned) {
            const fromLock = tool.action === 'ci' || (tool.action === 'install' && tool.operands.length === 0);
            if (!fromLock || hasOption(tool, '-g', '--global')) continue;
            if (omitsDev(c, tool, envBefore(chain, run.span.start))) continue;
            // Evidence: the package.json declares devDependencies, and the image is not a dev server.
            const p = packageJson();
            if (!p || !p.devDependencies.length) continue;
            const devServer = starts.some((s) => DEV_SERVER.test([s.name, ...s.args].join(' ')) || DEV_SERVER.test(scriptOf(s.name, s.args, p) ?? '') || /^(dev|develop|watch|serve:dev|start:dev)$/.test((s.args[0] === 'run' ? s.args[1] : s.args[0]) ?? ''));
            if (devServer) continue;
            const shown = p.devDependencies.slice(0, 3).join(', ') + (p.devDependencies.length > 3 ? ` and ${p.devDependencies.length - 3} more` : '');
            ctx.report({ span: tool.headSpan, messageId: 'node', data: { command: text(tool), dev: shown } });
            continue;
          }
          if (tool.manager === 'pip' && tool.action === 'install') {
            for (const o of tool.options) {
              if ((o.name === '-r' || o.name === '--requirement') && o.value && DEV_REQUIREMENTS.test(basenameOf(o.value).replace(/\.(txt|in)$/, ''))) {
                ctx.report({ span: o.valueWord?.span ?? o.word.span, messageId: 'pythonReq', data: { file: o.value } });
              }
            }
            const specs = [...tool.operands, ...tool.options.filter((o) => (o.name === '-e' || o.name === '--editable') && o.valueWord).map((o) => o.valueWord!)];
            for (const w of specs) {
              if (/\[[^\]]*\b(dev|test|tests|lint)\b[^\]]*\]/.test(w.value)) ctx.report({ span: w.span, messageId: 'pythonReq', data: { file: w.value } });
            }
            continue;
          }
          if (tool.manager === 'poetry' && tool.action === 'install') {
            const only = optionValues(tool, '--only');
            const without = optionValues(tool, '--without');
            if (hasOption(tool, '--no-dev', '--only-root') || only.length || without.some((v) => v.split(',').includes('dev'))) continue;
            ctx.report({ span: tool.headSpan, messageId: 'pythonTool', data: { command: text(tool) } });
            continue;
          }
          if (tool.manager === 'pipenv' && tool.action === 'install' && hasOption(tool, '--dev', '-d')) {
            ctx.report({ span: tool.headSpan, messageId: 'pythonTool', data: { command: text(tool) } });
            continue;
          }
          if (tool.manager === 'uv' && tool.action === 'sync' && !hasOption(tool, '--no-dev', '--only-group', '--no-default-groups')) {
            ctx.report({ span: tool.headSpan, messageId: 'pythonTool', data: { command: text(tool) } });
          }
        }
      },
    };
  },
});
