"""Idempotent loading: a second run changes nothing; a corrected source updates rows in place.

``seed_agreement`` and ``seed_demo`` call ``seed_agreement(report)`` / ``seed_demo(report, ...)``
in each app's ``seed.py``, in the order of APPS below.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, TypeVar

from django.db import models

_M = TypeVar("_M", bound=models.Model)

APPS = ["organisations", "forums", "meetings", "workgroups", "indicators"]


@dataclass
class SeedReport:
    counts: Counter = field(default_factory=Counter)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, model: type[models.Model], outcome: str) -> None:
        self.counts[(model._meta.label, outcome)] += 1

    def lines(self) -> list[str]:
        labels = sorted({label for label, _outcome in self.counts})
        return [
            f"{label}: {self.counts[(label, 'created')]} created, "
            f"{self.counts[(label, 'updated')]} updated, "
            f"{self.counts[(label, 'unchanged')]} unchanged"
            for label in labels
        ]

    @property
    def changed(self) -> int:
        return sum(n for (_label, outcome), n in self.counts.items() if outcome != "unchanged")


def upsert(
    report: SeedReport,
    model: type[_M],
    lookup: dict[str, Any],
    values: dict[str, Any],
) -> _M:
    """Create the row, or update only the fields whose value differs, and count which."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.add(model, "created")
        return obj
    changed = [
        name
        for name, value in values.items()
        if getattr(obj, name + "_id" if isinstance(value, models.Model) else name)
        != (value.pk if isinstance(value, models.Model) else value)
    ]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.add(model, "updated")
    else:
        report.add(model, "unchanged")
    return obj


def run(step: str, report: SeedReport, **kwargs: Any) -> SeedReport:
    for app in APPS:
        try:
            module = import_module(f"{app}.seed")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.seed":
                raise
            continue
        fn = getattr(module, step, None)
        if fn is not None:
            fn(report, **kwargs)
    return report
