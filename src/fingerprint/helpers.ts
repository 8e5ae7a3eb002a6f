// Compiler- and bundler-emitted runtime helpers. TypeScript's CommonJS output starts most files with the same
// `__createBinding` / `__importStar` block, Babel inlines `_classCallCheck` and friends, esbuild `__toESM`: the same
// few hundred tokens in every project that uses the tool, written by the tool, not copied from anyone. Matching them
// would report any compiled TypeScript project as a copy of every compiled corpus package (a real case: a CycloneDX
// library build "matched" a source-available package through tsc's helpers alone). Their tokens are masked, and
// no fingerprint overlapping them is kept.
import { fnvString } from './hash.js';
import type { TokenStream } from './lex/lexer.js';

/** Helper names emitted by tsc / tslib, Babel, esbuild, SWC and Rollup, as they appear in their output. */
const HELPER_NAMES = new Set([
  // tsc, tslib
  '__extends',
  '__assign',
  '__rest',
  '__decorate',
  '__param',
  '__esDecorate',
  '__runInitializers',
  '__propKey',
  '__setFunctionName',
  '__metadata',
  '__awaiter',
  '__generator',
  '__createBinding',
  '__exportStar',
  '__values',
  '__read',
  '__spread',
  '__spreadArrays',
  '__spreadArray',
  '__await',
  '__asyncGenerator',
  '__asyncDelegator',
  '__asyncValues',
  '__makeTemplateObject',
  '__setModuleDefault',
  '__importStar',
  '__importDefault',
  '__classPrivateFieldGet',
  '__classPrivateFieldSet',
  '__classPrivateFieldIn',
  '__addDisposableResource',
  '__disposeResources',
  '__rewriteRelativeImportExtension',
  // esbuild
  '__defProp',
  '__defProps',
  '__getOwnPropDesc',
  '__getOwnPropDescs',
  '__getOwnPropNames',
  '__getOwnPropSymbols',
  '__getProtoOf',
  '__hasOwnProp',
  '__propIsEnum',
  '__defNormalProp',
  '__spreadValues',
  '__spreadProps',
  '__objRest',
  '__export',
  '__copyProps',
  '__reExport',
  '__toESM',
  '__toCommonJS',
  '__commonJS',
  '__esm',
  '__name',
  '__publicField',
  '__require',
  '__async',
  // Babel, SWC, Rollup
  '_interopRequireDefault',
  '_interopRequireWildcard',
  '_getRequireWildcardCache',
  '_interopNamespace',
  '_interopNamespaceDefault',
  '_interopDefaultLegacy',
  '_mergeNamespaces',
  '_classCallCheck',
  '_createClass',
  '_defineProperties',
  '_defineProperty',
  '_inherits',
  '_inheritsLoose',
  '_possibleConstructorReturn',
  '_assertThisInitialized',
  '_getPrototypeOf',
  '_setPrototypeOf',
  '_isNativeReflectConstruct',
  '_createSuper',
  '_wrapNativeSuper',
  '_isNativeFunction',
  '_construct',
  '_typeof',
  '_extends',
  '_objectSpread',
  '_objectSpread2',
  '_ownKeys',
  '_objectWithoutProperties',
  '_objectWithoutPropertiesLoose',
  '_slicedToArray',
  '_toConsumableArray',
  '_arrayWithHoles',
  '_arrayWithoutHoles',
  '_iterableToArray',
  '_iterableToArrayLimit',
  '_unsupportedIterableToArray',
  '_arrayLikeToArray',
  '_nonIterableRest',
  '_nonIterableSpread',
  '_createForOfIteratorHelper',
  '_createForOfIteratorHelperLoose',
  '_asyncToGenerator',
  'asyncGeneratorStep',
  '_regeneratorRuntime',
  '_toPropertyKey',
  '_toPrimitive',
  '_taggedTemplateLiteral',
  '_taggedTemplateLiteralLoose',
  '_classPrivateFieldGet',
  '_classPrivateFieldSet',
  '_classPrivateFieldInitSpec',
  '_checkPrivateRedeclaration',
  '_classApplyDescriptorGet',
  '_classApplyDescriptorSet',
  '_classExtractFieldDescriptor',
  '_readOnlyError',
  '_superPropBase',
  '_get',
]);

const NAME_MIN = Math.min(...[...HELPER_NAMES].map((n) => n.length));
const NAME_MAX = Math.max(...[...HELPER_NAMES].map((n) => n.length));
const NAME_FIRST = new Set([...HELPER_NAMES].map((n) => n.charCodeAt(0)));

/** Exact-channel token hashes of the tokens the helper shapes are made of (one argument: `map` passes more). */
const H = (s: string) => fnvString(s);
const VAR = H('var');
const LET = H('let');
const CONST = H('const');
const FUNCTION = H('function');
const OPEN_PAREN = H('(');
const CLOSE_PAREN = H(')');
const OPEN_BRACE = H('{');
const CLOSE_BRACE = H('}');
const OPEN_BRACKET = H('[');
const OR = H('||');
const OPEN = new Set([OPEN_PAREN, OPEN_BRACKET, OPEN_BRACE]);
const CLOSE = new Set([CLOSE_PAREN, H(']'), CLOSE_BRACE]);
/** Tokens that continue an expression onto the next token: the statement has not ended before them. */
const CONTINUES = new Set(
  [
    '||',
    '&&',
    '??',
    '?',
    ':',
    '.',
    '?.',
    '(',
    '[',
    '{',
    ',',
    '=>',
    '=',
    '+',
    '-',
    '*',
    '/',
    '!',
    'instanceof',
    'in',
  ].map(H),
);

