/**
 * Java app facts: Spring MVC / WebFlux controllers and their routes (class-level @RequestMapping
 * prefixes joined with method mappings, constant paths resolved), exception-handling advice, and
 * whether Spring Boot Actuator is a dependency. One app per build file (pom.xml, build.gradle).
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { AppInfo, Route, SourceRef } from '../app/types.js';
import type { TsNode } from '../treesitter/index.js';
import {
  ADVICE_ANNOTATIONS,
  annotationName,
  annotationsOf,
  annotationValues,
  constString,
  CONTROLLER_ANNOTATIONS,
  findAnnotation,
  MAPPING_ANNOTATIONS,
  methodsOf,
  typeDeclarations,
} from './ast.js';
import { javaManifestFor, springFlavour } from './manifest.js';

export interface JavaAppInfo extends AppInfo {
  files: string[];
  manifests: string[];
  /** Controller classes that map at least one request (their annotation). */
  controllers: { name: string; where: SourceRef }[];
  /** @ControllerAdvice / @RestControllerAdvice classes, @ExceptionHandler methods, ErrorController or HandlerExceptionResolver implementations. */
  exceptionHandling: SourceRef[];
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function ref(file: string, node: TsNode): SourceRef {
  return { file, span: { start: node.span.start, end: node.span.end } };
}

function joinPaths(prefix: string, path: string): string {
  if (!prefix) return path.startsWith('/') || !path ? path || '/' : `/${path}`;
  const p = prefix.startsWith('/') ? prefix : `/${prefix}`;
  if (!path) return p;
  return p.replace(/(?<!\/)\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

/** `static final String` fields by class name, for constant mapping paths. */
function constantsIndex(files: ParsedFile<'java'>[]): Map<string, Map<string, TsNode>> {
  const out = new Map<string, Map<string, TsNode>>();
  for (const f of files) {
    for (const t of typeDeclarations(f.root)) {
      const cls = t.child('name')?.text;
      if (!cls) continue;
      const fields = out.get(cls) ?? new Map<string, TsNode>();
      out.set(cls, fields);
      const body = t.child('body');
      for (const d of body?.namedChildren ?? []) {
        // Interface fields are implicitly static final; class fields must say so.
        if (d.type !== 'field_declaration' && d.type !== 'constant_declaration') continue;
        const mods = d.childOfType('modifiers')?.text ?? '';
        if (d.type === 'field_declaration' && t.type !== 'interface_declaration' && !(/\bstatic\b/.test(mods) && /\bfinal\b/.test(mods))) continue;
        for (const v of d.childrenOf('declarator')) {
          const name = v.child('name')?.text;
          const value = v.child('value');
          if (name && value) fields.set(name, value);
        }
      }
    }
  }
  return out;
}

function requestMethods(a: TsNode): string[] {
  const fixed = MAPPING_ANNOTATIONS[annotationName(a)];
  if (fixed) return [fixed];
  const values = annotationValues(a, ['method']);
  if (!values?.length) return ['*'];
  return values.map((v) => v.text.split('.').pop()!.trim());
}

/** The Java apps of the run, memoised on the model. */
export function javaApps(model: ProjectModel): JavaAppInfo[] {
  return model.memo('java:apps', () => {
    const files = model.filesOf('java').filter((f) => f.root);
    const constants = constantsIndex(files);
    const groups = new Map<string, { files: ParsedFile<'java'>[]; manifest: ReturnType<typeof javaManifestFor> }>();
    for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const m = javaManifestFor(model, dirOf(f.path));
      const dir = m?.dir ?? '';
      let g = groups.get(dir);
      if (!g) groups.set(dir, (g = { files: [], manifest: m }));
      g.files.push(f);
    }
    const apps: JavaAppInfo[] = [];
    for (const [dir, g] of groups) {
      const flavour = springFlavour(g.manifest);
      const app: JavaAppInfo = {
        dir,
        routes: [],
        routesComplete: true,
        actuator: flavour.actuator,
        files: g.files.map((f) => f.path),
        manifests: g.manifest?.files ?? [],
        controllers: [],
        exceptionHandling: [],
      };
      if (g.manifest?.bootMajor !== undefined) app.frameworkVersion = g.manifest.bootMajor;
      let sawSpring = false;
      for (const f of g.files) {
        if (/\bRouterFunction\b/.test(f.text)) app.routesComplete = false;
        for (const t of typeDeclarations(f.root)) {
          const className = t.child('name')?.text ?? '';
          const resolve = (n: TsNode): string | undefined => {
            if (n.type === 'identifier') {
              const own = constants.get(className)?.get(n.text);
              return own ? constString(own, resolve) : undefined;
            }
            const owner = n.child('object')?.text.split('.').pop();
            const field = n.child('field')?.text;
            const v = owner && field ? constants.get(owner)?.get(field) : undefined;
            return v ? constString(v, resolve) : undefined;
          };
          const advice = findAnnotation(t, ...ADVICE_ANNOTATIONS);
          if (advice) app.exceptionHandling.push(ref(f.path, advice));
          const implemented = t.child('interfaces')?.text ?? '';
          if (/\b(ErrorController|HandlerExceptionResolver|ErrorWebExceptionHandler)\b/.test(implemented)) app.exceptionHandling.push(ref(f.path, t.child('name') ?? t));
          for (const m of methodsOf(t)) {
            const eh = findAnnotation(m, 'ExceptionHandler');
            if (eh) app.exceptionHandling.push(ref(f.path, eh));
          }
          const controller = findAnnotation(t, ...CONTROLLER_ANNOTATIONS);
          const classMapping = findAnnotation(t, 'RequestMapping');
          if (!controller && !classMapping) continue;
          sawSpring = true;
          let prefixes = [''];
          if (classMapping) {
            const vals = annotationValues(classMapping, ['value', 'path']);
            if (vals?.length) {
              const strs = vals.map((v) => constString(v, resolve));
              if (strs.some((s) => s === undefined)) app.routesComplete = false;
              prefixes = strs.filter((s): s is string => s !== undefined);
            }
          }
          let mapped = 0;
          for (const m of methodsOf(t)) {
            for (const a of annotationsOf(m)) {
              if (!(annotationName(a) in MAPPING_ANNOTATIONS)) continue;
              mapped++;
              const vals = annotationValues(a, ['value', 'path']);
              let paths = [''];
              if (vals?.length) {
                const strs = vals.map((v) => constString(v, resolve));
                if (strs.some((s) => s === undefined)) app.routesComplete = false;
                paths = strs.filter((s): s is string => s !== undefined);
              }
              const framework = flavour.framework ?? 'spring-mvc';
              const where = ref(f.path, m.child('name') ?? m);
              for (const method of requestMethods(a))
                for (const prefix of prefixes)
                  for (const p of paths) app.routes.push({ method: method === 'ALL' ? '*' : method, path: joinPaths(prefix, p), framework, where } satisfies Route);
            }
          }
          if (controller && mapped) app.controllers.push({ name: className, where: ref(f.path, controller) });
        }
      }
      const framework = flavour.framework ?? (sawSpring ? 'spring-mvc' : undefined);
      if (framework) app.framework = framework;
      else app.routesComplete = false;
      apps.push(app);
    }
    return apps;
  });
}
