/**
 * The playground page: files in CodeMirror editors, linted by the engine in the page on every change,
 * findings listed and marked inline, example projects and share links.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { getCause } from '../../src/core/causes.js';
import type { LintMessage } from '../../src/core/diagnostics.js';
import { ruleDocsUrl } from '../../src/core/docs.js';
import { EXAMPLES, exampleFiles } from './examples.js';
import { languageFor } from './languages.js';
import { lintFiles, type Outcome, type PlaygroundFile } from './lint.js';
import { decodeFiles, encodeFiles } from './share.js';
import './style.css';

interface Entry {
  path: string;
  state: EditorState;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const fileList = $<HTMLUListElement>('files');
const findingsEl = $<HTMLDivElement>('findings');
const statusEl = $<HTMLSpanElement>('status');
const currentName = $<HTMLSpanElement>('current-name');

let entries: Entry[] = [];
let current = -1;
let outcome: Outcome | undefined;
let lintTimer: ReturnType<typeof setTimeout> | undefined;
let lintSeq = 0;

const view = new EditorView({ parent: $('editor') });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

async function makeState(path: string, text: string): Promise<EditorState> {
  return EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
      lintGutter(),
      await languageFor(path),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) scheduleLint();
      }),
    ],
  });
}

/** The current view's state goes back into its entry before another file is shown. */
function stash(): void {
  if (current >= 0 && entries[current]) entries[current]!.state = view.state;
}

function show(index: number): void {
  stash();
  current = index;
  const entry = entries[index];
  if (entry) view.setState(entry.state);
  currentName.textContent = entry?.path ?? '';
  view.dom.style.display = entry ? '' : 'none';
  renderFiles();
}

function snapshot(): PlaygroundFile[] {
  stash();
  return entries.map((e) => ({ path: e.path, text: e.state.doc.toString() }));
}

async function setFiles(files: readonly PlaygroundFile[], open?: string): Promise<void> {
  current = -1;
  entries = await Promise.all(files.map(async (f) => ({ path: f.path, state: await makeState(f.path, f.text) })));
  const first = open ? entries.findIndex((e) => e.path === open) : -1;
  show(first >= 0 ? first : 0);
  await runLint();
}

function scheduleLint(): void {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(() => void runLint(), 250);
}

async function runLint(): Promise<void> {
  clearTimeout(lintTimer);
  const seq = ++lintSeq;
  const files = snapshot();
  const docs = new Map<string, Text>(entries.map((e) => [e.path, e.state.doc]));
  statusEl.textContent = 'Linting…';
  let result: Outcome;
  try {
    result = await lintFiles(files);
  } catch (e) {
    if (seq === lintSeq) statusEl.textContent = `The linter failed: ${e instanceof Error ? e.message : String(e)}`;
    return;
  }
  // A newer run is on its way: this one's positions may not match the texts any more.
  if (seq !== lintSeq) return;
  outcome = result;
  stash();
  for (const [i, entry] of entries.entries()) {
    if (entry.state.doc !== docs.get(entry.path)) continue;
    const diagnostics = diagnosticsFor(entry.path, entry.state.doc.length);
    if (i === current) view.dispatch(setDiagnostics(view.state, diagnostics));
    else entry.state = entry.state.update(setDiagnostics(entry.state, diagnostics)).state;
  }
  stash();
  renderFiles();
  renderFindings();
  const all = result.results.flatMap((r) => r.messages);
  const count = (s: string) => all.filter((m) => m.severity === s).length;
  statusEl.textContent = `${result.kinds.size} of ${files.length} file(s) linted in ${Math.round(result.ms)} ms: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info(s)`;
}

function messagesOf(path: string): LintMessage[] {
  return outcome?.results.find((r) => r.filePath === path)?.messages ?? [];
}

/** Why a finding turns into a 5xx: the causes of its rule, each with status, title and explanation. */
function whyNode(m: LintMessage): HTMLElement {
  const box = el('div', { className: 'why' });
  for (const id of m.causes) {
    const cause = getCause(id);
    box.append(el('p', {}, el('strong', {}, `${cause.status} · ${cause.title}: `), cause.explanation));
  }
  return box;
}

function docLink(m: LintMessage): HTMLAnchorElement {
  return el('a', { href: ruleDocsUrl(m.ruleId), target: '_blank', rel: 'noopener', className: 'rule' }, m.ruleId);
}

function diagnosticsFor(path: string, length: number): Diagnostic[] {
  return messagesOf(path).map((m) => {
    const from = Math.min(m.span.start, length);
    return {
      from,
      to: Math.min(Math.max(m.span.end, from), length),
      severity: m.severity,
      source: m.ruleId,
      message: m.message,
      renderMessage: () => el('div', { className: 'diagnostic' }, el('div', {}, m.message), m.causes.length ? whyNode(m) : '', el('div', {}, 'Rule: ', docLink(m))),
    };
  });
}

function goTo(path: string, m: LintMessage): void {
  const index = entries.findIndex((e) => e.path === path);
  if (index < 0) return;
  show(index);
  const length = view.state.doc.length;
  view.dispatch({ selection: { anchor: Math.min(m.span.start, length), head: Math.min(m.span.end, length) }, scrollIntoView: true });
  view.focus();
}

