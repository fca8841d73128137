"""The wording every report shares (``app.reports.phrases``): a count with its noun, and the governance lines."""

from __future__ import annotations

from app.reports.phrases import NO_GOVERNANCE_GAP, areas_needing_work, governance_rows, plural


def test_a_count_reads_with_its_noun_singular_or_plural() -> None:
    assert plural(1, "point") == "1 point"
    assert plural(0, "point") == "0 points"
    assert plural(13, "policy version") == "13 policy versions"


def test_the_governance_gaps_open_with_how_many_areas_need_work() -> None:
    gap = {"category": "human_oversight", "status": "missing", "blocking": True, "reason": "Automated decisions."}
    assert areas_needing_work([gap]) == "1 policy area needs work at the project's stage"
    assert areas_needing_work([gap, gap]) == "2 policy areas need work at the project's stage"
    assert governance_rows([gap])[0][2:] == ["Yes", "Automated decisions."]
    assert NO_GOVERNANCE_GAP.startswith("Every policy the governance rules ask of the project")
