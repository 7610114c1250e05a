"""Dashboard panels contributed by the apps.

An app registers ``provider(user) -> Panel | None`` in its ``AppConfig.ready``; the dashboard
renders every panel a provider returns. A provider must run a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Task:
    text: str
    url: str = ""
    urgent: bool = False


@dataclass
class Panel:
    title: str
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)
    order: int = 50


Provider = Callable[[Any], "Panel | None"]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def panels_for(user) -> list[Panel]:
    panels = [p for p in (provider(user) for provider in _PROVIDERS) if p is not None]
    return sorted(panels, key=lambda p: p.order)


def tasks_for(user, panels: list[Panel]) -> list[Task]:
    return [task for panel in panels for task in panel.tasks]
