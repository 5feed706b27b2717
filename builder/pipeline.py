"""The build, top to bottom: load → validate → assemble → check → score → redact → render → write.

Each step is one call into one module. Content problems are collected as diagnostics and
end the run with `ContentError` before anything is written; the output folder is replaced
only when every step succeeded.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from builder import progress
from builder.assemble import assemble_content
from builder.catalogue import load_catalogue
from builder.closing import History, check_closed_rounds
from builder.diagnostics import ContentError, Diagnostics, UsageError
from builder.document import Document
from builder.emblem import read_emblems
from builder.loader import MAX_FILE_BYTES, parse_bytes
from builder.model import Content
from builder.options import BuildOptions
from builder.reader import ParseCache, RawContent, read_content
from builder.resources import DEFAULT_THEME
from builder.rules.context import RuleContext
from builder.rules.incremental import RuleFindings, check_rules
from builder.schema import validate_content
from builder.scoring.scorecard import Scorebook
from builder.tree import ContentTree, FolderTree, Rel, WatchedTree
from builder.unit_pieces import UnitPieces

if TYPE_CHECKING:
    from jinja2 import Environment

    from builder.queries import Queries
    from builder.site.incremental import Update
    from builder.unit_facts import ChangedFacts


@dataclass
class SiteMemory:
    """What serve's builds keep for the rebuilds after an edit: the compiled templates of
    each language (made by the last full build; their `PageParts` hold the parts of the
    organisation pages last rendered) and what each organisation page, search index and
    the options were last written from (`builder.site.org_pages`)."""

    record: dict[object, object] = field(default_factory=dict)
    environments: dict[str, Environment] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteState:
    """What a site was rendered from: the published content and its scores; for the next
    `rebuild`, the files as parsed, every scorecard (unpublished ones too) and what each
    page written in place was made from (`kept`)."""

    content: Content
    scores: Scorebook
    scored: Scorebook | None = field(default=None, compare=False, repr=False)
    parsed: ParseCache | None = field(default=None, compare=False, repr=False)
    kept: SiteMemory = field(default_factory=SiteMemory, compare=False, repr=False)
    pieces: UnitPieces = field(default_factory=UnitPieces, compare=False, repr=False)
    findings: RuleFindings | None = field(default=None, compare=False, repr=False)
    watched: WatchedTree | None = field(default=None, compare=False, repr=False)  # the folder as last read


@dataclass
class Checked:
    content: Content | None
    diagnostics: Diagnostics
    declared_language: str = "en"  # site.yaml's first language, even when files fail
    findings: RuleFindings | None = None  # what the rules said, for the next check

    def language(self, options: BuildOptions) -> str:
        """The language to report in: --lang, else the site's (schema errors included)."""
        if options.lang:
            return options.lang
        return self.content.site.language if self.content is not None else self.declared_language


def load_and_check(
    options: BuildOptions,
    parsed: ParseCache | None = None,
    previous: RuleFindings | None = None,
    tree: ContentTree | None = None,
) -> Checked:
    """Read, validate and check the content folder; every diagnostic is collected.
    `parsed` keeps the files as parsed, for the next check to parse only what changed;
    `previous`, what the rules said last time, for them to look again only where an
    edit can change it (`builder.rules.incremental`); `tree`, the folder as serve
    watches it (`WatchedTree`)."""
    tree = tree if tree is not None else FolderTree(options.content)
    return check_tree(tree, options.today, options.themes, parsed=parsed, previous=previous)


def check_tree(
    tree: ContentTree,
    today: dt.date,
    themes: Sequence[Path] = (DEFAULT_THEME,),
    only_units: Collection[str] | None = None,
    parsed: ParseCache | None = None,
    previous: RuleFindings | None = None,
) -> Checked:
    """Read, validate and check a content tree (a folder or a git revision), or only
    some of its units with `only_units`; every diagnostic is collected. `parsed` lets
    two versions of a tree share the files they have in common; `previous` is what the
    rules said about an earlier version of the whole tree."""
    diags = Diagnostics()
    with cycle_collector_paused():
        assembled = assemble_tree(tree, themes, diags, only_units, parsed)
        if assembled.content is None:
            return Checked(None, diags, declared_language(assembled.raw))
        findings = check_assembled(assembled, today, diags, previous)
    return Checked(assembled.content, diags, assembled.content.site.language, findings)


