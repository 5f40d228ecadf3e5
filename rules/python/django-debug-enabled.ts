import { defineRule } from '../../src/core/rule.js';
import { pythonFacts } from '../../src/parsers/python/apps.js';
import type { PyNode } from '../../src/parsers/python/index.js';

/** Settings names only a Django settings module defines. */
const DJANGO_SETTINGS = new Set(['INSTALLED_APPS', 'ROOT_URLCONF', 'MIDDLEWARE', 'MIDDLEWARE_CLASSES', 'WSGI_APPLICATION', 'ASGI_APPLICATION', 'SECRET_KEY', 'DATABASES', 'ALLOWED_HOSTS']);

function assignmentsOf(stmt: PyNode): PyNode[] {
  if (stmt.type !== 'expression_statement') return [];
  const out: PyNode[] = [];
  // DEBUG = TEMPLATE_DEBUG = True is an assignment whose right side is another assignment.
  for (let a = stmt.namedChildren[0]; a?.type === 'assignment'; a = a.child('right')) out.push(a);
  return out;
}

/** Readers of environment settings: django-environ `env.bool`/`env`, python-decouple `config`, `os.getenv`, `os.environ.get`. */
const ENV_READERS = /^(env|environ\.Env\(\))(\.bool)?$|^(config|os\.getenv|os\.environ\.get|getenv)$/;
const TRUE_TEXT = /^(['"])(true|1|yes|on)\1$/i;

/**
 * The default of an environment read that falls back to true (`env.bool('DEBUG', True)`,
 * `config('DEBUG', default=True, cast=bool)`, `os.getenv('DEBUG', 'True')`): DEBUG is on unless the
 * variable is set. Returns the default's node.
 */
function trueDefault(v: PyNode): PyNode | undefined {
  if (v.type !== 'call' || !ENV_READERS.test(v.child('function')?.text ?? '')) return undefined;
  const args = v.child('arguments')?.namedChildren ?? [];
  const keyword = args.find((a) => a.type === 'keyword_argument' && a.child('name')?.text === 'default')?.child('value');
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const d = keyword ?? positional[1];
  if (!d) return undefined;
  return d.type === 'true' || (d.type === 'string' && TRUE_TEXT.test(d.text)) ? d : undefined;
}

function finalValue(a: PyNode): PyNode | undefined {
  let v = a.child('right');
  while (v?.type === 'assignment') v = v.child('right');
  return v;
}

export default defineRule({
  meta: {
    id: 'python/django-debug-enabled',
    kind: 'python',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not hard-code DEBUG = True, or make True its default, in a Django settings module.',
    causes: ['error-details-leak'],
    remediation: 'Derive DEBUG from the environment (DEBUG = os.environ.get("DJANGO_DEBUG") == "1") and leave it off in production.',
    messages: {
      debugTrue:
        'DEBUG is the literal True in settings module {{module}}: every unhandled exception renders the technical 500 page with settings, source and local variables instead of a plain error.',
      debugDefaultTrue:
        'DEBUG defaults to True in settings module {{module}} when the environment does not set it: a deployment that forgets the variable renders the technical 500 page with settings, source and local variables for every unhandled exception.',
    },
    options: {
      devModules: {
        type: 'string[]',
        default: ['dev', 'devel', 'development', 'local', 'test', 'tests', 'testing', 'ci'],
        description: 'Settings modules whose name contains one of these words (settings/dev.py, local_settings.py) are for development and not checked.',
      },
    },
  },
  create(ctx, options) {
    const path = ctx.file.path;
    const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.pyw?$/, '');
    const inSettingsPackage = /(^|\/)settings\/[^/]+$/.test(path);
    return {
      module(root) {
        if (!inSettingsPackage && !/settings/i.test(name)) return;
        const words = name.toLowerCase().split(/[_.-]+/);
        if (words.some((w) => options.devModules.includes(w))) return;
        let debug: PyNode | undefined;
        let djangoNames = false;
        for (const s of root.namedChildren) {
          for (const a of assignmentsOf(s)) {
            const left = a.child('left')?.text;
            if (left === 'DEBUG') debug = finalValue(a);
            if (left && DJANGO_SETTINGS.has(left)) djangoNames = true;
          }
        }
        const fallback = debug ? trueDefault(debug) : undefined;
        if (debug?.type !== 'true' && !fallback) return;
        const app = pythonFacts(ctx.model).apps.find((a) => a.files.includes(path));
        if (!djangoNames && app?.framework !== 'django') return;
        const module = path.replace(/\.pyw?$/, '').split('/').slice(-2).join('.');
        if (fallback) ctx.report({ node: fallback, messageId: 'debugDefaultTrue', data: { module } });
        else ctx.report({ node: debug!, messageId: 'debugTrue', data: { module } });
      },
    };
  },
});
