import { defineRule } from '../../src/core/rule.js';
import { formatBytes, imageLinker, k8sMemoryBytes, runtimeOf } from '../../src/parsers/cross/index.js';
import { heapFlagOf } from '../../src/parsers/cross/jvm.js';
import { MIB } from '../../src/parsers/cross/quantity.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';

export default defineRule({
  meta: {
    id: 'cross/jvm-heap-exceeds-memory-limit',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Leave room between the JVM max heap and the container memory limit.',
    causes: ['oom-kill-503'],
    remediation: 'Lower -Xmx (or use -XX:MaxRAMPercentage=75 and no -Xmx), or raise resources.limits.memory to the heap plus headroom for metaspace, threads and buffers.',
    messages: {
      exceeds:
        'The JVM heap of {{container}} may grow to {{heap}} ({{flag}}, {{source}}{{link}}); with {{headroom}} for metaspace, thread stacks and buffers it needs {{needed}}, more than the memory limit of {{limit}}: the kernel OOM-kills the container under load, and its requests fail with 502/503.',
    },
    options: {
      headroomPercent: { type: 'number', default: 25, minimum: 0, description: 'Memory beyond the heap, as a percentage of the heap, that the JVM needs (metaspace, code cache, thread stacks, direct buffers).' },
      minHeadroomMiB: { type: 'number', default: 256, minimum: 0, description: 'The least headroom accepted, in MiB, whatever the percentage gives.' },
    },
  },
  create(ctx, options) {
    return {
      project(model) {
        const linker = imageLinker(model);
        for (const w of k8sModel(model).workloads) {
          if (!w.longRunning || !w.template) continue;
          for (const c of w.template.containers) {
            const limitField = c.resources.limits.memory;
            const limit = limitField ? k8sMemoryBytes(limitField.value) : undefined;
            if (!limitField || !limit) continue;
            const link = c.image ? linker.forImage(c.image.value, c.file) : undefined;
            const flag = heapFlagOf(model, runtimeOf(link?.image, c), link?.image.path);
            if (!flag) continue;
            const heap = flag.kind === 'xmx' ? flag.amount : (limit * flag.amount) / 100;
            const headroom = Math.max((heap * options.headroomPercent) / 100, options.minHeadroomMiB * MIB);
            if (heap + headroom <= limit) continue;
            const fromImage = link && flag.file === link.image.path;
            ctx.report({
              file: flag.file,
              span: flag.span,
              messageId: 'exceeds',
              data: {
                container: c.label,
                heap: flag.kind === 'xmx' ? formatBytes(heap) : `${formatBytes(heap)} (${flag.amount} % of the limit)`,
                flag: flag.text,
                source: `${flag.source} in ${flag.file}`,
                link: fromImage ? `; ${link.assumption}` : '',
                headroom: formatBytes(headroom),
                needed: formatBytes(heap + headroom),
                limit: `${limitField.value} (${formatBytes(limit)})`,
              },
              related: [{ file: c.file, span: limitField.span, message: `The memory limit of ${c.label}.` }],
            });
          }
        }
      },
    };
  },
});
