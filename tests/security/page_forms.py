"""The forms a page offers, read from its HTML as a browser would submit them: each field's
name, kind (the input's type, "select", "textarea") and the value the page puts in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    def data(self) -> dict[str, list[str]]:
        """What submitting the form unchanged sends (files left out)."""
        sent: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind == "file" or f.kind.endswith("-unchecked") or f.name == "csrfmiddlewaretoken":
                continue
            sent.setdefault(f.name, []).append(f.value)
        return sent


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[PageForm] = []
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "option" and self._select is not None:
            self._option_start(a)
        elif tag == "form":
            self.forms.append(
                PageForm(a.get("action", ""), a.get("method", "get").lower(), a.get("enctype", ""))
            )
        elif not self.forms or "name" not in a or "disabled" in a:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self.forms[-1].fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self.forms[-1].fields.append(self._textarea)

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if kind in {"submit", "button", "reset", "image"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in a:
            unchecked = Field(a["name"], kind + "-unchecked", a.get("value", "on"))
            self.forms[-1].fields.append(unchecked)
            return
        default = "on" if kind in {"checkbox", "radio"} else ""
        self.forms[-1].fields.append(Field(a["name"], kind, a.get("value", default)))

    def _option_start(self, a: dict[str, str]) -> None:
        assert self._select is not None
        value = a.get("value", "")
        self._select.options.append(value)
        if "selected" in a or (not self._select.value and value):
            self._select.value = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def forms_of(html: str) -> list[PageForm]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def post_forms_to(html: str, path: str) -> list[PageForm]:
    """The POST forms of a page that submit to ``path`` (an empty action submits to the page)."""
    return [
        f
        for f in forms_of(html)
        if f.method == "post" and (f.action in {"", path} or f.action.split("?")[0] == path)
    ]
