"""The Jinja environment shared by the site and the PDFs: themes as an ordered list of
template folders (a user theme overrides single templates, the default theme fills in),
autoescaping on, and the filters every template may use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import BuiltinFunctionType, BuiltinMethodType, FunctionType, MethodType
from typing import Any, cast

import markupsafe
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, meta, nodes, select_autoescape
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, Macro, markup_join
from jinja2.utils import missing
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from builder.catalogue import Catalogue, format_number, format_score, load_catalogue
from builder.fiscal import parse_iso
from builder.model import Text
from builder.richtext import render_markdown


def about(text: str) -> dict[str, str]:
    """Field metadata of a template's context object: the help text theme authors read in
    docs/themes.md (pages) and docs/printing.md (print); tests fail on a field without it."""
    return {"help": text}


def template_folders(themes: Sequence[Path], kind: str) -> list[str]:
    """`kind` is `templates` (site pages) or `print` (PDF documents)."""
    return [str(theme / kind) for theme in themes if (theme / kind).is_dir()]


def make_environment(
    themes: Sequence[Path], kind: str, lang: str, catalogue: Catalogue | None = None, reload: bool = True
) -> Environment:
    """`catalogue`: the run's words (default: read from `themes`). `reload`: a template
    whose file changed is compiled again (an environment kept while its files may
    change); off, each page's templates are not looked at on disk again (the site's
    environments, made for one build: a page's template, the one it extends and the one
    it imports are three `stat`s)."""
    words = catalogue or load_catalogue(themes)
    env = _WordsEnvironment(
        words,
        lang,
        loader=FileSystemLoader(template_folders(themes, kind)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=reload,
    )
    env.globals["lang"] = lang
    env.globals["_"] = _WordsIn(words, lang).text  # a method: templates call it without Jinja's checks
    env.globals["cached"] = FragmentCache()
    env.filters[WORD_AFTER] = _word_after(words, lang)
    env.globals["part"] = PageParts()
    env.filters["t"] = lambda text: text.get(lang) if isinstance(text, Text) else (text or "")
    env.filters["md"] = lambda text: render_markdown(text.get(lang) if isinstance(text, Text) else (text or ""))
    env.filters["date"] = lambda value, short=False: _date(value, words, lang, short)
    env.filters["fy"] = lru_cache(maxsize=64)(lambda year: words.fiscal_year(int(year), lang))
    env.filters["num"] = _number
    env.filters["score"] = _formatted_score
    env.filters["month"] = lambda day: words.month(day, lang)
    env.filters["month_name"] = lambda day: words.month_name(day, lang)
    env.filters["calendar_year"] = lambda year: words.calendar_year(int(year), lang)
    env.filters["baht"] = _baht
    env.filters["quantity"] = lambda value, unit, site: quantity(
        value, unit.get(lang) if isinstance(unit, Text) else (unit or ""), site.units_before_number
    )
    return env


# parameter types whose equal values fill an entry in alike (unlike 1.0 and -0.0, or
# Decimal("1.0") and Decimal("1.00")): an entry filled with them is kept
_KEPT_PARAMETERS = frozenset({str, int, Text})
WORDS_KEPT = 4096  # filled-in entries kept per language (a page's are mostly the same few)


class _WordsIn:
    """`_('key', **params)` in templates: the catalogue's entry in one language, filled in.
    Entries filled in with strings, numbers and content texts are kept: the same
    `criteria.level` of 1 to 5 comes back a dozen times on every KPI page, and filling
    one in costs ten times looking it up."""

    __slots__ = ("_filled", "lang", "words")

    def __init__(self, words: Catalogue, lang: str) -> None:
        self.words, self.lang = words, lang
        self._filled: dict[tuple[object, ...], str] = {}

    def text(self, key: str, /, **params: Any) -> str:
        if not params:
            return self.words.text(key, self.lang)
        for value in params.values():
            if type(value) not in _KEPT_PARAMETERS:
                return self.words.text(key, self.lang, **params)
        found = (key, *params.items())
        text = self._filled.get(found)
        if text is None:
            if len(self._filled) >= WORDS_KEPT:
                self._filled.clear()
            text = self._filled[found] = self.words.text(key, self.lang, **params)
        return text


class _QuickCallContext(Context):
    """A template context whose most frequent calls skip the generic call's checks of
    what to pass in (Jinja's `Context.call` asks each callable, and its `__call__`, for
    `jinja_pass_arg` before calling):
    - a macro given positional arguments only (`{{ m.kpi_link(ref) }}`) goes straight to
      the macro's function, the missing arguments left for their defaults as Jinja's
      `Macro.__call__` leaves them, the result marked safe when autoescaping as
      `Macro._invoke` does: two thirds of a macro call's cost;
    - a plain function or method that takes nothing from the context (`_(...)`,
      `links.kpi(...)`) is called as Jinja would call it.
    The output is the same; every other call (keywords, `caller`, `*varargs`,
    `**kwargs` of a macro, callable objects, functions marked `pass_context`...) takes
    Jinja's own path."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is Macro and not (__obj.catch_kwargs or __obj.catch_varargs or __obj.caller):
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            expected = __obj._argument_count
            if not kwargs and len(args) <= expected:
                if len(args) < expected:
                    args += (missing,) * (expected - len(args))
                html = __obj._func(*args)
                return _as_markup(Markup, html) if __self.eval_ctx.autoescape else html
        elif kind in _PLAIN_CALLABLES and _passes_nothing(__obj, kind):
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Jinja's `Context.call`
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


