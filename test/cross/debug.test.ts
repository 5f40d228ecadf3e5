import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'vitest';
import { defineRule } from '../../src/core/rule.js';
import { runCase } from '../../src/testing/rule-tester.js';
import { linkedContainers, listenPortOf, appTimeoutOf } from '../../src/parsers/cross/index.js';
import { passAddresses } from '../../src/parsers/cross/services.js';
import { hostTimeouts } from '../../src/parsers/cross/targets.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { jvmModel } from '../../src/parsers/xml/model.js';

function walk(dir: string, root: string, out: Record<string, string>) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, root, out);
    else out[relative(root, p)] = readFileSync(p, 'utf8');
  }
}

it('debug', async () => {
  const root = process.env.FIX ?? 'fixtures/projects/demo-shop';
  const files: Record<string, string> = {};
  walk(root, root, files);
  const rule = defineRule({
    meta: { id: 'cross/debug', kind: 'project', severity: 'error', recommended: false, status: 'preview', since: '0', description: '', causes: [], remediation: '', messages: { x: 'x' } },
    create() {
      return {
        project(model) {
          for (const a of jvmModel(model).apps) console.log('jvm', a.kind, a.dir, a.profiles, a.connectors.map((c) => JSON.stringify(c.connectionTimeout)));
          for (const cl of linkedContainers(model)) console.log('link', cl.container.label, cl.link.context, cl.app?.info.dir, cl.app?.spring?.files, JSON.stringify(appTimeoutOf(model, cl.link.context, cl.app, cl.runtime, cl.link.image)));
          for (const a of passAddresses(model)) console.log('pass', a.host, a.port, JSON.stringify(hostTimeouts(model, k8sModel(model), a.host, a.port, a.file).map((t) => t.timeout.seconds)));
        },
      };
    },
  });
  await runCase(rule, { files });
});