@dataclass(frozen=True)
class Assembled:
    """A tree read, validated and assembled, before its cascade rules run: `content` is
    None when its files have errors (the rules need well-formed files)."""

    tree: ContentTree
    raw: RawContent
    content: Content | None
    only_units: Collection[str] | None = None


def assemble_tree(
    tree: ContentTree,
    themes: Sequence[Path],
    diags: Diagnostics,
    only_units: Collection[str] | None = None,
    parsed: ParseCache | None = None,
) -> Assembled:
    """Read, validate and assemble a tree (`check_tree`'s first half)."""
    raw = read_content(tree, diags, only_units, parsed)
    validate_content(raw, diags)
    if diags.has_errors():  # rules need well-formed files; report these first
        return Assembled(tree, raw, None, only_units)
    content = assemble_content(raw, diags, load_catalogue(themes))
    return Assembled(tree, raw, read_emblems(content, tree, diags), only_units)


def check_assembled(
    assembled: Assembled, today: dt.date, diags: Diagnostics, previous: RuleFindings | None = None
) -> RuleFindings:
    """The cascade rules and the closed rounds' checks over assembled content
    (`check_tree`'s second half); their diagnostics go to `diags`."""
    tree, raw, content = assembled.tree, assembled.raw, assembled.content
    assert content is not None, "only well-formed content is checked"
    unit_files = {f.doc.path: f.unit for f in raw.files if f.unit is not None}
    findings = check_rules(content, RuleContext(today, tree), diags, unit_files, previous)
    if content.closures:
        with certified_versions(tree) as history:
            check_closed_rounds(raw, content, history, diags, assembled.only_units)
    return findings


@contextmanager
def cycle_collector_paused(freeze: bool = True) -> Iterator[None]:
    """Reading a tree makes millions of small objects that stay (the documents, then the
    model) and no reference cycles; Python's cycle collector would walk all of them again
    each time their number grows by a quarter, which was half the time of `check` on a
    large tree. Objects freed by their reference counts are freed as always; with
    `freeze`, what is left at the end is frozen (never walked again), not walked once
    more on resuming. Without it (work whose objects do not outlast it, such as the
    organisation pages and indexes written beside the page workers), the few cycles are
    collected once the collector resumes."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            if freeze:
                gc.freeze()
            gc.enable()


def declared_language(raw: RawContent) -> str:
    """The first language site.yaml names, when it can be read at all; as the site
    defaults to Thai, so do its messages."""
    sites = [f.doc.data for f in raw.of_kind("site") if isinstance(f.doc.data, dict)]
    if not sites:
        return "en"
    languages = sites[0].get("languages")
    first = languages[0] if isinstance(languages, list) and languages else "th"
    return first if first in ("th", "en") else "th"


@contextmanager
def certified_versions(tree: ContentTree) -> Iterator[History]:
    """Files as they were at a closed round's revision (the git adapter)."""
    from builder.gitrepo import Revisions

    revisions = Revisions(tree.folder)

    def certified(revision: str, relative: Rel) -> Document | None:
        data = revisions.read(revision, relative, MAX_FILE_BYTES)
        return parse_bytes(data, tree.shown(relative), Diagnostics()) if data is not None else None

    try:
        yield certified
    finally:
        revisions.close()


def build(options: BuildOptions, on_wait: Callable[[], None] | None = None) -> Diagnostics:
    """Build the site, the JSON export and the PDFs into `options.out`; `on_wait` is called
    if another build is writing the same output folder and this one waits for it."""
    return build_all(options, on_wait)[1]


