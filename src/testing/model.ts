/** A ProjectModel over already parsed files, for tests of model builders (no engine run). */
import type { FileHost, FileKind, ParsedFile, ParserModule, ProjectModel, SummarizedKind, SummaryOf } from '../core/rule.js';

export function projectModel(files: readonly ParsedFile[], host: FileHost, parsers: readonly ParserModule[] = []): ProjectModel {
  const memos = new Map<string, unknown>();
  return {
    files,
    filesOf: <K extends FileKind>(kind: K) => files.filter((f) => f.kind === kind) as ParsedFile<K>[],
    file: (p) => files.find((f) => f.path === p),
    summaries<K extends SummarizedKind>(kind: K): SummaryOf<K>[] {
      const parser = parsers.find((p) => p.kind === kind);
      return files.filter((f) => f.kind === kind && f.root).flatMap((f) => (parser?.summarize ? [parser.summarize(f as never) as SummaryOf<K>] : []));
    },
    text: (p) => files.find((f) => f.path === p)?.text ?? host.readFile(p),
    memo<T>(key: string, build: () => T): T {
      if (!memos.has(key)) memos.set(key, build());
      return memos.get(key) as T;
    },
    host,
    settings: {},
  };
}
