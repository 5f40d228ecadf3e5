import { RuleTester } from '../../src/testing/index.js';
import rule from './image-tag-unpinned.js';

const pod = (image: string, init = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
${init}  containers:
    - name: web
      image: ${image}
`;

new RuleTester().run(rule, {
  valid: [
    pod('ghcr.io/acme/web:2.3.1'),
    { name: 'a digest', code: pod('ghcr.io/acme/web@sha256:4b1f2e3c9a7d6e5f4b1f2e3c9a7d6e5f4b1f2e3c9a7d6e5f4b1f2e3c9a7d6e5f') },
    { name: 'latest pinned by digest', code: pod('nginx:latest@sha256:4b1f2e3c9a7d6e5f4b1f2e3c9a7d6e5f4b1f2e3c9a7d6e5f4b1f2e3c9a7d6e5f') },
    { name: 'a registry port is not a tag', code: pod('registry.local:5000/acme/web:2.3.1') },
    { name: 'set at deploy time', code: pod('$(WEB_IMAGE)') },
    {
      name: 'a kustomization that includes the file sets the tag',
      filename: 'base/deployment.yaml',
      code: pod('ghcr.io/acme/web'),
      files: { 'base/kustomization.yaml': 'resources:\n  - deployment.yaml\nimages:\n  - name: ghcr.io/acme/web\n    newTag: 2.3.1\n' },
    },
    { name: 'a pinned image in a JSON manifest', filename: 'deploy/web.json', code: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:2.3.1' }] } }, null, 2) },
    {
      name: 'a numeric-looking tag stays text',
      code: pod('redis:7.0'),
    },
  ],
  invalid: [
    {
      name: 'a JSON manifest (tab-indented, as kubectl accepts it)',
      filename: 'deploy/web.json',
      code: '{\n\t"apiVersion": "v1",\n\t"kind": "Pod",\n\t"metadata": { "name": "web" },\n\t"spec": {\n\t\t"containers": [{ "name": "web", "image": "ghcr.io/acme/web:latest" }]\n\t}\n}\n',
      errors: [{ messageId: 'latest', line: 6, column: 44, endLine: 6, endColumn: 69 }],
    },
    {
      name: 'a Deployment in a file named application.yaml',
      filename: 'deploy/application.yaml',
      code: pod('ghcr.io/acme/web'),
      errors: [{ messageId: 'noTag', line: 8, column: 14, endLine: 8, endColumn: 30 }],
    },
    {
      code: pod('ghcr.io/acme/web:latest'),
      errors: [{ messageId: 'latest', line: 8, column: 14, endLine: 8, endColumn: 37 }],
    },
    {
      name: 'no tag in an init container and a quoted latest',
      code: pod('"nginx:latest"', '  initContainers:\n    - name: wait\n      image: busybox\n'),
      errors: [
        { messageId: 'noTag', line: 8, column: 14, endLine: 8, endColumn: 21 },
        { messageId: 'latest', line: 11, column: 14, endLine: 11, endColumn: 28 },
      ],
    },
    {
      name: 'a kustomization that does not include the file',
      filename: 'apps/deployment.yaml',
      code: pod('registry.local:5000/acme/web'),
      files: { 'other/kustomization.yaml': 'resources:\n  - service.yaml\nimages:\n  - name: registry.local:5000/acme/web\n    newTag: 2.3.1\n' },
      errors: [{ messageId: 'noTag', line: 8, column: 14, endLine: 8, endColumn: 42 }],
    },
  ],
});
