"""How the text and Markdown reports say things: labels of changes, values as people
write them, scores with four decimals. Every word comes from `builder.cli_text`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from builder.catalogue import default_catalogue, format_number, format_score
from builder.diff.report import Change, DiffReport, RowChange, SideInfo, UnitDiff
from builder.fiscal import parse_iso
from builder.model import Text


@dataclass(frozen=True)
class Wording:
    lang: str

    def __call__(self, key: str, **params: Any) -> str:
        return default_catalogue().text(key, self.lang, **params)

    def text(self, value: Text | dict[str, str] | None) -> str:
        if value is None:
            return ""
        if isinstance(value, dict):
            value = Text(th=value.get("th", ""), en=value.get("en", ""))
        return value.get(self.lang)

    def side(self, side: SideInfo) -> str:
        if side.commit is None:
            return self("diff.working-tree") if side.label == "working tree" else side.label
        short = side.commit[:10]
        return short if side.label.startswith(short) or side.label == side.commit else f"{side.label} ({short})"

    def summary(self, report: DiffReport) -> str:
        return self(
            "diff.summary",
            units=sum(1 for u in report.units if u.status != "affected"),
            scores=len(report.score_impacts),
            introduced=len(report.all_introduced()),
            fixed=len(report.all_fixed()),
        )

    # -- one change

    def what(self, change: Change) -> str:
        if change.action == "changed":
            return self(f"diff.field.{change.field}")
        if change.topic == "kpi" and change.action == "renamed" and change.field == "id":
            return self("diff.what.kpi.renamed-id")
        if change.topic == "site" and not (change.action == "added" and change.field in ("closed-round", "correction")):
            return f"{self(f'diff.what.site.{change.action}')}: {self(f'diff.field.{change.field}')}"
        if change.topic == "site":
            return self(f"diff.field.{change.field}")
        return self(f"diff.what.{change.topic}.{change.action}")

    def when(self, change: Change, report: DiffReport) -> str:
        parts = [str(change.year)] if change.year is not None else []
        if change.round is not None:
            parts.append(self.round(change.round, report))
        if change.key is not None and change.topic != "unit":
            parts.append(change.key)
        return " ".join(parts)

    def round(self, round_id: str, report: DiffReport) -> str:
        name = report.round_names.get(round_id)
        return self.text(name) if name else round_id

    def kpi(self, unit: UnitDiff, kpi_id: str | None) -> str:
        if kpi_id is None:
            return ""
        name = self.text(unit.kpi_names.get(kpi_id))
        return f"{name} ({kpi_id})" if name and name != kpi_id else kpi_id

    def before_after(self, change: Change) -> tuple[str, str]:
        if change.action in ("added", "removed"):
            shown = self.added_value(change) if change.topic != "site" else self.value(change.field, change.new)
            return ("", shown) if change.action == "added" else (shown, "")
        if change.topic == "unit" and change.action == "moved":
            return (change.old or "", change.new or "")
        return self.value(change.field, change.old), self.value(change.field, change.new)

    def row(self, unit: UnitDiff, row: RowChange) -> str:
        """One KPI row that moved: its value, score and weighted score before → after."""
        values = []
        for actual, computed in zip(row.actual, row.computed, strict=True):
            shown = self.value("", actual)
            values.append(self("diff.computed", value=shown) if computed else shown)
        return self(
            "diff.row",
            kpi=self.kpi(unit, row.kpi),
            value=values[1] if values[0] == values[1] else f"{values[0]} → {values[1]}",
            before=format_score(row.score[0]),
            after=format_score(row.score[1]),
            weighted_before=format_score(row.weighted[0]),
            weighted_after=format_score(row.weighted[1]),
        )

    def band(self, bands: tuple[Text | None, Text | None]) -> str:
        shown = [self.text(b) if b else "–" for b in bands]
        return shown[1] if shown[0] == shown[1] else f"{shown[0]} → {shown[1]}"

    def added_value(self, change: Change) -> str:
        """What an added or removed thing was: a KPI's weight, a result's value, a unit's
        superior, the number of KPIs in an agreement (a KPI template is named already)."""
        if change.topic == "item":
            return f"{self('diff.field.weight')} {self.value('', change.new)}"
        if change.topic == "agreement":
            return self("diff.kpi-count", count=change.new)
        if change.topic == "unit":
            return f"{self('diff.field.parent')} {change.key}" if change.key else ""
        if change.topic == "result":
            return self.value("", change.new)
        return ""

    # -- values

    def value(self, field: str, value: Any) -> str:
        if value is None or value == [] or value == {}:
            return "–"
        if field == "cascade" and isinstance(value, list):
            return " + ".join(self.cascade(link) for link in value)
        if field == "round-terms" and isinstance(value, list):
            return "; ".join(self.round_terms(term) for term in value)
        if field in ("signed-on", "closed-round") and isinstance(value, str):
            day = parse_iso(value)
            return default_catalogue().date(day, self.lang) if day else value
        if isinstance(value, bool):
            return self("diff.yes") if value else self("diff.no")
        if isinstance(value, (int, float)):
            return format_number(float(value))
        if isinstance(value, dict) and set(value) <= {"th", "en"}:
            return self.text(value)
        if isinstance(value, dict) and "text" in value:
            return self.value("", value["text"])
        if isinstance(value, dict) and "months" in value:
            return f"{value['months']} ({', '.join(value.get('for') or [])})"
        if isinstance(value, dict) and "label" in value:
            return f"{self.value('', value['label'])} ≥ {self.value('', value['min'])}"
        if isinstance(value, dict):
            return " / ".join(f"{k} {self.value('', v)}" for k, v in value.items())
        if isinstance(value, list):
            return " / ".join(self.value("", v) for v in value)
        return str(value)

    def round_terms(self, term: dict[str, Any]) -> str:
        shown = [
            f"{self(f'diff.field.{name}')} {self.value(name, term[name])}"
            for name in ("criteria", "weight", "importance", "target")
            if name in term
        ]
        return f"{term['round']}: {', '.join(shown)}"

    def cascade(self, link: dict[str, Any]) -> str:
        kind = link.get("kind", "direct")
        if kind == "split" and link.get("combine") == "weighted-mean":
            return self("diff.cascade.split-mean", kpi=link["from"], base=self.value("", link.get("base")))
        return self(f"diff.cascade.{kind}", kpi=link["from"])


def delta(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"+{value:.4f}" if value > 0 else f"{value:.4f}"
