"""Turning gathered report data into HTML (Django template) and the HTML into a tagged PDF
(WeasyPrint, PDF/UA-1): print CSS, shipped fonts, a "LUONNOS" watermark on drafts.

WeasyPrint fetches only ``file:`` URLs inside the project's ``static/`` folder and ``data:``
URLs (no network, no other files: PITFALLS.md, OWASP ASVS 5.2.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .gather import OUTCOMES, ReportData

STATIC = Path(settings.BASE_DIR) / "static"
PRINT_CSS = STATIC / "css" / "report-print.css"
WATERMARKS = {
    "fi": STATIC / "img" / "report-luonnos.svg",
    "en": STATIC / "img" / "report-draft.svg",
}


class StaticOnlyFetcher(URLFetcher):
    """``data:`` URLs, and ``file:`` URLs under ``static/``; everything else is refused."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, timeout=5)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(STATIC.resolve()):
                raise ValueError(f"Refused to read {path}: only the project's static files")
        return super().fetch(url, headers)


def report_title(data: ReportData) -> str:
    from django.utils.translation import gettext as _

    return _("Follow-up report of the interface cooperation %(year)s") % {"year": data.year}


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;–-·()/" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def render_html(data: ReportData, *, version_number: int | None = None) -> str:
    """The whole report as one HTML document, in the active language."""
    from django.utils.translation import gettext as _

    from indicators.evaluation import OUTCOME_LABELS

    title = report_title(data)
    status = _("FINAL") if data.is_final else _("DRAFT")
    if version_number:
        status = _("%(status)s · version %(number)s") % {"status": status, "number": version_number}
    running = {"doc-title": title, "doc-status": status, "page-word": _("Page")}
    last = 1 + len(data.spearheads)
    return render_to_string(
        "reports/print/report.html",
        {
            "data": data,
            "title": title,
            "subtitle": data.agreement.name if data.agreement else "",
            "version_number": version_number,
            "outcomes": [(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
            "chapters": {"activity": last + 1, "agreement": last + 2, "conclusions": last + 3},
            "running_css": mark_safe(  # noqa: S308 - every value goes through _css_string
                "html { string-set: "
                + ", ".join(f"{k} {_css_string(str(v))}" for k, v in running.items())
                + "; }"
            ),
        },
    )


@dataclass
class Pdf:
    content: bytes
    pages: int


def html_to_pdf(html: str, *, language: str, draft: bool) -> Pdf:
    """Typeset ``html`` as a tagged PDF/UA-1 document with the print stylesheet."""
    fetcher = StaticOnlyFetcher()
    fonts = FontConfiguration()
    stylesheets = [CSS(filename=str(PRINT_CSS), font_config=fonts, url_fetcher=fetcher)]
    if draft:
        mark = WATERMARKS.get(language, WATERMARKS["fi"]).as_uri()
        stylesheets.append(
            CSS(
                string=f'@page {{ background: url("{mark}") no-repeat center 55% / 80% auto }}',
                font_config=fonts,
                url_fetcher=fetcher,
            )
        )
    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1"
    )
    content = document.write_pdf(pdf_variant="pdf/ua-1")
    return Pdf(content=content, pages=len(document.pages))
