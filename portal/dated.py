"""Dated validity, written once: rows valid from one day to another, both days included.

A row is current on ``d`` when ``valid_from <= d`` and (``valid_to`` is empty or
``d <= valid_to``). History is never deleted: ending a row sets ``valid_to``. Seats, elected
roles, workgroup documents and counterpart pairs all inherit :class:`Dated`.
"""

from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DatedQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> Self:
        """Rows in force on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def overlapping(self, valid_from: datetime.date, valid_to: datetime.date | None) -> Self:
        """Rows whose dates overlap [valid_from, valid_to] (open ends are open)."""
        qs = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        if valid_to is not None:
            qs = qs.filter(valid_from__lte=valid_to)
        return qs


class Dated(models.Model):
    """``valid_from``/``valid_to`` with the database's check that they are in order."""

    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_dates_in_order",
            )
        ]

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
