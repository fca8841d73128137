"""The look every Steward PDF report shares: fonts, colours, title block, tables, sign-off boxes, page footer.

A report builds a list of platypus flowables with the helpers here and hands it to
``render``, which returns the finished PDF as bytes (the caller writes them through
``app.files``). Everything is A4 portrait with the same margins, so a table or chart
sized with ``CONTENT_WIDTH`` fits every report. The charts, in the same colours and
font, are ``app.reports.charts``.

This module imports reportlab at the top: import it inside the function that
renders, never at a report module's import, so the desktop app does not pay for
reportlab until someone exports a PDF.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
COLUMN_GAP = 8 * mm
HALF_WIDTH = (CONTENT_WIDTH - COLUMN_GAP) / 2  # one of two side-by-side columns
FOOTER_Y = 10 * mm
BOTTOM_MARGIN = MARGIN + 6 * mm  # room for the footer

# Colours: dark ink on white, one blue accent, red for a shortfall and amber for a
# risk. Every pair used for text passes WCAG AA contrast, so a printout stays legible.
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
RULE = colors.HexColor("#CBD2D9")
ZEBRA = colors.HexColor("#F5F7FA")
ACCENT = colors.HexColor("#1F4E79")
ACCENT_LIGHT = colors.HexColor("#DCE8F4")
ALERT = colors.HexColor("#B42318")
ALERT_LIGHT = colors.HexColor("#FDE8E7")
WARN = colors.HexColor("#8A4B08")
WARN_LIGHT = colors.HexColor("#FEF0C7")
GOOD = colors.HexColor("#2E7D32")

# The report font ships with Steward (resources/fonts: DejaVu Sans, under the Bitstream Vera
# licence beside it), so a report looks the same on every machine. A TrueType font, not the
# PDF core Helvetica, because names such as "Łukasz" or "Przemysław" fall outside Latin-1.
_FONT_FILES = ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf")
FONT = "StewardSans"
FONT_BOLD = "StewardSans-Bold"


class Figure(NamedTuple):
    """One headline number of a report's summary strip."""

    label: str
    value: str
    tone: str = "plain"  # "plain", "alert" (a shortfall) or "warn" (a risk)


def _font_files() -> tuple[str, str]:
    from importlib.resources import files

    regular, bold = (str(files("resources").joinpath(name)) for name in _FONT_FILES)
    return regular, bold


@cache
def register_fonts() -> tuple[str, str]:
    """Register the report font family once; returns (regular, bold) font names."""
    regular, bold = _font_files()
    pdfmetrics.registerFont(TTFont(FONT, regular))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, bold))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    return FONT, FONT_BOLD


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name: kicker, title, subtitle, h1, h2, body, note, cell, cell_right, ..."""
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4)
    made = {
        "body": base,
        "kicker": ParagraphStyle("kicker", base, fontName=FONT_BOLD, fontSize=8.5, textColor=ACCENT, spaceAfter=2),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=22, leading=26, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10, textColor=MUTED, spaceAfter=10),
        # Headings keep with what follows: a heading alone at the foot of a page reads as a mistake.
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=10, spaceAfter=3, keepWithNext=1
        ),
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=11, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle(
            "cell_head", base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5, spaceAfter=0, textColor=colors.white
        ),
        "cell_head_right": ParagraphStyle(
            "cell_head_right",
            base,
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=10.5,
            spaceAfter=0,
            textColor=colors.white,
            alignment=TA_RIGHT,
        ),
        "fact_label": ParagraphStyle("fact_label", base, fontSize=7.5, leading=9, textColor=MUTED, spaceAfter=0),
        "fact_value": ParagraphStyle("fact_value", base, fontName=FONT_BOLD, fontSize=10, leading=12, spaceAfter=0),
        "figure_value": ParagraphStyle("figure_value", base, fontName=FONT_BOLD, fontSize=18, leading=21, spaceAfter=0),
        "figure_label": ParagraphStyle("figure_label", base, fontSize=7.5, leading=9, textColor=MUTED, spaceAfter=0),
    }
    return made


def text(value: object) -> str:
    """``value`` as paragraph markup: reportlab parses ``<``, ``>`` and ``&``, a name may hold them."""
    return escape(str(value))


def paragraph(value: object, style: str = "body", *, markup: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped), or of reportlab mini-markup when ``markup``."""
    return Paragraph(str(value) if markup else text(value), styles()[style])


