"""The report's reference parts: the agreement's state (parties, approvals, signatures,
terminations, review date), the data quality of a year per party, and how each kind of metric
is evaluated. Constant queries; people are named by organisation and role, not by name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forums.models import AgreementParty, AgreementPeriod
from indicators.models import Metric, Value, ValueEvent
from indicators.results import ValueIndex
from organisations.models import Organisation, User


@dataclass
class PartyLine:
    organisation: str
    approved: str
    signed: str
    termination: str


@dataclass
class AgreementState:
    name: str
    dated_on: datetime.date | None
    in_force_from: datetime.date | None
    review_by: datetime.date | None
    notice_months: int
    parties: list[PartyLine]
    newer: list[str]

    @property
    def signed_count(self) -> int:
        return sum(1 for p in self.parties if p.signed)


def _day(value: datetime.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def agreement_state(year: int) -> AgreementState | None:
    """The agreement in force at the end of ``year`` (else the latest one dated before it
    ended), with its parties' own life, and any newer agreement being prepared (2 queries)."""
    day = datetime.date(year, 12, 31)
    periods = list(AgreementPeriod.objects.order_by("dated_on", "pk"))
    if not periods:
        return None
    in_force = [p for p in periods if p.is_in_force(day)]
    dated = [p for p in periods if p.dated_on <= day]
    period = (in_force or dated or periods)[-1]
    rows = AgreementParty.objects.filter(period=period).select_related("organisation")
    parties = []
    for row in sorted(rows, key=lambda r: r.organisation.display_name):
        termination = ""
        if row.termination_effective_on:
            termination = _("notice received %(received)s, takes effect %(effective)s") % {
                "received": _day(row.termination_received_on),
                "effective": _day(row.termination_effective_on),
            }
        parties.append(
            PartyLine(
                organisation=row.organisation.display_name,
                approved=", ".join(p for p in (_day(row.approved_on), row.approved_by) if p),
                signed=", ".join(p for p in (_day(row.signed_on), row.signed_by) if p),
                termination=termination,
            )
        )
    return AgreementState(
        name=period.name,
        dated_on=period.dated_on,
        in_force_from=period.in_force_from,
        review_by=period.review_by,
        notice_months=period.notice_months,
        parties=parties,
        newer=[p.name for p in periods if p.dated_on > period.dated_on],
    )


@dataclass
class QualityRow:
    label: str
    due: int
    approved: int = 0
    submitted: int = 0
    draft: int = 0
    returned: int = 0
    returns: int = 0
    last_entry: str = ""
    last_approval: str = ""

    @property
    def missing(self) -> int:
        return max(self.due - self.approved - self.submitted - self.draft - self.returned, 0)


def _who(user: User | None, when: datetime.datetime | None) -> str:
    """ "12.3.2026, Forssa (organisation admin)": the organisation and role, not the person."""
    if when is None:
        return ""
    day = _day(timezone.localtime(when).date())
    if user is None:
        return day
    organisation = user.organisation.display_short_name if user.organisation is not None else ""
    role = str(user.get_role_display())
    return f"{day}, {organisation} ({role})" if organisation else f"{day} ({role})"


def quality_rows(
    year: int, metrics: list[Metric], index: ValueIndex, parties: list[Organisation]
) -> list[QualityRow]:
    """Per party (and one row for the region's and bodies' values): the values due for
    ``year``, how many are approved, waiting, draft, returned or missing, how many times
    values were returned, and who entered and approved last (one query for the returns)."""
    returns = {
        row["value__organisation_id"]: row["n"]
        for row in ValueEvent.objects.filter(
            action=ValueEvent.Action.RETURNED,
            value__year=year,
            value__metric__in=[m.pk for m in metrics],
        )
        .values("value__organisation_id")
        .annotate(n=Count("pk"))
    }
    due_shared = [m for m in metrics if not m.is_per_organisation and m.is_due(year)]
    subjects: list[tuple[str, int | None, list[Metric]]] = [
        (o.display_short_name, o.pk, [m for m in metrics if m.applies_to(o) and m.is_due(year)])
        for o in sorted(parties, key=lambda o: o.display_name)
    ]
    subjects.append((_("Region and bodies"), None, due_shared))
    rows = []
    for label, organisation_id, due in subjects:
        row = QualityRow(label=label, due=len(due), returns=returns.get(organisation_id, 0))
        found = (index.get(m, organisation_id, year) for m in due)
        entered: list[Value] = [v for v in found if v is not None and v.is_filled]
        for value in entered:
            setattr(row, value.status, getattr(row, value.status) + 1)
        if entered:
            last = max(entered, key=lambda v: v.updated_at)
            row.last_entry = _who(last.updated_by, last.updated_at)
            approvals = [(v.approved_at, v) for v in entered if v.approved_at is not None]
            if approvals:
                when, last = max(approvals, key=lambda pair: pair[0])
                row.last_approval = _who(last.approved_by, when)
        rows.append(row)
    return rows


def kind_explanations(kinds: set[str]) -> list[tuple[str, str]]:
    """How each kind of metric present is evaluated, in words (the rules of
    ``indicators.evaluation``)."""
    words: dict[str, str] = {
        Metric.Kind.COVERAGE: _(
            "A yes/no fact per municipality and year, reported as X/N: met when every "
            "municipality that is a party that year answers yes, partly when some do, not met "
            "when all answer no, no data when none has an approved answer. A party that has "
            "left the agreement is not counted but is named."
        ),
        Metric.Kind.TREND: _(
            "A number compared with the previous measurement of the metric's own rhythm: the "
            "previous year, or two years back for the school health survey, which is made in "
            "odd years. Met when it moved in the wanted direction; unchanged is not met."
        ),
        Metric.Kind.BASELINE: _(
            "A number compared with the fixed base year (2022): met when better than in the "
            "base year. The base year itself is not yet comparable."
        ),
        Metric.Kind.SELF_ASSESSMENT: _(
            "The body's own rating on a scale of 1–5: 4–5 met, 3 partly, 1–2 not met."
        ),
        Metric.Kind.TARGET: _(
            "A numeric target set from the baseline year: met when the target is reached, "
            "partly when better than the baseline but short of the target, not met otherwise; "
            "not yet comparable before a target is set."
        ),
    }
    common = _(
        "Only values approved by the coordinator count. A per-party metric's regional result "
        "says how many parties met it; the parties that met, partly met or did not meet it "
        "are named."
    )
    rows = [(str(label), words[kind]) for kind, label in Metric.Kind.choices if kind in kinds]
    rows.append((_("All metrics"), common))
    return rows