def build_all(
    options: BuildOptions, on_wait: Callable[[], None] | None = None, parsed: ParseCache | None = None
) -> tuple[SiteState, Diagnostics]:
    """`build`, also returning what the site was rendered from; given `parsed` (serve),
    also what `rebuild` needs to parse again only the files that changed and to write
    again only the pages whose facts changed."""
    # imported here so that `check` does not pay for loading Jinja and WeasyPrint
    from builder.export import export_json
    from builder.feeds import write_feeds
    from builder.output import build_staged, claimed_output
    from builder.pdf.render import render_pdfs
    from builder.pdf.seam import require_weasyprint
    from builder.sheets.scorecards import export_spreadsheets
    from builder.site.render import render_site

    if options.pdf:  # a WeasyPrint the PDF patches cannot work with: refused before anything is read or written
        require_weasyprint()
    options = with_stamp(options)
    # held from before the content is read: a build that fails leaves the output as it was
    with claimed_output(options.out_dir, on_wait):
        if parsed is None:  # a build that keeps nothing for the next one
            state, diags = _build_publishable(options)
        else:
            state, diags = _load_publishable(options, parsed)
        progress.checked(diags)
        if options.unit and options.unit not in state.content.units:
            raise UsageError("usage.unknown-build-unit", unit=options.unit)
        content, scores = state.content, state.scores
        serving = parsed is not None  # serve's build: keeps what the rebuilds need
        # each unit's parts of the organisation-wide outputs (made the same way, kept or not)
        pieces = state.pieces if serving else None

        def write(stage: Path) -> None:
            def other_outputs(queries: Queries) -> None:  # written while the page workers run
                progress.stage("progress.export")
                export_json(content, scores, stage, options, pieces=pieces, queries=queries)
                export_spreadsheets(content, scores, stage, options, state.pieces, queries)
                write_feeds(content, stage, options, queries)

            render_site(content, scores, stage, options, other_outputs, state.kept if serving else None, pieces)
            if options.pdf:
                render_pdfs(content, scores, stage, options, diags)
            if diags.has_errors():
                raise ContentError(diags, site_language(content, options))

        build_staged(options.out_dir, write, options.spare)
    return state, diags


def rebuild(
    options: BuildOptions, previous: SiteState, changed_paths: Iterable[Path] | None = None
) -> tuple[SiteState, Diagnostics, Update]:
    """After a change to the content (`kpibook serve`): only the folders and files the
    watcher reports in `changed_paths` are asked about again (all of them when it is
    None), only the files whose times say they may have changed are read again (and
    parsed again if their bytes did), the rules
    run again only around the units whose facts changed
    (`builder.rules.incremental`), only their scorecards and those rolled up from them
    are scored again, and only the pages whose inputs changed are written again, in place
    (`builder.site.incremental`); a change to the site file or the unit tree builds
    everything again."""
    from builder.output import claimed_output
    from builder.site.incremental import Update, changed_units

    options = with_stamp(options)
    if previous.watched is not None:
        previous.watched.forget(changed_paths)
    state, diags = _load_publishable(options, previous.parsed, previous)
    changed = changed_units(previous, state)
    update = Update(full=True)
    if changed is not None:
        with claimed_output(options.out_dir):  # pages are written in place: no build may swap the folder meanwhile
            # what did not change is taken from the last build
            state = replace(state, pieces=previous.pieces.carried_over(changed, state.content.units))
            update = _write_changes(previous, state, changed, options, diags)
    if update.full:
        state, diags = build_all(options, parsed=previous.parsed)
    return state, diags, update


def _write_changes(
    previous: SiteState, state: SiteState, changed: ChangedFacts, options: BuildOptions, diags: Diagnostics
) -> Update:
    """The rebuild's writing, in place: the pages whose inputs changed, and the exports
    and feeds again when some fact changed."""
    from builder.export import export_json
    from builder.feeds import write_feeds
    from builder.pdf.render import render_pdfs
    from builder.sheets.scorecards import export_spreadsheets
    from builder.site.incremental import units_touched, update_site

    out, content, scores, pieces = options.out_dir, state.content, state.scores, state.pieces
    touched = units_touched(content, changed)

    def indexes() -> None:  # they keep pieces for the next rebuild: written by this process
        export_json(content, scores, out, options, only_units=touched, pieces=pieces)
        export_spreadsheets(content, scores, out, options, pieces)

    update = update_site(
        previous,
        state,
        changed,
        out,
        options,
        with_pages=lambda: write_feeds(content, out, options),
        with_indexes=indexes,
    )
    if changed and options.pdf:
        render_pdfs(content, scores, out, options, diags)
    return update


