// Keyword tables per language (data). Keywords stay in the abstract channel while identifiers become `I`, so a
// word belongs here when renaming code would never change it: reserved words, literals like `true`/`null`, and
// built-in type names that are keywords in that language.

const C = `auto break case char const continue default do double else enum extern float for goto if inline int long
register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool
_Complex _Atomic _Static_assert _Noreturn _Alignas _Alignof _Thread_local bool true false NULL nullptr`;

const CPP = `${C} alignas alignof and and_eq asm catch char8_t char16_t char32_t class compl concept consteval constexpr
constinit const_cast co_await co_return co_yield decltype delete dynamic_cast explicit export friend mutable namespace
new noexcept not not_eq operator or or_eq private protected public reinterpret_cast requires static_assert
static_cast template this thread_local throw try typeid typename using virtual wchar_t xor xor_eq override final`;

const OBJC = `${C} id self super nil Nil YES NO SEL BOOL IMP instancetype @interface @implementation @end @property
@protocol @selector @synthesize @class @autoreleasepool`;

const CSHARP = `abstract as base bool break byte case catch char checked class const continue decimal default delegate do
double else enum event explicit extern false finally fixed float for foreach goto if implicit in int interface internal
is lock long namespace new null object operator out override params private protected public readonly ref return sbyte
sealed short sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked unsafe
ushort using virtual void volatile while add alias ascending async await by descending dynamic equals from get global
group init into join let nameof notnull on orderby partial record remove select set unmanaged value var when where
with yield`;

const GO = `break case chan const continue default defer else fallthrough for func go goto if import interface map
package range return select struct switch type var true false nil iota bool byte complex64 complex128 error float32
float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any append cap close copy
delete len make new panic print println recover`;

const JAVA = `abstract assert boolean break byte case catch char class const continue default do double else enum extends
final finally float for goto if implements import instanceof int interface long native new package private protected
public return short static strictfp super switch synchronized this throw throws transient try void volatile while
true false null var record sealed permits yield non-sealed String Object`;

const KOTLIN = `as break class continue do else false for fun if in interface is null object package return super this
throw true try typealias typeof val var when while by catch constructor delegate dynamic field file finally get import
init param property receiver set setparam where actual abstract annotation companion const crossinline data enum
expect external final infix inline inner internal lateinit noinline open operator out override private protected
public reified sealed suspend tailrec vararg it Int Long String Boolean Unit Any Double Float`;

const SCALA = `abstract case catch class def do else extends false final finally for forSome if implicit import lazy
match new null object override package private protected return sealed super this throw trait try true type val var
while with yield given using enum export then end Int Long String Boolean Unit Any Double`;

const GROOVY = `${JAVA} def as in trait it`;

const DART = `abstract as assert async await break case catch class const continue covariant default deferred do
dynamic else enum export extends extension external factory false final finally for Function get hide if implements
import in interface is late library mixin new null on operator part required rethrow return set show static super
switch sync this throw true try typedef var void while with yield int double String bool num`;

const JAVASCRIPT = `await break case catch class const continue debugger default delete do else export extends false
finally for function if import in instanceof let new null return super switch this throw true try typeof var void while
with yield async of static get set undefined NaN Infinity arguments`;

const TYPESCRIPT = `${JAVASCRIPT} abstract any as asserts bigint boolean declare enum implements infer interface is keyof
module namespace never number object private protected public readonly require satisfies string symbol type unique
unknown override accessor`;

const PYTHON = `False None True and as assert async await break class continue def del elif else except finally for
from global if import in is lambda nonlocal not or pass raise return try while with yield match case self cls print
len range int str float bool list dict set tuple`;

const RUST = `as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod
move mut pub ref return self Self static struct super trait true type union unsafe use where while i8 i16 i32 i64
i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec Option Some None Result Ok Err Box`;

const SWIFT = `associatedtype class deinit enum extension fileprivate func import init inout internal let open operator
private precedencegroup protocol public rethrows static struct subscript typealias var break case catch continue
default defer do else fallthrough for guard if in repeat return throw switch where while Any as await false is nil
self Self super throws true try async actor some any mutating nonmutating override final lazy weak unowned convenience
required dynamic optional get set willSet didSet Int String Bool Double Float Void`;

const PHP = `abstract and array as break callable case catch class clone const continue declare default do echo else
elseif empty enddeclare endfor endforeach endif endswitch endwhile enum eval exit extends final finally fn for foreach
function global goto if implements include include_once instanceof insteadof interface isset list match namespace new
or print private protected public readonly require require_once return static switch throw trait try unset use var
while xor yield true false null TRUE FALSE NULL self parent $this int string bool float void mixed`;

const RUBY = `BEGIN END alias and begin break case class def defined? do else elsif end ensure false for if in module next
nil not or redo rescue retry return self super then true undef unless until when while yield __FILE__ __LINE__
__method__ attr_accessor attr_reader attr_writer require require_relative include extend private protected public
raise puts lambda proc new`;

const SHELL = `if then else elif fi case esac for while until do done in function select time return exit local export
readonly declare echo printf set unset shift break continue`;

const PERL = `my our local sub if elsif else unless while until for foreach do last next redo return use no package
require and or not eq ne lt gt le ge cmp print undef`;

const LUA = `and break do else elseif end false for function goto if in local nil not or repeat return then true until
while self`;

const SQL = `select from where and or not insert into values update set delete create table drop alter index join left
right inner outer on as group by order having limit offset union all distinct null is in like between case when then
else end primary key foreign references default SELECT FROM WHERE AND OR NOT INSERT INTO VALUES UPDATE SET DELETE
CREATE TABLE DROP ALTER INDEX JOIN LEFT RIGHT INNER OUTER ON AS GROUP BY ORDER HAVING LIMIT OFFSET UNION ALL DISTINCT
NULL IS IN LIKE BETWEEN CASE WHEN THEN ELSE END PRIMARY KEY FOREIGN REFERENCES DEFAULT`;

function words(list: string): ReadonlyArray<string> {
  return list.split(/\s+/).filter((w) => w.length > 0);
}

/** Language id → its keywords. Languages without a row use no keywords (every word is an identifier). */
export const KEYWORDS: Readonly<Record<string, ReadonlyArray<string>>> = {
  c: words(C),
  cpp: words(CPP),
  objc: words(OBJC),
  csharp: words(CSHARP),
  go: words(GO),
  java: words(JAVA),
  kotlin: words(KOTLIN),
  scala: words(SCALA),
  groovy: words(GROOVY),
  dart: words(DART),
  javascript: words(JAVASCRIPT),
  typescript: words(TYPESCRIPT),
  python: words(PYTHON),
  rust: words(RUST),
  swift: words(SWIFT),
  php: words(PHP),
  ruby: words(RUBY),
  shell: words(SHELL),
  perl: words(PERL),
  lua: words(LUA),
  sql: words(SQL),
  solidity: words(`${JAVASCRIPT} contract pragma address uint256 mapping emit event modifier payable view pure`),
};