function renderFiles(): void {
  fileList.replaceChildren(
    ...entries.map((e, i) => {
      const ms = messagesOf(e.path);
      const kind = outcome?.kinds.get(e.path);
      const worst = ms.some((m) => m.severity === 'error') ? 'error' : ms.some((m) => m.severity === 'warning') ? 'warning' : ms.length ? 'info' : 'clean';
      const item = el(
        'li',
        { className: i === current ? 'current' : '', title: kind ? `${e.path} (${kind})` : `${e.path}: not a kind of file lint500 reads` },
        el('span', { className: 'path' }, e.path),
        el('span', { className: `count ${kind ? worst : 'unknown'}` }, kind ? String(ms.length) : '–'),
      );
      item.dataset['path'] = e.path;
      item.addEventListener('click', () => show(i));
      return item;
    }),
  );
}

function renderFindings(): void {
  const groups = (outcome?.results ?? []).filter((r) => r.messages.length);
  if (!groups.length) {
    findingsEl.replaceChildren(el('p', { className: 'empty' }, outcome?.kinds.size ? 'No findings.' : 'No file lint500 reads yet: add an nginx.conf, a Dockerfile, a Kubernetes manifest, a server.xml, application.properties or app sources.'));
    return;
  }
  findingsEl.replaceChildren(
    ...groups.flatMap((r) => [
      el('h3', {}, r.filePath),
      ...r.messages.map((m) => {
        const item = el(
          'div',
          { className: `finding ${m.severity}` },
          el('button', { className: 'where', type: 'button', title: 'Show in the editor' }, `${r.filePath}:${m.line}:${m.column}`),
          el('span', { className: 'severity' }, m.severity),
          docLink(m),
          el('p', { className: 'message' }, m.message),
        );
        item.dataset['file'] = r.filePath;
        item.dataset['line'] = String(m.line);
        item.dataset['rule'] = m.ruleId;
        if (m.causes.length) item.append(el('details', {}, el('summary', {}, 'Why this is a 5xx'), whyNode(m)));
        for (const rel of m.related ?? []) {
          const link = el('button', { className: 'related', type: 'button' }, `${rel.filePath}:${rel.line}:${rel.column} ${rel.message}`);
          link.addEventListener('click', () => goTo(rel.filePath, { ...m, span: rel.span }));
          item.append(link);
        }
        item.querySelector('.where')!.addEventListener('click', () => goTo(r.filePath, m));
        return item;
      }),
    ]),
  );
}

function askPath(question: string, initial: string): string | undefined {
  const answer = window.prompt(question, initial)?.trim().replace(/\\/g, '/').replace(/^\.?\//, '');
  if (!answer) return undefined;
  if (entries.some((e) => e.path === answer)) {
    window.alert(`There is already a file named ${answer}.`);
    return undefined;
  }
  return answer;
}

$('add').addEventListener('click', () => {
  const path = askPath('Name of the new file (with folders, e.g. nginx/conf.d/app.conf):', 'nginx.conf');
  if (!path) return;
  void makeState(path, '').then((state) => {
    stash();
    entries.push({ path, state });
    show(entries.length - 1);
    view.focus();
    void runLint();
  });
});

$('rename').addEventListener('click', () => {
  const entry = entries[current];
  if (!entry) return;
  const path = askPath(`New name for ${entry.path}:`, entry.path);
  if (!path) return;
  // The language may change with the name: a new state with the same text.
  void makeState(path, view.state.doc.toString()).then((state) => {
    entries[current] = { path, state };
    view.setState(state);
    show(current);
    void runLint();
  });
});

$('remove').addEventListener('click', () => {
  const entry = entries[current];
  if (!entry || !window.confirm(`Remove ${entry.path}?`)) return;
  const index = current;
  entries.splice(index, 1);
  current = -1;
  show(Math.min(index, entries.length - 1));
  void runLint();
});

$('share').addEventListener('click', () => {
  void encodeFiles(snapshot()).then(async (fragment) => {
    const url = `${location.href.replace(/#.*$/, '')}#${fragment}`;
    window.history.replaceState(null, '', url);
    const box = $<HTMLInputElement>('share-url');
    box.value = url;
    box.hidden = false;
    box.select();
    try {
      await navigator.clipboard.writeText(url);
      statusEl.textContent = `Share link copied (${url.length} characters).`;
    } catch {
      statusEl.textContent = `Share link ready (${url.length} characters): copy it from the box.`;
    }
  });
});

const exampleBar = $('examples');
for (const example of EXAMPLES) {
  const button = el('button', { type: 'button' }, example.title);
  button.dataset['example'] = example.id;
  button.addEventListener('click', () => {
    void exampleFiles(example.id).then((files) => setFiles(files));
  });
  exampleBar.append(button);
}

const STARTER: PlaygroundFile[] = [
  {
    path: 'nginx.conf',
    text: [
      '# Paste your nginx.conf here, or load an example project above.',
      'events {}',
      'http {',
      '    server {',
      '        listen 80;',
      '        location /api/ {',
      '            proxy_pass http://$backend;',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n'),
  },
];

async function start(): Promise<void> {
  const shared = await decodeFiles(location.hash);
  await setFiles(shared?.length ? shared : STARTER);
  document.body.dataset['ready'] = 'true';
}

void start();
