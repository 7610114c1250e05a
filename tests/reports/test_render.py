"""WeasyPrint fetches only the project's static files and data URLs; the running strings of the
print template cannot break out of their CSS."""

from __future__ import annotations

import pytest

from reports.render import PRINT_CSS, StaticOnlyFetcher, _css_string


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/healthz",
        "https://cdn.example/font.woff2",
        "ftp://example/x",
        "file:///etc/passwd",
        "file:///work/../etc/hosts",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_reads_static_files_and_data_urls():
    assert b"@font-face" in StaticOnlyFetcher().fetch(PRINT_CSS.as_uri()).read()
    assert StaticOnlyFetcher().fetch("data:text/plain,ok").read() == b"ok"


def test_running_strings_are_escaped():
    quoted = _css_string('Raportti "2025" </style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and ">" not in quoted
    assert _css_string("Sivu") == '"Sivu"'
