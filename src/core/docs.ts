/** Rule documentation URLs are derived from the rule id, never written by hand. */
export const DOCS_BASE = 'https://github.com/lint500/lint500/blob/main/';

export function ruleDocsUrl(ruleId: string): string {
  return ruleId.includes('/') ? `${DOCS_BASE}rules/${ruleId}.md` : `${DOCS_BASE}docs/diagnostics.md#${ruleId}`;
}