def heading(value: str, level: int = 1) -> Paragraph:
    return paragraph(value, f"h{level}")


def title_block(
    kicker: str, title: str, subtitle: str, facts: Sequence[tuple[str, str]], *, note: str | None = None
) -> list[Flowable]:
    """The top of a report's first page: what it is, about what, when, and the subject's profile.

    ``facts`` are (label, value) pairs laid out in one row under the title, e.g.
    the project's stage and decision mode.
    """
    flowables: list[Flowable] = [
        paragraph(kicker.upper(), "kicker"),
        paragraph(title, "title"),
        paragraph(subtitle, "subtitle"),
    ]
    if facts:
        width = CONTENT_WIDTH / len(facts)
        cells = [
            [paragraph(label, "fact_label"), Spacer(1, 1.5), paragraph(value, "fact_value")] for label, value in facts
        ]
        table = Table([cells], colWidths=[width] * len(facts))
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                    ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 7),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ]
            )
        )
        flowables.append(table)
    if note:
        flowables += [Spacer(1, 4), paragraph(note, "note")]
    return flowables


def summary_figures(figures: Sequence[Figure]) -> Table:
    """A strip of headline numbers, each in a box; a shortfall in red, a risk in amber.

    Values too wide for their box at the usual size (e.g. "503,660.00 EUR") are all
    set smaller alike, so that no number wraps and the strip stays even.
    """
    sheet = styles()
    tones = {"plain": (INK, colors.white, RULE), "alert": (ALERT, ALERT_LIGHT, ALERT), "warn": (WARN, WARN_LIGHT, WARN)}
    gap = 4
    width = (CONTENT_WIDTH - gap * (len(figures) - 1)) / len(figures)
    base_value = sheet["figure_value"]
    room = width - 7 - 6 - 2  # left and right padding, and a little air
    widest = max(
        (pdfmetrics.stringWidth(figure.value, base_value.fontName, base_value.fontSize) for figure in figures),
        default=0,
    )
    if widest > room:
        size = max(base_value.fontSize * room / widest, 8)
        base_value = ParagraphStyle("figure_value_fitted", base_value, fontSize=size, leading=size * 1.2)
    boxes: list[Any] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ]
    for index, figure in enumerate(figures):
        ink, fill, border = tones[figure.tone]
        value_style = ParagraphStyle(f"figure_{figure.tone}", base_value, textColor=ink)
        column = index * 2
        boxes.append(
            [Paragraph(text(figure.value), value_style), Spacer(1, 2), paragraph(figure.label, "figure_label")]
        )
        commands += [("BACKGROUND", (column, 0), (column, 0), fill), ("BOX", (column, 0), (column, 0), 0.75, border)]
    return _side_by_side(boxes, width=width, gap=gap, commands=commands)