_PLAIN_CALLABLES = (FunctionType, MethodType, BuiltinFunctionType, BuiltinMethodType)


def _passes_nothing(obj: Any, kind: type) -> bool:
    """Whether a function or method takes nothing from the context (no `pass_context`
    and the like). Asked of a method, `getattr` looks through to its function and
    raises (and catches) an `AttributeError` each time: the answer is kept per
    function (a page calls the same few, `links.kpi`, `_`, hundreds of times)."""
    function = obj.__func__ if kind is MethodType else obj
    if kind is MethodType or kind is FunctionType:
        plain = _PASSING_NOTHING.get(function)
        if plain is None:
            if len(_PASSING_NOTHING) >= FUNCTIONS_KEPT:
                _PASSING_NOTHING.clear()
            plain = _PASSING_NOTHING[function] = getattr(function, "jinja_pass_arg", None) is None
        return plain
    return getattr(obj, "jinja_pass_arg", None) is None


FUNCTIONS_KEPT = 1024
_PASSING_NOTHING: dict[object, bool] = {}

# `Markup(text)` for a `str` that is already the markup (a macro's or a block's output):
# the same object without `Markup.__new__`, in Python, which looks for `__html__` (the
# constructor cost five times the copy; a page wraps a few dozen macro outputs)
_as_markup = str.__new__


# markupsafe 3's escaping in C, which its `escape` wraps in a `Markup` (markupsafe 2 has
# no such function: its `escape` is all in C)
_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)


def _escape_text(value: Any) -> str:
    """`markupsafe.escape` for a page's output, where the escaped text is only joined into
    the page: a plain `str` is escaped by markupsafe's C core and not wrapped in a
    `Markup` object (whose constructor, in Python, cost more than the escaping); a
    `Markup` (a macro's output, a chart) is already the text `escape` would copy it into,
    and a plain `int` or `float` is digits, signs and letters that need no escaping; any
    other value goes through `escape` itself."""
    kind = type(value)
    if kind is str and _escape_inner is not None:
        return _escape_inner(value)
    if kind is Markup:
        return cast("Markup", value)
    if kind is int or kind is float:
        return str(value)
    return escape(value)


