"""site.yaml becomes `Site`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from builder.assemble.nodes import Node, num, pair
from builder.catalogue import Catalogue
from builder.document import Mark
from builder.model import (
    EMPTY,
    UNITS_BEFORE_NUMBER,
    Band,
    Category,
    Dimension,
    Perspective,
    Round,
    ScoringConfig,
    Site,
    UnitKindDef,
)
from builder.scoring.schemes import DEFAULT_BAND_LABELS, scheme_for

# -- site ------------------------------------------------------------------------------


def assemble_site(node: Node, words: Catalogue) -> Site:
    org = node.child("organisation")
    limits = node.data.get("limits") or {}
    sheets = node.data.get("spreadsheets") or {}
    return Site(
        name=org.text("name") if org else EMPTY,
        short_name=org.text("short_name") if org else EMPTY,
        languages=tuple(node.data.get("languages") or ("th", "en")),
        fiscal_years=tuple(int(y) for y in node.data.get("fiscal_years") or ()),
        perspectives=tuple(
            Perspective(id=p.data["id"], name=p.text("name"), **p.located()) for p in node.children("perspectives")
        ),
        dimensions=tuple(
            Dimension(id=d.data["id"], name=d.text("name"), weight=num(d.data.get("weight")), **d.located())
            for d in node.children("dimensions")
        ),
        categories=tuple(
            Category(id=c.data["id"], name=c.text("name"), **c.located()) for c in node.children("categories")
        ),
        unit_kinds=tuple(
            UnitKindDef(
                id=k.data["id"], name=k.text("name"), individual=bool(k.data.get("individual", False)), **k.located()
            )
            for k in node.children("unit_kinds")
        ),
        rounds=tuple(assemble_round(r) for r in node.children("rounds")),
        scoring=assemble_scoring(node.child("scoring"), words),
        publish_individual_results=bool(node.data.get("publish_individual_results", False)),
        max_kpis_per_person=limits.get("max_kpis_per_person"),
        sheet_font=str(sheets.get("font", "Sarabun")),
        sheet_font_size=float(sheets.get("font_size", 11)),
        units_before_number=_units_before_number(node),
        emblem=str(org.data.get("emblem") or "") if org else "",
        loc=node.loc,
        marks=_with_emblem_mark(node, org),
    )


def _with_emblem_mark(node: Node, org: Node | None) -> Mapping[str, Mark]:
    """The marks of site.yaml's fields, and `emblem` at `organisation.emblem` (the
    organisation's emblem is a fact of the site; its diagnostics point at where it is written)."""
    marks = node.marks()
    emblem = org.marks().get("emblem") if org else None
    return {**marks, "emblem": emblem} if emblem is not None else marks


def _units_before_number(node: Node) -> tuple[str, ...]:
    """`units_before_number` as site.yaml gives it, else the model's default."""
    given = node.data.get("units_before_number")
    return UNITS_BEFORE_NUMBER if given is None else tuple(str(word) for word in given)


def assemble_round(node: Node) -> Round:
    return Round(
        id=node.data["id"],
        name=node.text("name"),
        months=int(node.data.get("months", 12)),
        applies_to=tuple(node.data.get("for") or ()),
        **node.located(),
    )


def assemble_scoring(node: Node | None, words: Catalogue) -> ScoringConfig:
    """The scoring settings; without `bands`, the scheme's default bands, named from the catalogue."""
    config = _scoring_config(node)
    if config.bands:
        return config
    labels = tuple(words.both(key) for key in DEFAULT_BAND_LABELS)
    return replace(config, bands=scheme_for(config).default_bands(labels))


def _scoring_config(node: Node | None) -> ScoringConfig:
    if node is None:
        return ScoringConfig()
    data = node.data
    defaults = ScoringConfig()
    return ScoringConfig(
        scheme=data.get("scheme", defaults.scheme),
        below_level_1=data.get("below_level_1", defaults.below_level_1),
        tier_scores={k: float(v) for k, v in (data.get("tier_scores") or defaults.tier_scores).items()},
        below_basic=float(data.get("below_basic", defaults.below_basic)),
        bands=tuple(
            Band(min=float(b.data["min"]), label=b.text("label"), **b.located()) for b in node.children("bands")
        ),
        plausible_percent=pair(data.get("plausible_percent", defaults.plausible_percent)),
        **node.located(),
    )
