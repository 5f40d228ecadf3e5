/** Extracts the runnable examples from a rule doc's "Rule details" section. */
export interface DocExample {
  verdict: 'correct' | 'incorrect';
  /** path → text; `main` is the file named when only one block is given without `file=`. */
  files: Record<string, string>;
  main?: string;
  line: number;
}

const FENCE = /^(`{3,}|~{3,})\s*([^\n]*)$/;

export function docExamples(markdown: string): DocExample[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^##\s+Rule details/.test(l));
  if (start < 0) return [];
  let end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  if (end < 0) end = lines.length;
  const blocks: { verdict: 'correct' | 'incorrect'; file?: string; text: string; line: number; adjacent: boolean }[] = [];
  let lastEnd = -10;
  for (let i = start + 1; i < end; i++) {
    const m = FENCE.exec(lines[i]!);
    if (!m) continue;
    const fence = m[1]!;
    const info = m[2]!.trim().split(/\s+/);
    let j = i + 1;
    while (j < end && !lines[j]!.startsWith(fence)) j++;
    const verdict = info.includes('incorrect') ? 'incorrect' : info.includes('correct') ? 'correct' : undefined;
    if (verdict) {
      const file = info.find((w) => w.startsWith('file='))?.slice(5);
      const between = lines.slice(lastEnd + 1, i).every((l) => l.trim() === '');
      blocks.push({ verdict, file, text: lines.slice(i + 1, j).join('\n') + '\n', line: i + 1, adjacent: between });
    }
    lastEnd = j;
    i = j;
  }
  const out: DocExample[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (b.file && prev && prev.main === undefined && b.adjacent && prev.verdict === b.verdict) {
      prev.files[b.file] = b.text;
      continue;
    }
    if (b.file) out.push({ verdict: b.verdict, files: { [b.file]: b.text }, line: b.line });
    else out.push({ verdict: b.verdict, files: {}, main: b.text, line: b.line });
  }
  return out;
}
