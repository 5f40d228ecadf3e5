/** The generated parts of a rule's documentation (title, facts, options table), from its meta. */
import { getCause } from './causes.js';
import type { OptionSpecs, RuleMeta } from './rule.js';
import { ruleKinds } from './rule.js';

export function optionsTable(meta: RuleMeta): string {
  const specs = Object.entries((meta.options ?? {}) as OptionSpecs);
  if (!specs.length) return 'This rule has no options.';
  const rows = specs.map(([name, s]) => `| \`${name}\` | ${s.type} | \`${JSON.stringify(s.default)}\` | ${s.description} |`);
  return ['| option | type | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function ruleHeader(meta: RuleMeta): string {
  const fix = meta.fix === 'safe' ? 'Fixable with `--fix`.' : meta.fix === 'unsafe' ? 'Fixable with `--fix-unsafe` (the fix may change behaviour).' : 'No automatic fix.';
  const causes = meta.causes.map((c) => {
    const cause = getCause(c);
    return `- **${cause.title}** (\`${c}\`, ${cause.status}): ${cause.explanation}`;
  });
  return [
    `# ${meta.id}`,
    '',
    meta.description,
    '',
    `- Severity: **${meta.severity}** · ${meta.recommended ? 'in the recommended preset' : 'not in the recommended preset'} · status: ${meta.status} · since ${meta.since}`,
    `- Reads: ${ruleKinds(meta).join(', ')}`,
    `- ${fix}`,
    '',
    '**How this becomes a 5xx**',
    '',
    ...causes,
    '',
    `**Fix:** ${meta.remediation}`,
    '',
    '**Options**',
    '',
    optionsTable(meta),
  ].join('\n');
}
