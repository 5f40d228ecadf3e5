import { defineRule } from '../../src/core/rule.js';
import { formatBytes } from '../../src/parsers/cross/index.js';
import { limitedContainers } from '../../src/parsers/cross/limits.js';
import { nodeHeapFlagOf } from '../../src/parsers/cross/node-heap.js';
import { MIB } from '../../src/parsers/cross/quantity.js';

export default defineRule({
  meta: {
    id: 'cross/node-heap-exceeds-memory-limit',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep the Node old-space ceiling (`--max-old-space-size`) below the container memory limit.',
    causes: ['oom-kill-503'],
    remediation:
      'Lower --max-old-space-size to about 75 % of the memory limit (1536 for 2 GiB), or raise the limit (resources.limits.memory, compose mem_limit) to the old space plus room for the young generation, code and native memory.',
    messages: {
      exceeds:
        'Node may grow its old space to {{heap}} ({{flag}}, {{source}}{{link}}); with {{headroom}} for the young generation, code and native memory (Buffers) the process needs {{needed}}, more than the {{limit}} memory limit of {{container}}: V8 lets the heap grow toward its ceiling, so the kernel OOM-kills the container under load and its requests fail with 502/503.',
    },
    options: {
      headroomPercent: { type: 'number', default: 25, minimum: 0, description: 'Memory beyond the old space, as a percentage of it, that the process needs (young generation, code space, native memory).' },
      minHeadroomMiB: { type: 'number', default: 128, minimum: 0, description: 'The least headroom accepted, in MiB, whatever the percentage gives.' },
    },
  },
  create(ctx, options) {
    return {
      project(model) {
        for (const t of limitedContainers(model)) {
          const flag = nodeHeapFlagOf(model, t.runtime, t.link?.image.path);
          if (!flag) continue;
          const headroom = Math.max((flag.bytes * options.headroomPercent) / 100, options.minHeadroomMiB * MIB);
          if (flag.bytes + headroom <= t.limit) continue;
          // Found through the image (its Dockerfile, or the package.json beside it): the link is an assumption to show.
          const image = t.link?.image.path;
          const fromImage = image !== undefined && (flag.file === image || flag.file === `${image.slice(0, image.lastIndexOf('/') + 1)}package.json`);
          ctx.report({
            file: flag.file,
            span: flag.span,
            messageId: 'exceeds',
            data: {
              container: t.label,
              heap: formatBytes(flag.bytes),
              flag: flag.text,
              source: `${flag.source} in ${flag.file}`,
              link: fromImage ? `; ${t.link!.assumption}` : '',
              headroom: formatBytes(headroom),
              needed: formatBytes(flag.bytes + headroom),
              limit: `${t.limitText} (${formatBytes(t.limit)})`,
            },
            related: [{ file: t.limitFile, span: t.limitSpan, message: `The memory limit of ${t.label}.` }],
          });
        }
      },
    };
  },
});
