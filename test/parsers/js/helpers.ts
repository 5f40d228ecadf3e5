/** A ProjectModel over in-memory files, parsed by the real parsers, for model-builder tests. */
import { projectModel } from '../../../src/testing/model.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { ParsedFile, ProjectModel } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import { loadParser } from '../../../src/parsers/index.js';
import { classify } from '../../../src/project/classify.js';

export async function modelOf(files: Record<string, string>, extra: Record<string, string> = {}): Promise<ProjectModel> {
  const host = new MemoryHost({ ...extra, ...files });
  const parsed: ParsedFile[] = [];
  for (const [path, text] of Object.entries(files)) {
    const kind = classify(path, text);
    if (!kind) continue;
    const parser = (await loadParser(kind))!;
    const out = parser.parse({ path, text, kind }, { host, settings: {}, runPaths: new Set(Object.keys(files)) });
    parsed.push({ path, kind, text, lines: new LineIndex(text), root: out.root, comments: out.comments });
  }
  return projectModel(parsed, host);
}
