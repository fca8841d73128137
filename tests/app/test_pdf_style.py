"""The reports' font ships with Steward, so a name outside Latin-1 prints on every machine."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from app.reports.pdf_style import FONT, FONT_BOLD, register_fonts


def test_the_shipped_font_has_the_glyphs_of_names_outside_latin_1() -> None:
    register_fonts()
    for name in (FONT, FONT_BOLD):
        face = pdfmetrics.getFont(name).face
        assert b"DejaVu" in face.name
        for character in "ŁłśŚżźćńęąőűčšž€–·":
            assert ord(character) in face.charToGlyph, (name, character)


def test_a_section_with_a_note_stays_on_one_page_unless_it_may_run_on() -> None:
    from reportlab.platypus import KeepTogether, Paragraph

    from app.reports.pdf_style import captioned, data_table, explained, heading

    table = data_table(("Skill",), [["Python"]], widths=(1.0,))
    (kept,) = captioned(heading("Requirements"), table, "FTE: full-time equivalents.")
    assert isinstance(kept, KeepTogether)
    running = captioned(heading("Requirements"), table, "FTE: full-time equivalents.", together=False)
    assert running[1] is table and isinstance(running[-1], Paragraph)
    assert running[-1].getPlainText() == "FTE: full-time equivalents."
    chart = explained([heading("Velocity")], "Committed against completed.", table, together=False)
    assert chart[-1] is table and chart[1].getPlainText() == "Committed against completed."


def test_the_governance_table_shades_the_blocking_gaps() -> None:
    from app.reports.pdf_style import ALERT_LIGHT, governance_table

    gaps = [
        {"category": "access_control", "status": "stale", "blocking": False, "reason": "Past review."},
        {"category": "human_oversight", "status": "missing", "blocking": True, "reason": "Automated decisions."},
    ]
    table = governance_table(gaps, widths=(0.25, 0.25, 0.25, 0.25))
    shaded = [command[1][1] for command in table._bkgrndcmds if command[-1] == ALERT_LIGHT]
    assert shaded == [2]  # the second data row, below the header
