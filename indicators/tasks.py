"""Celery tasks of the indicators app.

``send_missing_value_reminders`` runs daily from beat (PITFALLS.md: a yearly job is a daily
idempotent one). In April it mails each party whose values for the previous year are missing;
a :class:`ReminderLog` row per (year, party) makes every later run, that day or any other,
send nothing more.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation, User
from portal.lib import mail

from .models import Metric, ReminderLog, Value
from .parties import PartyYears

REMINDER_MONTH = 4


def missing_by_organisation(year: int) -> dict[Organisation, list[Metric]]:
    """For each party of ``year`` (a party that had left the agreement by the end of the year
    is not asked): the metrics due for ``year`` that it has not filled in (4 queries)."""
    metrics = [m for m in Metric.objects.of_year(year) if m.is_per_organisation and m.is_due(year)]
    filled = set(
        Value.objects.filter(
            year=year, metric__in=[m.pk for m in metrics], organisation__isnull=False
        )
        .filled()
        .values_list("metric_id", "organisation_id")
    )
    missing = {}
    for organisation in PartyYears.load().parties(year):
        gaps = [
            m
            for m in metrics
            if m.applies_to(organisation) and (m.pk, organisation.pk) not in filled
        ]
        if gaps:
            missing[organisation] = gaps
    return missing


def _recipients(organisation: Organisation) -> list[User]:
    people = list(organisation.users.filter(is_active=True, role=User.Role.ORG_ADMIN))
    return people or list(organisation.users.filter(is_active=True))


@shared_task
def send_missing_value_reminders(today: str | None = None) -> int:
    """In April, remind every party with missing values for the previous year. Returns how
    many parties were reminded now (0 on every run after the first)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    if day.month != REMINDER_MONTH:
        return 0
    year = day.year - 1
    reminded = 0
    for organisation, metrics in missing_by_organisation(year).items():
        recipients = _recipients(organisation)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    year=year, organisation=organisation, missing=len(metrics)
                )
                path = reverse("indicators:entry", args=[year, organisation.slug])
                mail.queue(
                    [
                        mail.Mail(
                            template="indicator_reminder",
                            to_email=person.email,
                            to_user=person,
                            context={
                                "organisation": organisation,
                                "year": year,
                                "missing": metrics,
                                "path": path,
                            },
                        )
                        for person in recipients
                    ],
                    kind="indicator_reminder",
                    related=organisation,
                )
        except IntegrityError:
            continue  # reminded already (another run got here first)
        reminded += 1
    return reminded
