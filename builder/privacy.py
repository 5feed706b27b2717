"""Individual people's results are published only where the site allows it.

One step of the pipeline, before anything is rendered: when `publish_individual_results`
is off, the results and scorecards of person units are removed from what the site, the
PDFs and the JSON export receive, so no page, index or file can show them by mistake.
Their agreements (KPIs, weights, targets) stay: those are the published commitments.
So do their initiatives, without their round reports (progress, money, status): those
are results too.
"""

from __future__ import annotations

from dataclasses import replace

from builder.model import Content
from builder.scoring.scorecard import Scorebook


def publishable(content: Content, scores: Scorebook) -> tuple[Content, Scorebook]:
    if content.site.publish_individual_results:
        return content, scores
    people = {uid for uid, unit in content.units.items() if unit.is_person}
    results = {key: rs for key, rs in content.results.items() if key[0] not in people}
    cards = {key: card for key, card in scores.cards.items() if key[0] not in people}
    initiatives = {
        key: tuple(replace(i, rounds=()) for i in found) if key[0] in people else found
        for key, found in content.initiatives.items()
    }
    return replace(content, results=results, initiatives=initiatives), replace(scores, cards=cards)
