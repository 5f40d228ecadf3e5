/* Placeholder until this kind's parser lands: parses nothing and reports nothing. */
import type { ParserModule } from '../../core/rule.js';

const parser: ParserModule = {
  kind: 'python',
  comment: '#',
  parse: () => ({ root: undefined as never, comments: [], diagnostics: [] }),
  traverse: () => undefined,
};
export default parser;
