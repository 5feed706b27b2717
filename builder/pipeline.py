"""The build, top to bottom: load → validate → assemble → check → score → redact → render → write.

Each step is one call into one module. Content problems are collected as diagnostics and
end the run with `ContentError` before anything is written; the output folder is replaced
only when every step succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.assemble import assemble_content
from builder.diagnostics import ContentError, Diagnostics, UsageError
from builder.model import Content
from builder.options import BuildOptions
from builder.reader import read_content
from builder.rules import check_content
from builder.rules.context import RuleContext
from builder.schema import validate_content


@dataclass
class Checked:
    content: Content | None
    diagnostics: Diagnostics


def load_and_check(options: BuildOptions) -> Checked:
    """Read, validate and check a content tree; every diagnostic is collected."""
    diags = Diagnostics()
    raw = read_content(options.content, diags)
    validate_content(raw, diags)
    if diags.has_errors():  # rules need well-formed files; report these first
        return Checked(None, diags)
    content = assemble_content(raw, diags)
    check_content(content, RuleContext(options.today, options.content), diags)
    return Checked(content, diags)


def build(options: BuildOptions) -> Diagnostics:
    """Build the site, the JSON export and the PDFs into `options.out`."""
    # imported here so that `check` does not pay for loading Jinja and WeasyPrint
    from builder.export import export_json
    from builder.output import staged_output
    from builder.pdf.render import render_pdfs
    from builder.privacy import publishable
    from builder.scoring.scorecard import score_content
    from builder.site.render import render_site

    checked = load_and_check(options)
    if checked.content is None or checked.diagnostics.has_errors():
        raise ContentError(checked.diagnostics, site_language(checked.content, options))
    content, diags = checked.content, checked.diagnostics
    if options.unit and options.unit not in content.units:
        raise UsageError("usage.unknown-build-unit", unit=options.unit)
    content, scores = publishable(content, score_content(content))
    with staged_output(options.out_dir) as stage:
        render_site(content, scores, stage, options)
        export_json(content, scores, stage, options)
        if options.pdf:
            render_pdfs(content, scores, stage, options, diags)
        if diags.has_errors():
            raise ContentError(diags, site_language(content, options))
    return diags


def site_language(content: Content | None, options: BuildOptions) -> str:
    if options.lang:
        return options.lang
    return content.site.language if content is not None else "en"
