// What dockerfile-ast takes from vscode-languageserver-types (65 KB, a hundred namespaces): the
// `create` functions of Position and Range. The CLI bundle (scripts/bundle.mjs) puts this module in
// the package's place, as compiling and loading the whole of it cost every Dockerfile run about 3 ms
// of start-up. Each behaves as the package's own: test/perf/bundle.test.ts compares
// them on valid and invalid arguments. bundle.mjs fails the build if dockerfile-ast uses anything else.

const UINTEGER_MAX = 2147483647;
const isUinteger = (v) => Object.prototype.toString.call(v) === '[object Number]' && 0 <= v && v <= UINTEGER_MAX;
const isObject = (v) => v !== null && typeof v === 'object';

export const Position = {
  create(line, character) {
    return { line: line === Number.MAX_VALUE ? UINTEGER_MAX : line, character: character === Number.MAX_VALUE ? UINTEGER_MAX : character };
  },
  is(value) {
    return isObject(value) && isUinteger(value.line) && isUinteger(value.character);
  },
};

export const Range = {
  create(one, two, three, four) {
    if (isUinteger(one) && isUinteger(two) && isUinteger(three) && isUinteger(four)) return { start: Position.create(one, two), end: Position.create(three, four) };
    if (Position.is(one) && Position.is(two)) return { start: one, end: two };
    throw new Error(`Range#create called with invalid arguments[${one}, ${two}, ${three}, ${four}]`);
  },
  is(value) {
    return isObject(value) && Position.is(value.start) && Position.is(value.end);
  },
};
