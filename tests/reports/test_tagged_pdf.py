"""The PDF is an accessible, tagged document (PDF/UA-1): language, title, structure tree,
marked content, bookmarks from the headings, and alternative text on every figure."""

from __future__ import annotations

import io
from collections import Counter

import pikepdf


def _walk(node, found: Counter, figures: list) -> None:
    if isinstance(node, pikepdf.Dictionary):
        kind = node.get("/S")
        if kind is not None:
            found[str(kind)] += 1
            if str(kind) == "/Figure":
                figures.append(node)
        if "/K" in node:
            _walk(node.K, found, figures)
    elif isinstance(node, pikepdf.Array):
        for child in node:
            _walk(child, found, figures)


def _outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        titles = []
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack[:0] = list(item.children)
        return titles


def test_the_pdf_is_tagged_with_language_title_and_structure(built_fi):
    pdf = pikepdf.open(io.BytesIO(built_fi.content))
    root = pdf.Root
    assert str(root.Lang) == "fi"
    assert bool(root.MarkInfo.Marked)
    assert "/StructTreeRoot" in root
    assert str(pdf.docinfo.Title) == "Yhdyspintatyön seurantaraportti 2025"
    metadata = pdf.open_metadata()
    assert metadata.get("pdfuaid:part") == "1"
    assert metadata.get("dc:title") == "Yhdyspintatyön seurantaraportti 2025"
    found: Counter = Counter()
    figures: list = []
    _walk(root.StructTreeRoot.K, found, figures)
    for tag in ("/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/Figure", "/Caption"):
        assert found[tag] > 0, tag


def test_every_chart_is_a_figure_with_alternative_text(built_fi):
    pdf = pikepdf.open(io.BytesIO(built_fi.content))
    found: Counter = Counter()
    figures: list = []
    _walk(pdf.Root.StructTreeRoot.K, found, figures)
    assert len(figures) == len(built_fi.metrics)  # one chart per metric
    for figure in figures:
        assert len(str(figure.get("/Alt", ""))) > 20, "a figure without alternative text"
    alts = [str(f.Alt) for f in figures]
    assert any(a.startswith("Työttömien aktivointiasteen vuosikeskiarvo. 2022:") for a in alts)
    assert any("2025: 31,5 %" in a for a in alts)


def test_headings_are_bookmarks(built_fi):
    pdf = pikepdf.open(io.BytesIO(built_fi.content))
    titles = _outline_titles(pdf)
    assert "1 Yhteenveto" in titles
    assert "2 Työllisyys ja elinvoima" in titles
    assert "2.3 Työttömien aktivointiasteen vuosikeskiarvo" in titles
    assert "Liite C. Miten mittareiden toteutuminen arvioidaan" in titles