/** Languages whose build tools emit these helpers. */
const LANGUAGES = new Set(['javascript', 'typescript']);

/**
 * Token ranges [start, end) of emitted helper definitions (`var __importStar = …`, `function _classCallCheck(…) {…}`)
 * in a JavaScript or TypeScript token stream; none for other languages.
 */
export function helperRegions(text: string, tokens: TokenStream, language: string): Array<[number, number]> {
  if (!LANGUAGES.has(language)) return [];
  const out: Array<[number, number]> = [];
  const n = tokens.count;
  const exact = tokens.exact;
  for (let i = 0; i + 1 < n; i++) {
    // plain comparisons: this loop sees every token of every JavaScript file
    const h = exact[i]!;
    if (h !== OPEN_PAREN && h !== VAR && h !== LET && h !== CONST && h !== FUNCTION) continue;
    if (h === OPEN_PAREN) {
      const end = compiledEnumEnd(tokens, i);
      if (end > i) {
        out.push([i, end]);
        i = end - 1;
      }
      continue;
    }
    const nameAt = i + 1;
    const start = tokens.starts[nameAt]!;
    const length = tokens.ends[nameAt]! - start;
    // cheap rejections before slicing the name out of the text: most declarations name no helper
    if (length < NAME_MIN || length > NAME_MAX || !NAME_FIRST.has(text.charCodeAt(start))) continue;
    if (!HELPER_NAMES.has(text.slice(start, start + length))) continue;
    const end = statementEnd(tokens, nameAt + 1, exact[i] === FUNCTION);
    out.push([i, end]);
    i = end - 1;
  }
  return out;
}

/**
 * End (exclusive) of the statement whose tokens continue at `from` (`;` is not a token): a function's closing brace,
 * or, for a declaration, the first token at bracket depth 0 that starts something new: on a new line, or after a
 * closed bracket group, and neither it nor the token before it continues an expression.
 */
function statementEnd(tokens: TokenStream, from: number, isFunction: boolean): number {
  const { exact, startLines, endLines, count: n } = tokens;
  let depth = 0;
  let opened = false;
  let body = false;
  for (let j = from; j < n; j++) {
    const h = exact[j]!;
    if (depth === 0 && !CONTINUES.has(h) && !CONTINUES.has(exact[j - 1]!)) {
      if (!isFunction && (opened || startLines[j]! > endLines[j - 1]!)) return j;
      // a declaration without a body (`declare function __awaiter(…): any;`) ends at its line
      if (isFunction && !body && opened && startLines[j]! > endLines[j - 1]!) return j;
    }
    if (h === OPEN_BRACE && depth === 0) body = true;
    if (OPEN.has(h)) {
      depth++;
      opened = true;
    } else if (CLOSE.has(h)) {
      depth--;
      if (depth < 0) return j; // the enclosing block ends
      if (depth === 0 && isFunction && h === CLOSE_BRACE) return j + 1;
    }
  }
  return n;
}

/**
 * tsc's emitted enum: `(function (E) { E[E["A"] = 0] = "A"; … })(E || (exports.E = E = {}));`. Every compiled enum
 * has this shape, so its renamed (abstract) form matches any other enum of the same size. Only bodies made of
 * `E[…] = …` assignments count (the same wrapper around a namespace holds real code). Returns the end of the
 * construct, or `at` when there is none at `at`.
 */
function compiledEnumEnd(tokens: TokenStream, at: number): number {
  const { exact, count: n } = tokens;
  if (at + 7 >= n || exact[at + 1] !== FUNCTION || exact[at + 2] !== OPEN_PAREN || exact[at + 4] !== CLOSE_PAREN)
    return at;
  if (exact[at + 5] !== OPEN_BRACE || exact[at + 6] !== exact[at + 3] || exact[at + 7] !== OPEN_BRACKET) return at;
  const name = exact[at + 3]!;
  // the body's closing brace, then `) ( E ||`
  const j = closing(tokens, at + 5);
  if (j + 4 >= n || exact[j + 1] !== CLOSE_PAREN || exact[j + 2] !== OPEN_PAREN || exact[j + 3] !== name) return at;
  if (exact[j + 4] !== OR) return at;
  // the argument list's closing parenthesis
  const k = closing(tokens, j + 2);
  return k < n ? k + 1 : at;
}

/** Index of the bracket closing the one opened at `open` (the token count when it is never closed). */
function closing(tokens: TokenStream, open: number): number {
  const { exact, count: n } = tokens;
  let depth = 0;
  for (let j = open; j < n; j++) {
    if (OPEN.has(exact[j]!)) depth++;
    else if (CLOSE.has(exact[j]!) && --depth === 0) return j;
  }
  return n;
}

/** Marks every token inside a helper region (1), for the fingerprint channels to skip. */
export function helperMask(text: string, tokens: TokenStream, language: string): Uint8Array | undefined {
  const regions = helperRegions(text, tokens, language);
  if (regions.length === 0) return undefined;
  const mask = new Uint8Array(tokens.count);
  for (const [s, e] of regions) mask.fill(1, s, e);
  return mask;
}