def _side_by_side(
    boxes: Sequence[Any], *, width: float, gap: float, commands: list[tuple[Any, ...]], **options: Any
) -> Table:
    """``boxes`` in one row, each ``width`` wide, an empty column ``gap`` wide between two (so box i is column 2i)."""
    cells: list[Any] = []
    widths: list[float] = []
    for index, box in enumerate(boxes):
        if index:
            cells.append("")
            widths.append(gap)
        cells.append(box)
        widths.append(width)
    table = Table([cells], colWidths=widths, **options)
    table.setStyle(TableStyle(commands))
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    widths: Sequence[float],
    numeric: Sequence[int] = (),
    highlight: Sequence[int] = (),
    emphasis: Sequence[tuple[int, int]] = (),
    highlight_colour: Any = ALERT_LIGHT,
) -> Table:
    """A table with a dark header row (repeated on each page), light zebra rows and wrapped text.

    ``widths`` are fractions of ``CONTENT_WIDTH`` (they should sum to at most 1);
    ``numeric`` columns are right-aligned; ``highlight`` rows (0 = first data row)
    get ``highlight_colour``; ``emphasis`` cells (row, column) are bold in ``ALERT``.
    Cell values are plain text, or a ready ``Flowable``.
    """
    sheet = styles()
    numeric_columns = set(numeric)
    emphasised = set(emphasis)
    data: list[list[Any]] = [
        [
            Paragraph(text(label), sheet["cell_head_right" if column in numeric_columns else "cell_head"])
            for column, label in enumerate(header)
        ]
    ]
    alert_style = ParagraphStyle("cell_alert", sheet["cell_right"], fontName=FONT_BOLD, textColor=ALERT)
    for row_index, row in enumerate(rows):
        cells: list[Any] = []
        for column, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
            elif (row_index, column) in emphasised:
                cells.append(Paragraph(text(value), alert_style))
            else:
                cells.append(Paragraph(text(value), sheet["cell_right" if column in numeric_columns else "cell"]))
        data.append(cells)
    table = Table(data, colWidths=[fraction * CONTENT_WIDTH for fraction in widths], repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    highlighted = set(highlight)
    for row_index in range(len(rows)):
        if row_index in highlighted:
            commands.append(("BACKGROUND", (0, row_index + 1), (-1, row_index + 1), highlight_colour))
        elif row_index % 2 == 1:
            commands.append(("BACKGROUND", (0, row_index + 1), (-1, row_index + 1), ZEBRA))
    table.setStyle(TableStyle(commands))
    return table


def side_by_side(left: Sequence[Flowable], right: Sequence[Flowable]) -> Table:
    """Two columns of flowables, each ``HALF_WIDTH`` wide (e.g. two charts with their titles)."""
    table = Table([[list(left), "", list(right)]], colWidths=[HALF_WIDTH, COLUMN_GAP, HALF_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def keep_together(flowables: Sequence[Flowable]) -> KeepTogether:
    return KeepTogether(list(flowables))


def cover(head: Sequence[Flowable], figures: Sequence[Figure], verdict: str, *, space: float = 12) -> list[Flowable]:
    """A report's first lines: its ``head`` (``title_block`` and what follows it), the strip of headline
    ``figures`` ``space`` points below, and the ``verdict`` in a sentence or two under them."""
    return [*head, Spacer(1, space), summary_figures(figures), Spacer(1, 8), paragraph(verdict)]


def captioned(heading: Flowable, body: Flowable, note: str, *, together: bool = True) -> list[Flowable]:
    """A section of one table (or chart) under its ``heading``, with the ``note`` that says how to read it;
    ``together`` keeps the three on one page."""
    flowables = [heading, body, Spacer(1, 4), paragraph(note, "note")]
    return [keep_together(flowables)] if together else flowables


def explained(titles: Sequence[Flowable], note: str, drawing: Flowable, *, together: bool = True) -> list[Flowable]:
    """A chart under its ``titles`` and the ``note`` that says how to read it; ``together`` keeps it on one page."""
    flowables = [*titles, paragraph(note, "note"), Spacer(1, 4), drawing]
    return [keep_together(flowables)] if together else flowables


def governance_table(gaps: Sequence[Mapping[str, Any]], *, widths: Sequence[float]) -> Table:
    """The open governance gaps of a document (``phrases.governance_rows``), the blocking ones shaded."""
    from app.reports.phrases import GOVERNANCE_COLUMNS, governance_rows

    return data_table(
        GOVERNANCE_COLUMNS,
        governance_rows(gaps),
        widths=widths,
        highlight=[index for index, gap in enumerate(gaps) if gap["blocking"]],
    )


def sign_off_block(
    roles: Sequence[str],
    *,
    fields: Sequence[str] = ("Name", "Signature", "Date"),
    values: Sequence[Mapping[str, str]] = (),
) -> Table:
    """Boxes side by side for the people who sign a report: each role over ruled lines to write on.

    ``values`` (one mapping per role, field -> text) fills lines in already, e.g. the
    name and date of an approval the database records; the signature stays to be written.
    """
    gap = COLUMN_GAP
    width = (CONTENT_WIDTH - gap * (len(roles) - 1)) / len(roles)
    boxes: list[Any] = []
    for index, role in enumerate(roles):
        filled = values[index] if index < len(values) else {}
        lines = Table(
            [[paragraph(role, "fact_value")]]
            + [
                [
                    [paragraph(field, "fact_label"), paragraph(filled[field])]
                    if filled.get(field)
                    else paragraph(field, "fact_label")
                ]
                for field in fields
            ],
            colWidths=[width],
            rowHeights=[18] + [30] * len(fields),
        )
        lines.setStyle(
            TableStyle(
                [
                    ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.75, INK),
                    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                    ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
                ]
            )
        )
        boxes.append(lines)
    return _side_by_side(
        boxes,
        width=width,
        gap=gap,
        commands=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="LEFT",
    )


def _numbered_canvas(footer: str, watermark: str | None = None) -> type[Canvas]:
    """A canvas that holds every page back until the end, to print "Page X of Y" on each.

    With ``watermark`` (e.g. "DRAFT") that word is also printed large and faint
    across every page, over the content, so no page can be passed off without it,
    and small and upright in the top margin (text tools split the diagonal word
    into letters; the upright one reads, searches and copies as the word).
    """

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped here, so Canvas is Any
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                self._draw_footer(total)
                if watermark:
                    self._draw_watermark(watermark)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            font, _ = register_fonts()
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, FOOTER_Y + 10, PAGE_WIDTH - MARGIN, FOOTER_Y + 10)
            self.setFont(font, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, FOOTER_Y, footer)
            self.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_Y, f"Page {self._pageNumber} of {total}")
            self.restoreState()

        def _draw_watermark(self, word: str) -> None:
            _, bold = register_fonts()
            self.saveState()
            # Faint enough to read every figure through, strong enough to see across a room.
            self.setFillColor(ALERT, alpha=0.13)
            size = 110.0
            width = pdfmetrics.stringWidth(word, bold, size)
            diagonal = (PAGE_WIDTH**2 + PAGE_HEIGHT**2) ** 0.5 * 0.7
            if width > diagonal:
                size *= diagonal / width
            self.setFont(bold, size)
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(54.7)  # the page's diagonal (atan(297 / 210))
            self.drawCentredString(0, -size * 0.35, word)
            self.restoreState()
            self.saveState()
            self.setFont(bold, 8.5)
            self.setFillColor(ALERT)
            self.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN + 4 * mm, word)
            self.restoreState()

    return NumberedCanvas


