"""Reads about seats: who is expected where, who sits, which seats are empty.

Every function runs a constant number of queries, whatever the number of bodies and members.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from organisations.models import Organisation

from .models import AgreementParty, Body, Membership


@dataclass
class Seat:
    body: Body
    organisation: Organisation
    memberships: list[Membership] = field(default_factory=list)
    expected: int = 0
    if TYPE_CHECKING:
        # Set on the seats shown on a body's page (forums.views.body_detail); declared for
        # the type checker only, so that it is neither an __init__ argument nor a field.
        can_manage: bool = field(init=False)

    @property
    def empty(self) -> int:
        return max(self.expected - len(self.memberships), 0)

    @property
    def empty_range(self) -> range:
        return range(self.empty)

    @property
    def rows(self) -> list[SeatRow]:
        """One row per seat, numbered "1/3", "2/3"…: the holders first, then the empty
        seats, so that three seats of one party never look like three identical rows."""
        total = max(self.expected, len(self.memberships))
        holders: list[Membership | None] = [*self.memberships, *([None] * self.empty)]
        return [SeatRow(n, total, m) for n, m in enumerate(holders, start=1)]


@dataclass
class SeatRow:
    number: int
    of: int
    membership: Membership | None

    @property
    def is_empty(self) -> bool:
        return self.membership is None


def expected_organisations(body: Body, parties: list[Organisation]) -> list[Organisation]:
    """The parties that name representatives to ``body`` (its seat scope)."""
    if body.is_open or body.seat_scope == Body.SeatScope.NONE:
        return []
    if body.seat_scope == Body.SeatScope.COUNTY_AND_MUNICIPALITIES:
        return [p for p in parties if p.kind != Organisation.Kind.REGIONAL_COUNCIL]
    return list(parties)


def active_parties_by_period(on: datetime.date | None = None) -> dict[int, list[Organisation]]:
    """{period_id: [party organisations still bound on ``on``]} in one query."""
    rows = (
        AgreementParty.objects.active(on)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    result: dict[int, list[Organisation]] = defaultdict(list)
    for row in rows:
        result[row.period_id].append(row.organisation)
    return result


def seats_for(
    bodies: list[Body],
    *,
    organisation: Organisation | None = None,
    on: datetime.date | None = None,
    include_others: bool = True,
) -> dict[int, list[Seat]]:
    """{body_id: [Seat per organisation]}: every expected party's seat (empty or not) and the
    seats of other organisations that sit in the body. Three queries."""
    on = on or timezone.localdate()
    parties = active_parties_by_period(on)
    memberships = (
        Membership.objects.current(on)
        .filter(body__in=[b.pk for b in bodies])
        .select_related("person", "deputy", "organisation")
        .order_by("organisation__name", "person__last_name", "person__first_name")
    )
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    by_body: dict[int, dict[int, Seat]] = {}
    body_by_pk = {b.pk: b for b in bodies}
    for body in bodies:
        seats: dict[int, Seat] = {}
        for org in expected_organisations(body, parties.get(body.period_id, [])):
            if organisation is None or org.pk == organisation.pk:
                seats[org.pk] = Seat(body=body, organisation=org, expected=body.seats_per_party)
        by_body[body.pk] = seats
    for m in memberships:
        seats = by_body[m.body_id]
        if m.organisation_id not in seats:
            if not include_others:
                continue
            seats[m.organisation_id] = Seat(body=body_by_pk[m.body_id], organisation=m.organisation)
        seats[m.organisation_id].memberships.append(m)
    return {body_id: list(seats.values()) for body_id, seats in by_body.items()}


def _seated(
    bodies: list[Body], on: datetime.date, organisation: Organisation | None = None
) -> dict[int, dict[int, int]]:
    """{body_id: {organisation_id: current members}} from one grouped query."""
    from django.db.models import Count

    filled = Membership.objects.current(on).filter(body__in=[b.pk for b in bodies])
    if organisation is not None:
        filled = filled.filter(organisation=organisation)
    seated: dict[int, dict[int, int]] = defaultdict(dict)
    for row in filled.values("body_id", "organisation_id").annotate(n=Count("pk")):
        seated[row["body_id"]][row["organisation_id"]] = row["n"]
    return seated


class _Expected:
    """expected_organisations per body, worked out once per period and seat scope, so that
    counting a body's empty seats costs its members, not the number of parties."""

    def __init__(self, on: datetime.date) -> None:
        self.parties = active_parties_by_period(on)
        self._known: dict[tuple, tuple[list[Organisation], set[int]]] = {}

    def of(self, body: Body) -> tuple[list[Organisation], set[int]]:
        key = (body.period_id, body.is_open, body.seat_scope)
        if key not in self._known:
            orgs = expected_organisations(body, self.parties.get(body.period_id, []))
            self._known[key] = (orgs, {o.pk for o in orgs})
        return self._known[key]


def empty_seat_count(
    bodies: list[Body],
    *,
    organisation: Organisation | None = None,
    on: datetime.date | None = None,
    seats_not_places: bool = False,
) -> int:
    """How many expected places are empty (or, with ``seats_not_places``, how many party seats
    lack someone), the same answer as ``seats_for`` gives, from counts alone: for dashboards,
    no membership rows are loaded. Two queries."""
    on = on or timezone.localdate()
    expected, seated = _Expected(on), _seated(bodies, on, organisation)
    empty = 0
    for body in bodies:
        orgs, ids = expected.of(body)
        if organisation is not None:
            ids = ids & {organisation.pk}
        held = [n for o, n in seated.get(body.pk, {}).items() if o in ids]
        if seats_not_places:
            empty += len(ids) - sum(1 for n in held if n >= body.seats_per_party)
        else:
            places = body.seats_per_party
            empty += places * len(ids) - sum(min(n, places) for n in held)
    return empty


@dataclass
class EmptySeat:
    organisation: Organisation
    expected: int
    held: int

    @property
    def empty(self) -> int:
        return self.expected - self.held


@dataclass
class SeatGap:
    """A body with empty party seats: how many, and which parties when they are few."""

    body: Body
    count: int
    seats: list[EmptySeat] | None


def seat_gaps(
    bodies: list[Body], *, on: datetime.date | None = None, names_up_to: int = 20
) -> list[SeatGap]:
    """The bodies with a party seat not fully held, each with the number of such seats and,
    up to ``names_up_to`` of them, the seats themselves (longer lists are summarised: the
    body's page names them). From counts: two queries, whatever the number of parties."""
    on = on or timezone.localdate()
    expected, seated = _Expected(on), _seated(bodies, on)
    gaps = []
    for body in bodies:
        orgs, ids = expected.of(body)
        held = seated.get(body.pk, {})
        full = sum(1 for o, n in held.items() if o in ids and n >= body.seats_per_party)
        count = len(ids) - full
        if count <= 0:
            continue
        seats = None
        if count <= names_up_to:
            seats = [
                EmptySeat(org, body.seats_per_party, held.get(org.pk, 0))
                for org in orgs
                if held.get(org.pk, 0) < body.seats_per_party
            ]
        gaps.append(SeatGap(body=body, count=count, seats=seats))
    return gaps
