/**
 * Where the real-world files of the tests live. Two sets, with the same layout
 * (`<kind>/<owner>__<repo>/<path in that repository>`):
 *
 * - the in-repository set `fixtures/real-world` (about fifty files, each with its source and
 *   licence in its README): always present, so a fresh clone runs every corpus test on it;
 * - the large public corpus next to the checkout (`../shared/corpus`, or `LINT500_CORPUS`), about
 *   1,500 files: present on the maintainers' machines, absent from a clone. The tests that read it
 *   skip visibly (their name says why) when it is absent.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const REAL_WORLD = join(ROOT, 'fixtures/real-world');
export const SHARED_CORPUS = resolve(ROOT, process.env['LINT500_CORPUS'] ?? '../shared/corpus');
export const HAS_SHARED_CORPUS = existsSync(SHARED_CORPUS);

export interface CorpusSet {
  /** The describe() title: says when the set is absent and its tests are skipped. */
  title: string;
  /** The folder of one kind (`docker`, `k8s`, `nginx`, `tomcat`, `spring`) or the whole set. */
  dir: string;
  present: boolean;
  /** The large public corpus (thresholds in files) rather than the small in-repository set. */
  large: boolean;
}

/** The in-repository set, then the large corpus; `kind` narrows both to one folder. */
export function corpusSets(kind = ''): CorpusSet[] {
  return [
    { title: 'in-repository real-world set (fixtures/real-world)', dir: join(REAL_WORLD, kind), present: true, large: false },
    {
      title: HAS_SHARED_CORPUS ? 'large public corpus (../shared/corpus)' : 'large public corpus (../shared/corpus is absent: skipped; set LINT500_CORPUS to run it)',
      dir: join(SHARED_CORPUS, kind),
      present: HAS_SHARED_CORPUS,
      large: true,
    },
  ];
}

/** Every file under `dir`, sorted, skipping the sets' own README and manifest. */
export function walkFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      const st = statSync(p);
      if (st.isDirectory()) return walkFiles(p);
      return st.isFile() && n !== 'README.md' && n !== 'MANIFEST.tsv' && n !== 'SOURCES.md' ? [p] : [];
    });
}