def with_stamp(options: BuildOptions) -> BuildOptions:
    """The options with the revision every output is stamped with (the git adapter)."""
    if options.stamp is not None:
        return options
    from builder.stamping import resolve_stamp

    own_themes = tuple(t for t in options.themes if t != DEFAULT_THEME)
    stamp = resolve_stamp(options.content, own_themes, options.revision, options.build_date, today=options.today)
    return replace(options, stamp=stamp)


def _load_publishable(
    options: BuildOptions, parsed: ParseCache | None = None, previous: SiteState | None = None
) -> tuple[SiteState, Diagnostics]:
    """The checked content and its scores, with individuals' results removed unless
    published; a `ContentError` when the content has errors. What the `previous` build
    kept for the next one (what the rules said, every scorecard, what each page was
    written from) is reused where the content did not change."""
    from builder.privacy import publishable
    from builder.scoring.scorecard import score_content

    progress.stage("progress.check")
    if previous is not None and previous.watched is not None:
        watched: WatchedTree | None = previous.watched
    else:  # serve's build: the folder is watched from now on
        watched = WatchedTree(FolderTree(options.content)) if parsed is not None else None
    checked = load_and_check(options, parsed, previous.findings if previous else None, watched)
    if parsed is not None:
        parsed.forget_unused()
    if checked.content is None or checked.diagnostics.has_errors():
        raise ContentError(checked.diagnostics, checked.language(options))
    every = score_content(checked.content, previous.scored if previous else None)
    content, scores = publishable(checked.content, every)
    kept = previous.kept if previous else SiteMemory()
    state = SiteState(content, scores, every, parsed, kept, findings=checked.findings, watched=watched)
    return state, checked.diagnostics


def _build_publishable(options: BuildOptions) -> tuple[SiteState, Diagnostics]:
    """`_load_publishable` for a build that keeps nothing for the next one, checked and
    scored at the same time (`checked_and_scored`)."""
    from builder.privacy import publishable

    progress.stage("progress.check")
    checked, every = checked_and_scored(options)
    assert checked.content is not None
    content, scores = publishable(checked.content, every)
    return SiteState(content, scores, every), checked.diagnostics


def checked_and_scored(options: BuildOptions) -> tuple[Checked, Scorebook]:
    """A build's check and scoring, with the cascade rules in a forked process while this
    one scores (`builder.alongside`), where there is more than one core to build with.
    The rules only say what is wrong and a build needs nothing else from them, so they
    need not hold up the rest (at 2,000 units about 3 CPU-s of the 25 the build's
    process spends alone before the page workers start). Their diagnostics come back, all of them, in
    the order the rules found them; content with errors is not built (`ContentError`),
    whatever happened to its scoring meanwhile (the rules' diagnostics are what the user
    is told, not a failure of scoring on content they reject)."""
    from builder.alongside import alongside, more_than_one_core
    from builder.scoring.scorecard import score_content

    diags = Diagnostics()
    with cycle_collector_paused():
        assembled = assemble_tree(FolderTree(options.content), options.themes, diags)
    content = assembled.content
    if content is None:
        raise ContentError(diags, options.lang or declared_language(assembled.raw))

    def rules() -> Diagnostics:  # in the fork: `diags` is its copy, sent back whole
        with cycle_collector_paused():
            check_assembled(assembled, options.today, diags)
        return diags

    def scored() -> Scorebook | Exception:
        try:
            return score_content(content)
        except Exception as exc:  # raised below only if the rules find no error
            return exc

    diags, every = alongside(rules, scored, fork=more_than_one_core(options.jobs))
    checked = Checked(content, diags, content.site.language)
    if diags.has_errors():
        raise ContentError(diags, checked.language(options))
    if isinstance(every, Exception):
        raise every
    return checked, every


def site_language(content: Content | None, options: BuildOptions) -> str:
    if options.lang:
        return options.lang
    return content.site.language if content is not None else "en"
