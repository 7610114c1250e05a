"""After each kind of write, every page shows the new data at once, through the kept pages.

Each test fills the cache with every page as three personas see it, makes one real change
through the portal's own service (its transaction committed), then asks each page again: the
kept-page answer must equal the page built anew, and the pages that show the change must differ
from before."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from forums.models import Body, Membership
from forums.services import elect_role, nominate_representative
from indicators.models import Metric, Value
from indicators.services import approve_values, lock_year, save_value
from indicators.subjects import Subject
from meetings.answers import answer_meeting
from meetings.models import Meeting
from meetings.scheduling import schedule_meeting
from organisations.models import Organisation

from .cache_pages import built_anew, client, concrete, demo_user, difference, kept, urls

PERSONAS = ["coordinator", "forssa_admin", "forssa_member"]


def _seat() -> None:
    nominate_representative(
        actor=demo_user("coordinator"),
        body=Body.objects.get(slug="hyte-tyoryhma"),
        organisation=Organisation.objects.get(slug="forssa"),
        person=demo_user("forssa_member"),
        valid_from=timezone.localdate(),
    )


def _role() -> None:
    body = Body.objects.get(slug="perhekeskus")
    member = Membership.objects.filter(body=body, valid_to=None).select_related("person").first()
    assert member is not None
    elect_role(
        actor=demo_user("coordinator"),
        body=body,
        role="chair",
        person=member.person,
        elected_on=timezone.localdate(),
    )


def _meeting() -> None:
    start = (timezone.localtime() + datetime.timedelta(days=9)).replace(hour=10, minute=0)
    schedule_meeting(
        actor=demo_user("coordinator"),
        body=Body.objects.get(slug="hytefoorumi"),
        title="Ylimääräinen kokous välimuistin testiin",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        host_organisation=Organisation.objects.get(slug="forssa"),
        place="Forssan kaupungintalo",
    )


def _answer() -> None:
    meeting = Meeting.objects.filter(body__slug="hytefoorumi", status="scheduled").order_by("pk")
    admin = demo_user("forssa_admin")
    participant = meeting.first().participants.get(user=admin)  # type: ignore[union-attr]
    answer_meeting(participant=participant, answer="declined", actor=admin)


def _value() -> None:
    admin = demo_user("forssa_admin")
    metric = Metric.objects.get(code="valimuotoinen-asuminen")
    save_value(
        actor=admin,
        metric=metric,
        subject=Subject(organisation=admin.organisation),
        year=2025,
        raw="987",
    )


def _approval() -> None:
    waiting = Value.objects.filter(
        organisation__slug="forssa", year=2025, metric__code="valimuotoinen-asuminen"
    )
    assert waiting.get().status == Value.Status.SUBMITTED
    assert approve_values(actor=demo_user("coordinator"), values=list(waiting)) == (1, 0)


def _lock() -> None:
    # The final report a lock queues is built elsewhere (reports' own tests).
    with mock.patch("reports.services.queue_final_after_lock"):
        lock_year(actor=demo_user("coordinator"), year=2024)


WRITES = {
    "seat": (_seat, "/structure/bodies/hyte-tyoryhma/"),
    "role": (_role, "/structure/bodies/perhekeskus/"),
    "meeting": (_meeting, "/structure/meetings/?scope=all"),
    "answer": (_answer, "/structure/meetings/{meeting}/"),
    "value": (_value, "/metrics/entry/2025/forssa/"),
    "approval": (_approval, "/metrics/review/"),
    "lock": (_lock, "/metrics/entry/2024/forssa/"),
}


def _everything(browsers) -> dict[tuple[str, str], tuple[int, str]]:
    return {
        (persona, url): kept(browser, url)
        for persona, browser in browsers.items()
        for url in urls(persona)
    }


@pytest.mark.parametrize("kind", list(WRITES))
def test_every_page_shows_the_new_data_at_once_after_a_write(
    kind, seeded_demo, page_cache, django_capture_on_commit_callbacks
):
    write, shows_it = WRITES[kind]
    browsers = {persona: client(persona) for persona in PERSONAS}
    before = _everything(browsers)
    assert _everything(browsers) == before  # now served from the kept pages
    with django_capture_on_commit_callbacks(execute=True):
        write()
    after = _everything(browsers)
    for (persona, url), page in after.items():
        fresh = built_anew(browsers[persona], url)
        assert page == fresh, (kind, persona, url, difference(page[1], fresh[1]))
    changed = concrete(shows_it, "coordinator") or shows_it
    assert after[("coordinator", changed)] != before[("coordinator", changed)], (kind, changed)