def fitted_footer(footer: str) -> str:
    """``footer`` shortened with an ellipsis to leave room for "Page 999 of 999" beside it (7.5 pt)."""
    font, _ = register_fonts()
    room = CONTENT_WIDTH - pdfmetrics.stringWidth("Page 999 of 999", font, 7.5) - 12
    if pdfmetrics.stringWidth(footer, font, 7.5) <= room:
        return footer
    while footer and pdfmetrics.stringWidth(footer + "…", font, 7.5) > room:
        footer = footer[:-1]
    return footer.rstrip(" ·") + "…"


def render(
    flowables: Sequence[Flowable], *, title: str, subject: str = "", footer: str = "", watermark: str | None = None
) -> bytes:
    """The PDF of ``flowables`` on A4 with the house margins and a "Page X of Y" footer.

    ``watermark`` (e.g. "DRAFT") is printed faintly across every page, and small in its top margin.

    ``invariant`` output: the same input gives the same bytes (no creation time or
    random id), so a report can be compared with the previous one.
    """
    register_fonts()
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        subject=subject,
        author="Steward",
        creator="Steward",
        invariant=True,
        initialFontName=FONT,  # else the PDF also names a Helvetica it never embeds
    )
    # No frame padding: a table ``CONTENT_WIDTH`` wide then lines up with the text and the title block.
    frame = Frame(
        MARGIN,
        BOTTOM_MARGIN,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN - BOTTOM_MARGIN,
        id="content",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(list(flowables), canvasmaker=_numbered_canvas(fitted_footer(footer), watermark))
    return buffer.getvalue()
