import { defineRule, type RelatedLocation } from '../../src/core/rule.js';
import { formatBytes } from '../../src/parsers/cross/index.js';
import { heapFlagOf } from '../../src/parsers/cross/jvm.js';
import { limitedContainers } from '../../src/parsers/cross/limits.js';
import { MIB } from '../../src/parsers/cross/quantity.js';

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
    remediation: 'Lower -Xmx (or use -XX:MaxRAMPercentage=75 and no -Xmx), or raise the memory limit (resources.limits.memory, compose mem_limit) to the heap plus headroom for metaspace, threads and buffers.',
    messages: {
      exceeds:
        'The JVM heap of {{container}} may grow to {{heap}} ({{flag}}, {{source}}{{link}}); with {{headroom}} for metaspace, thread stacks and buffers it needs {{needed}}, more than the memory limit of {{limit}}: the kernel OOM-kills the container under load, and its requests fail with 502/503.',
      percentOfLimit:
        'The memory limit of {{container}} is {{limit}}, and {{flag}} ({{source}}{{link}}) gives the JVM heap {{heap}} of it, leaving {{left}} for metaspace, thread stacks and buffers, less than the {{headroom}} they need: the kernel OOM-kills the container under load, and its requests fail with 502/503.',
    },
    options: {
      headroomPercent: { type: 'number', default: 25, minimum: 0, description: 'Memory beyond the heap, as a percentage of the heap, that the JVM needs (metaspace, code cache, thread stacks, direct buffers).' },
      minHeadroomMiB: { type: 'number', default: 256, minimum: 0, description: 'The least headroom accepted, in MiB, whatever the percentage gives.' },
    },
  },
  create(ctx, options) {
    return {
      project(model) {
        const targets = limitedContainers(model);
        for (const t of targets) {
          const flag = heapFlagOf(model, t.runtime, t.link?.image.path);
          if (!flag) continue;
          const heap = flag.kind === 'xmx' ? flag.amount : (t.limit * flag.amount) / 100;
          const headroom = Math.max((heap * options.headroomPercent) / 100, options.minHeadroomMiB * MIB);
          if (heap + headroom <= t.limit) continue;
          const fromImage = t.link && flag.file === t.link.image.path;
          const data = {
            container: t.label,
            flag: flag.text,
            source: `${flag.source} in ${flag.file}`,
            link: fromImage ? `; ${t.link!.assumption}` : '',
            headroom: formatBytes(headroom),
            limit: `${t.limitText} (${formatBytes(t.limit)})`,
          };
          if (flag.kind === 'percent') {
            // The heap follows the limit: the limit is what decides, so the finding sits on it.
            const related: RelatedLocation[] = [{ file: flag.file, span: flag.span, message: `${flag.text} sizes the heap from the limit.` }];
            ctx.report({ file: t.limitFile, span: t.limitSpan, messageId: 'percentOfLimit', data: { ...data, heap: `${formatBytes(heap)} (${flag.amount} %)`, left: formatBytes(t.limit - heap) }, related });
            continue;
          }
          ctx.report({
            file: flag.file,
            span: flag.span,
            messageId: 'exceeds',
            data: { ...data, heap: formatBytes(heap), needed: formatBytes(heap + headroom) },
            related: [{ file: t.limitFile, span: t.limitSpan, message: `The memory limit of ${t.label}.` }],
          });
        }
      },
    };
  },
});
