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