class _QuickCodeGenerator(CodeGenerator):
    """Jinja's code generator, but each `{{ value }}` a template writes out is escaped by
    `_escape_text` instead of `escape`: the same characters reach the page (output only
    ever goes into the page's text or into a block, macro or `set` whose text Jinja
    marks safe as a whole), without a `Markup` object per value."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import _escape_text")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src is not None:
            super()._output_child_pre(node, frame, finalize)
        else:
            self.write("_escape_text(")

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        """`obj.name` as the builtin `getattr(obj, "name", missing)`, falling back to
        Jinja's `environment.getattr` (an item, else undefined) only when the object has
        no such attribute: the same value, without a Python call per attribute (a page
        reads hundreds; `Environment.getattr` was 5% of a page writer's time)."""
        if self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        # the object is evaluated once (held for the fallback), its attribute read once
        value, owner = self.temporary_identifier(), self.temporary_identifier()
        self.write(f"({value} if ({value} := getattr(({owner} := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing else environment.getattr({owner}, {node.attr!r}))")


class _ImportedOnceTemplate(Template):
    """A template imported (`{% import "macros.html" as m %}`) as the one module kept
    for it when it reads no variable but the environment's globals.

    On each import, on every page, Jinja compares the globals of the importing template
    with those of the imported one (a difference of two `ChainMap`s' keys, looked up in
    Python: ~2% of a large build) to make a module that sees any extra ones. A template
    that reads only the environment's globals is the same module either way; one that
    reads another variable takes Jinja's path."""

    # the template's tree as the environment parsed it, until its first import looks at it
    _parsed: nodes.Template | None = None
    _reads_page_variables: bool | None = None

    @classmethod
    def from_code(cls, environment: Environment, code: Any, globals: Any, uptodate: Any = None) -> Template:
        template = super().from_code(environment, code, globals, uptodate)
        parsed = getattr(environment, "parsed", {})
        if isinstance(template, _ImportedOnceTemplate) and template.name is not None:
            template._parsed = parsed.pop(template.name, None)
        return template

    @property
    def reads_page_variables(self) -> bool:
        """Looked at when the template is first imported, not when it compiles: a build
        compiles a dozen templates and imports one, and the look (Jinja's search for
        undeclared names runs its code generator over the tree) costs as much as half a
        compile. Without the tree (a template not compiled by the environment), yes."""
        if self._reads_page_variables is None:
            parsed, self._parsed = self._parsed, None
            self._reads_page_variables = parsed is None or _reads_page_variables(parsed, self.environment.globals)
        return self._reads_page_variables

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        return super()._get_default_module(ctx if self.reads_page_variables else None)


class _WordsEnvironment(Environment):
    """An environment of one language whose templates have the catalogue's fixed words
    written in when they compile: `{{ _('kpi.id') }}` (an entry without parameters) is
    the same text on every page, so it becomes part of the template's text instead of a
    call, a lookup and an escape on each page. Its templates' most frequent calls take a
    short path (`_QuickCallContext`), and what they write out is escaped without a
    `Markup` object per value (`_QuickCodeGenerator`)."""

    context_class = _QuickCallContext
    code_generator_class = _QuickCodeGenerator
    template_class = _ImportedOnceTemplate

    def __init__(self, words: Catalogue, lang: str, **options: Any) -> None:
        super().__init__(**options)
        self.words, self.words_lang = words, lang
        self.parsed: dict[str, nodes.Template] = {}  # template name -> its tree, until it is made a template
        self.references: dict[str, tuple[str, ...]] = {}  # template -> those it extends, imports, includes
        self.imported: set[str] = set()  # templates some template imports

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        template = super()._parse(source, name, filename)
        folded = _FixedWords(self.words, self.words_lang).visit(template)
        assert isinstance(folded, nodes.Template)
        if name is not None:
            self.parsed[name] = folded
            self.references[name] = tuple(n for n in meta.find_referenced_templates(folded) if n is not None)
        for node in folded.find_all((nodes.Import, nodes.FromImport)):
            imported = cast("nodes.Import | nodes.FromImport", node).template
            if isinstance(imported, nodes.Const):
                self.imported.add(imported.value)
        return folded


def compile_templates(env: Environment, names: Iterable[str]) -> None:
    """Compile these templates, every template they extend, import or include (by a name
    written in them), and settle for each imported one whether it reads a page's
    variables: all of it once, before forking the page writers, so that they share the
    compiled templates rather than each compiling the frame and the macros again."""
    references: dict[str, tuple[str, ...]] = getattr(env, "references", {})
    to_compile, compiled = list(names), set()
    while to_compile:
        name = to_compile.pop()
        if name not in compiled:
            compiled.add(name)
            env.get_template(name)
            to_compile.extend(references.get(name, ()))
    for name in getattr(env, "imported", set()) & compiled:
        template = env.get_template(name)
        if isinstance(template, _ImportedOnceTemplate):
            template.reads_page_variables  # noqa: B018 - looked at now, not in each worker


class _FixedWords(NodeTransformer):
    """`_('key')` with a constant key and no parameters -> the entry's text, as a constant
    (Jinja then escapes it once, at compile time). Not inside a macro or template that
    assigns to `_` (`{% set _ = list.append(x) %}`): there `_` may not be the catalogue."""

    def __init__(self, words: Catalogue, lang: str) -> None:
        self.words, self.lang = words, lang

    def visit_Template(self, node: nodes.Template) -> nodes.Node:
        outside_macros = [n for n in node.body if not isinstance(n, nodes.Macro)]
        if any(_assigns_words(n) for n in outside_macros):
            return node
        return self.generic_visit(node)

    def visit_Macro(self, node: nodes.Macro) -> nodes.Node:
        return node if _assigns_words(node) else self.generic_visit(node)

    def visit_Call(self, call: nodes.Call) -> nodes.Node:
        node = self.generic_visit(call)
        if (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name == "_"
            and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)
            and not node.kwargs
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return nodes.Const(self.words.text(node.args[0].value, self.lang), lineno=node.lineno)
        prefixed = _prefixed_key(node)
        if prefixed is not None:
            prefix, value = prefixed
            return nodes.Filter(value, WORD_AFTER, [nodes.Const(prefix)], [], None, None, lineno=node.lineno)
        return node


WORD_AFTER = "_word_after"  # the filter `_('prefix.' ~ value)` becomes


def _word_after(words: Catalogue, lang: str) -> Callable[[Any, str], str]:
    """`_('kpi.kind.' ~ kpi.kind)` as `kpi.kind|_word_after('kpi.kind.')`: the same
    entry, without joining the key as markup (Jinja's `~` looks at each part for
    `__html__`) and without the call's checks; a dozen on every KPI page."""

    def word(value: Any, prefix: str) -> str:
        return words.text(prefix + value if type(value) is str else markup_join((prefix, value)), lang)

    return word


def _prefixed_key(node: nodes.Node) -> tuple[str, nodes.Expr] | None:
    """For `_('prefix' ~ value)`: the prefix and the value, when joining them as
    markup gives the same key as joining them as text (the prefix has no character
    that escaping changes)."""
    if not (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "_"
        and len(node.args) == 1
        and not node.kwargs
        and node.dyn_args is None
        and node.dyn_kwargs is None
    ):
        return None
    key = node.args[0]
    if not (isinstance(key, nodes.Concat) and len(key.nodes) == 2 and isinstance(key.nodes[0], nodes.Const)):
        return None
    prefix = key.nodes[0].value
    if not isinstance(prefix, str) or any(c in prefix for c in "<>&'\""):
        return None
    return prefix, key.nodes[1]


def _reads_page_variables(template: nodes.Template, env_globals: Any) -> bool:
    """Whether the template reads a variable it neither sets nor has from the
    environment's globals (one a page could hand it)."""
    read = {n.name for n in template.find_all(nodes.Name) if n.ctx == "load"}
    return bool((meta.find_undeclared_variables(template) & read) - set(env_globals))


def _assigns_words(node: nodes.Node) -> bool:
    return any(n.name == "_" and n.ctx != "load" for n in node.find_all(nodes.Name))


class FragmentCache:
    """`{% call cached(key) %}...{% endcall %}`: the block's output, rendered once for
    consecutive pages giving an equal `key` (the key must name all the block depends on;
    a few recent keys are kept, as pages sharing a fragment are written one after another)."""

    KEPT = 8

    def __init__(self) -> None:
        self._fragments: dict[object, Markup] = {}

    def __call__(self, key: object, caller: Callable[[], str]) -> Markup:
        fragment = self._fragments.get(key)
        if fragment is None:
            if len(self._fragments) >= self.KEPT:
                self._fragments.clear()
            fragment = self._fragments[key] = _as_markup(Markup, caller())
        return fragment


class PageParts:
    """`{% call part(key, value) %}...{% endcall %}`: a part of an organisation-wide page
    (one unit's rows of thousands) that `kpibook serve` renders again only when `value`
    differs from the value it was rendered from when the same page was last written.
    `value` must hold all the block shows besides the environment's words and the
    page's own place (its path, language and year); `key` names the part in its page.

    A build renders every part (`keeping` off, nothing kept); serve turns `keeping` on
    and writes each page inside `page(path)`, so a part is only reused on the page it
    was made for, and the parts a page no longer has are forgotten."""

    def __init__(self) -> None:
        self.keeping = False
        self._kept: dict[str, dict[object, tuple[object, Markup]]] = {}  # page -> key -> (value, output)
        self._before: dict[object, tuple[object, Markup]] | None = None  # the page being written, as last written
        self._now: dict[object, tuple[object, Markup]] = {}
        self.rendered = 0  # parts rendered while keeping (for tests and the benchmark)

    @contextmanager
    def page(self, path: str) -> Iterator[None]:
        """Parts used while writing the page at `path` are kept for its next writing."""
        self._before, self._now = self._kept.pop(path, {}), {}
        try:
            yield
        finally:
            self._kept[path], self._before = self._now, None

    def __call__(self, key: object, value: object, caller: Callable[[], str]) -> Markup:
        if not self.keeping or self._before is None:
            return Markup(caller())
        found = self._before.get(key)
        if found is not None and found[0] == value:
            output = found[1]
        else:
            output = Markup(caller())
            self.rendered += 1
        self._now[key] = (value, output)
        return output


def page_parts(env: Environment) -> PageParts:
    parts = env.globals["part"]
    assert isinstance(parts, PageParts)
    return parts


def quantity(value: float | Decimal | None, unit: str, before_number: Sequence[str]) -> str:
    """A number with its unit of measure in the reader's order: "ร้อยละ 86" and
    "ร้อยละ 70 ของแปลง" when the unit begins with a word of `before_number`
    (site.yaml `units_before_number`), else "417 กก./ไร่"."""
    number = _number(value)
    unit = unit.strip()
    for word in before_number:
        rest = unit[len(word) :]
        if unit.startswith(word) and not (rest[:1].isascii() and rest[:1].isalpha()):
            return " ".join(part for part in (word, number, rest.strip()) if part)
    return f"{number} {unit}" if unit else number


def _date(value: str | dt.date | None, words: Catalogue, lang: str, short: bool) -> str:
    day = parse_iso(value) if isinstance(value, str) or value is None else value
    return words.date(day, lang, short) if day else ""


def _number(value: float | Decimal | None) -> str:
    if value is None:
        return "–"
    return _formatted_number(float(value))


# the same few numbers (levels, weights, targets) come back on every page of a build
_formatted_number = lru_cache(maxsize=4096)(format_number)
_formatted_score = lru_cache(maxsize=4096)(format_score)


def _baht(value: Decimal | float | None) -> str:
    """An amount of money with thousands separators: 125,400,000 or 1,250.50."""
    if value is None:
        return "–"
    amount = Decimal(str(value))
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
