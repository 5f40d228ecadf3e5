import { describe, expect, it } from 'vitest';
import { detached, detachStrings, interned, LineIndex } from '../../src/core/text.js';

describe('LineIndex', () => {
  it('maps offsets to 1-based positions across LF, CRLF and lone CR line ends', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const li = new LineIndex(text);
    expect(li.lineCount).toBe(4);
    expect(li.position(0)).toEqual({ line: 1, column: 1 });
    expect(li.position(text.indexOf('c'))).toEqual({ line: 2, column: 1 });
    expect(li.position(text.indexOf('e'))).toEqual({ line: 3, column: 1 });
    expect(li.position(text.indexOf('h'))).toEqual({ line: 4, column: 2 });
    expect(li.lineText(2)).toBe('cd');
    expect(li.lineText(3)).toBe('ef');
  });
  it('round-trips offsets and clamps out-of-range input', () => {
    const text = 'x = 1\n\ny = "é😀z"\n';
    const li = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) expect(li.offset(li.position(o))).toBe(o);
    expect(li.position(10_000)).toEqual(li.position(text.length));
    expect(li.offset({ line: 99, column: 99 })).toBe(text.length);
  });
  it('finds every line start of a text with LF breaks only (empty lines, trailing break, empty text)', () => {
    const li = new LineIndex('a\n\nbc\n');
    expect(li.lineCount).toBe(4);
    expect([1, 2, 3, 4].map((l) => li.lineStart(l))).toEqual([0, 2, 3, 6]);
    expect(li.lineText(3)).toBe('bc');
    expect(li.position(6)).toEqual({ line: 4, column: 1 });
    expect(new LineIndex('').lineCount).toBe(1);
    expect(new LineIndex('\n').lineStart(2)).toBe(1);
  });
  it('counts columns in UTF-16 code units (as ESLint, SARIF and LSP do)', () => {
    const li = new LineIndex('😀x');
    expect(li.position(2)).toEqual({ line: 1, column: 3 });
  });
});

describe('detached', () => {
  it('gives an equal string: short ones as they are, longer ones copied, lone surrogates kept', () => {
    const text = `FROM alpine\nRUN apk add --no-cache ca-certificates-bundle \ud800 tail\n`;
    const long = text.slice(text.indexOf('ca-'), text.indexOf(' \ud800'));
    expect(detached(long)).toBe('ca-certificates-bundle');
    expect(detached('curl')).toBe('curl');
    expect(detached(`a lone${text.slice(-8)}`)).toBe('a lone \ud800 tail\n');
    expect(detached('')).toBe('');
  });
});

describe('detachStrings', () => {
  it('replaces every string of objects and arrays in place with an equal one, through shared and cyclic references', () => {
    const text = 'apiVersion: apps/v1\nmetadata:\n  name: a-long-deployment-name \ud800\n';
    const name = text.slice(text.indexOf('a-long'));
    const shared = { value: name, span: { start: 1, end: 2 } };
    const owner: Record<string, unknown> = { name, words: ['short', name, 3, null], shared, again: shared, nothing: undefined };
    owner.self = owner;
    owner.child = { owner, label: `Deployment ${name}` };
    detachStrings(owner);
    expect(owner.name).toBe('a-long-deployment-name \ud800\n');
    expect(owner.words).toEqual(['short', 'a-long-deployment-name \ud800\n', 3, null]);
    expect(owner.shared).toBe(owner.again);
    expect(shared).toEqual({ value: 'a-long-deployment-name \ud800\n', span: { start: 1, end: 2 } });
    expect(owner.self).toBe(owner);
    expect(owner.child).toEqual({ owner, label: 'Deployment a-long-deployment-name \ud800\n' });
    expect('nothing' in owner).toBe(true);
    detachStrings(undefined);
    detachStrings('a string alone is left as it is');
  });
});

describe('detachStrings and arrays', () => {
  it('replaces each array below the top by one equal copy, shared arrays by the same copy, and leaves a getter alone', () => {
    const list: unknown[] = [];
    for (let i = 0; i < 3; i++) list.push({ n: i });
    const top = [list];
    let reads = 0;
    const owner = {
      list,
      again: list,
      nested: { inner: [['deep']] },
      get computed() {
        reads++;
        return ['made', 'on', 'demand'];
      },
      top,
    };
    const first = list[0];
    detachStrings(owner, true);
    expect(owner.list).not.toBe(list);
    expect(owner.list).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(owner.list[0]).toBe(first);
    expect(owner.again).toBe(owner.list);
    expect(owner.nested).toEqual({ inner: [['deep']] });
    expect(owner.top[0]).toBe(owner.list);
    expect(reads).toBe(1);
    expect(owner.computed).toEqual(['made', 'on', 'demand']);
    const array = [[1], [2]];
    const inner = array[0];
    detachStrings(array);
    expect(array[0]).not.toBe(inner);
    expect(array).toEqual([[1], [2]]);
  });
  it('shares one frozen empty array and one frozen empty object below the top when interning', () => {
    class Box {}
    const owner = { a: [] as string[], b: { labels: {} as Record<string, string>, list: [] as number[] }, box: new Box(), full: { k: 'v' }, rows: [[], {}] };
    const top: unknown[] = [];
    detachStrings(owner, true);
    expect(owner.a).toBe(owner.b.list);
    expect(Object.isFrozen(owner.a)).toBe(true);
    expect(Object.isFrozen(owner.b.labels)).toBe(true);
    expect(owner.rows[0]).toBe(owner.a);
    expect(owner.rows[1]).toBe(owner.b.labels);
    // A class instance and a non-empty object stay what they were.
    expect(owner.box).toBeInstanceOf(Box);
    expect(Object.isFrozen(owner.box) || Object.isFrozen(owner.full)).toBe(false);
    expect(() => owner.a.push('x')).toThrow(TypeError);
    // Without interning, and for the top value itself, nothing is frozen.
    const plain = { a: [] as string[], o: {} };
    detachStrings(plain);
    expect(Object.isFrozen(plain.a) || Object.isFrozen(plain.o)).toBe(false);
    detachStrings(top, true);
    expect(Object.isFrozen(top)).toBe(false);
  });
});

describe('interned', () => {
  it('gives an equal string, also after its bounded table was cleared', () => {
    const text = 'RUN apt-get install -y ca-certificates-bundle';
    expect(interned(text.slice(text.indexOf('ca-')))).toBe('ca-certificates-bundle');
    expect(interned('apt-get')).toBe('apt-get');
    for (let i = 0; i < 20_000; i++) expect(interned(`package-${i}`)).toBe(`package-${i}`);
    expect(interned(text.slice(4, 11))).toBe('apt-get');
  });
});

describe('detachStrings with interning', () => {
  it('replaces every string, short ones too, with an equal one', () => {
    const text = 'FROM debian:bookworm-slim';
    const value = { raw: text.slice(5), words: [{ value: text.slice(0, 4) }], count: 2 };
    detachStrings(value, true);
    expect(value).toEqual({ raw: 'debian:bookworm-slim', words: [{ value: 'FROM' }], count: 2 });
  });
});
