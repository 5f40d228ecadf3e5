/**
 * The browser playground, end to end: `scripts/playground.mjs` builds dist/playground and serves it
 * on localhost, Debian's Chromium (headless, driven by puppeteer-core, nothing downloaded) loads it,
 * and the page lints what is pasted into it with the same engine as the CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/project/run.js';
import { repoRoot } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';

const BROKEN_NGINX = [
  'events {}',
  'http {',
  '    server {',
  '        listen 80;',
  '        location / {',
  '            set $target app.internal;',
  '            proxy_pass http://$target:8080;',
  '        }',
  '    }',
  '}',
  '',
].join('\n');

let server: ChildProcess;
let url: string;
let browser: Browser;
let profile: string;

beforeAll(async () => {
  server = spawn(process.execPath, [join(repoRoot, 'scripts/playground.mjs'), '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  url = await new Promise<string>((done, fail) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /lint500 playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) done(m[1]!);
    });
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.once('exit', (code) => fail(new Error(`the playground script exited with ${code}: ${output}`)));
  });
  profile = mkdtempSync(join(tmpdir(), 'lint500-chromium-'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A page on the playground, failing the test on any script error. */
async function open(at = url): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => void (d.type() === 'prompt' ? d.accept(dialogAnswer) : d.accept()));
  await page.setViewport({ width: 1400, height: 860 });
  await page.goto(at);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  return { page, errors };
}
let dialogAnswer = '';

/** Waits until the status line reports a finished run with `files` files. */
async function linted(page: Page, files: number): Promise<string> {
  await page.waitForFunction(`/ of ${files} file\\(s\\) linted/.test(document.getElementById('status').textContent)`, { timeout: 30_000 });
  return page.$eval('#status', (e) => e.textContent ?? '');
}

/** What the page lists: `path rule:line` for every finding. */
function listed(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('.finding')].map((e) => e.dataset.file + ' ' + e.dataset.rule + ':' + e.dataset.line)`) as Promise<string[]>;
}

describe('playground', () => {
  it('lints a pasted nginx.conf and marks the finding at its line', async () => {
    const { page, errors } = await open();
    // Replace the starter file by a new, empty nginx.conf.
    await page.click('#remove');
    await linted(page, 0);
    dialogAnswer = 'nginx.conf';
    await page.click('#add');
    await page.waitForSelector('#files li[data-path="nginx.conf"]');
    // A paste as the browser delivers it: a paste event with the text on its clipboard data.
    await page.evaluate(`{
      const data = new DataTransfer();
      data.setData('text/plain', ${JSON.stringify(BROKEN_NGINX)});
      document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }`);
    await page.waitForSelector('.finding[data-rule="nginx/proxy-pass-variable-without-resolver"]', { timeout: 30_000 });
    expect(await listed(page)).toEqual(['nginx.conf nginx/proxy-pass-variable-without-resolver:7']);
    const finding = await page.$eval('.finding', (e) => ({ where: e.querySelector('.where')!.textContent, message: e.querySelector('.message')!.textContent, why: e.querySelector('details .why')!.textContent, doc: e.querySelector('a.rule')!.getAttribute('href') }));
    // The CLI reports it at the same place: lint500 --stdin --stdin-filename nginx.conf.
    expect(finding.where).toBe('nginx.conf:7:24');
    expect(finding.message).toMatch(/^proxy_pass http:\/\/\$target:8080 takes its host from \$target at request time and no resolver is set in scope/);
    expect(finding.why).toMatch(/^502 · /);
    expect(finding.doc).toMatch(/rules\/nginx\/proxy-pass-variable-without-resolver\.md$/);
    // Inline: the 7th editor line carries the error mark, and its gutter the lint marker.
    const marked = await page.$$eval('.cm-line', (lines) => lines.flatMap((l, i) => (l.querySelector('.cm-lintRange-error') ? [i + 1] : [])));
    expect(marked).toEqual([7]);
    const markedText = await page.$eval('.cm-lintRange-error', (e) => e.textContent);
    expect(BROKEN_NGINX.split('\n')[6]).toContain(markedText);
    expect(await page.$$eval('.cm-gutter-lint .cm-gutterElement .cm-lint-marker-error', (m) => m.length)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('loads the demo project with one click and finds what the CLI finds', async () => {
    const { page, errors } = await open();
    await page.click('button[data-example="demo-shop"]');
    // Every file of the demo is loaded: as many as the CLI lints there.
    const demo = join(repoRoot, 'fixtures/projects/demo-shop');
    const cli = await run({ cwd: demo, paths: ['.'] });
    const files = cli.results.length;
    expect(files).toBeGreaterThan(30);
    const status = await linted(page, files);
    const expected = cli.results.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.ruleId}:${m.line}`));
    expect(expected.length).toBeGreaterThan(30);
    expect((await listed(page)).sort()).toEqual(expected.sort());
    const count = (sev: string) => cli.results.reduce((n, r) => n + r.messages.filter((m) => m.severity === sev).length, 0);
    expect(status).toMatch(new RegExp(`^${files} of ${files} file\\(s\\) linted in \\d+ ms: ${count('error')} error\\(s\\), ${count('warning')} warning\\(s\\), ${count('info')} info\\(s\\)$`));
    // docs/playground.png: LINT500_PLAYGROUND_SCREENSHOT=docs/playground.png npx vitest run test/integrations/playground.test.ts
    const shot = process.env['LINT500_PLAYGROUND_SCREENSHOT'];
    if (shot) {
      await page.evaluate(`document.querySelector('.finding details').open = true`);
      await page.screenshot({ path: shot });
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('shares the files through the URL fragment', async () => {
    const { page, errors } = await open();
    await page.click('button[data-example="tomcat"]');
    await linted(page, 2);
    await page.click('#share');
    await page.waitForFunction(`document.getElementById('share-url').value.includes('#files=')`);
    const link = (await page.evaluate(`document.getElementById('share-url').value`)) as string;
    const before = await listed(page);
    await page.close();
    const again = await open(link);
    await linted(again.page, 2);
    expect(await again.page.evaluate(`[...document.querySelectorAll('#files li')].map((e) => e.dataset.path)`)).toEqual(['tomcat/conf/context.xml', 'tomcat/conf/server.xml']);
    expect(await listed(again.page)).toEqual(before);
    expect([...errors, ...again.errors]).toEqual([]);
    await again.page.close();
  }, 90_000);
});
