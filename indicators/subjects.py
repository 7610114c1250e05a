"""Whose values: an organisation, the region (entered by the coordinators) or a body.

A subject is written in URLs as its *key*: the organisation's slug, ``region``, or
``body.<slug>`` (slugs never contain a dot, so the keys cannot collide).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from organisations.models import Organisation

REGION_KEY = "region"
BODY_PREFIX = "body."


@dataclass(frozen=True)
class Subject:
    organisation: Organisation | None = None
    body: Any = None  # forums.Body

    @property
    def kind(self) -> str:
        if self.organisation is not None:
            return "organisation"
        if self.body is not None:
            return "body"
        return "region"

    @property
    def key(self) -> str:
        if self.organisation is not None:
            return self.organisation.slug
        if self.body is not None:
            return BODY_PREFIX + self.body.slug
        return REGION_KEY

    @property
    def label(self) -> str:
        if self.organisation is not None:
            return self.organisation.display_name
        if self.body is not None:
            return self.body.name
        return _("Kanta-Häme region")

    @property
    def short_label(self) -> str:
        if self.organisation is not None:
            return self.organisation.display_short_name
        if self.body is not None:
            return self.body.short_name
        return _("Region")

    @property
    def organisation_id(self) -> int | None:
        return self.organisation.pk if self.organisation is not None else None

    @property
    def body_id(self) -> int | None:
        return self.body.pk if self.body is not None else None

    def value_lookup(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "body": self.body}

    def covers(self, metric) -> bool:
        """Whether ``metric`` is this subject's to enter."""
        if self.organisation is not None:
            return metric.applies_to(self.organisation)
        if self.body is not None:
            return metric.scope == metric.Scope.BODY and metric.body_id == self.body.pk
        return metric.scope == metric.Scope.REGION or (
            metric.scope == metric.Scope.BODY and metric.body_id is None
        )

    def metrics(self, metrics, year: int) -> list:
        return [m for m in metrics if self.covers(m) and m.is_due(year)]


def subject_for_value(value) -> Subject:
    return Subject(organisation=value.organisation, body=value.body)


def subject_for_metric(metric, organisation: Organisation | None) -> Subject:
    """The subject that holds ``metric``'s value for ``organisation`` (None: not per party)."""
    if metric.is_per_organisation:
        return Subject(organisation=organisation)
    if metric.scope == metric.Scope.BODY and metric.body_id is not None:
        return Subject(body=metric.body)
    return Subject()


def get_subject_or_404(key: str, user) -> Subject:
    from forums.models import Body

    if key == REGION_KEY:
        return Subject()
    if key.startswith(BODY_PREFIX):
        body = Body.objects.visible_to(user).filter(slug=key[len(BODY_PREFIX) :]).first()
        if body is None:
            raise Http404
        return Subject(body=body)
    organisation = Organisation.objects.visible_to(user).filter(slug=key).first()
    if organisation is None:
        raise Http404
    return Subject(organisation=organisation)
