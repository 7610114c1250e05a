"""The wellbeing forum's chair schedules a meeting in the browser; the members' invitations
exist as calendar invitations; a member accepts from the link; the chair sees who is coming
and who got the mail; the dashboard shows the forum's rhythm."""

from __future__ import annotations

import datetime
import email
import re

from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from forums.models import Body, Membership, RoleAssignment
from meetings.models import Meeting, Participant
from portal.models import OutboundEmail
from tests.conftest import make_user


def _people():
    wellbeing = Body.objects.get(slug="hytefoorumi")
    chair = make_user(
        "kanta-hameen-hyvinvointialue",
        "member",
        "chair@demo.example",
        first_name="Kaisa",
        last_name="Koollekutsuja",
    )
    member = make_user("forssa", "member", "member.forssa@demo.example", first_name="Matti")
    deputy = make_user("forssa", "org_admin", "admin.forssa@demo.example", first_name="Vilma")
    since = datetime.date(2023, 9, 1)
    for person, dep in ((chair, None), (member, deputy)):
        assert person.organisation is not None
        Membership.objects.create(
            body=wellbeing,
            organisation=person.organisation,
            person=person,
            deputy=dep,
            valid_from=since,
        )
    RoleAssignment.objects.create(
        body=wellbeing, role="chair", person=chair, valid_from=since, elected_on=since
    )
    return chair, member, deputy


def test_the_chair_schedules_a_meeting_and_a_member_accepts_from_the_mail(
    page, login, browser_agreement
):
    chair, member, deputy = _people()
    login(page, chair.email)
    expect(
        page.get_by_role("heading", name=re.compile("Kokousrytmi"))
    ).to_be_visible()  # the dashboard's rhythm

    page.get_by_role("link", name="Kokoukset", exact=True).first.click()
    page.get_by_role("link", name="Kutsu kokous koolle").click()
    page.get_by_label("Toimielin").select_option(label="Hyvinvointifoorumi (hytefoorumi)")
    page.get_by_label("Kokouksen nimi").fill("Hytefoorumin syyskokous")
    day = timezone.localdate() + datetime.timedelta(days=21)
    page.get_by_label("Alkaa").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("Päättyy").fill(f"{day:%Y-%m-%d}T11:00")
    page.get_by_label("Paikka").fill("Hämeenlinnan kaupungintalo")
    page.locator("#id_agenda-4-title").fill("Alueellinen hyvinvointikertomus")
    page.locator("#id_agenda-4-proposed_decision").fill("Merkitään tiedoksi.")
    page.get_by_role("button", name="Kutsu koolle ja lähetä kutsut").click()
    expect(page.get_by_text("Kokous kutsuttiin koolle")).to_be_visible()

    meeting = Meeting.objects.get(title="Hytefoorumin syyskokous")
    assert meeting.status == Meeting.Status.SCHEDULED
    rows = OutboundEmail.objects.filter(related_id=str(meeting.pk), kind="meeting_invitation")
    assert sorted(rows.values_list("to_email", flat=True)) == sorted([member.email, deputy.email])
    confirmation = OutboundEmail.objects.get(related_id=str(meeting.pk), to_email=chair.email)
    assert confirmation.kind == "meeting_confirmation" and not confirmation.calendar_ics
    invitation = next(m for m in mail.outbox if m.to == [member.email])
    parsed = email.message_from_bytes(invitation.message().as_bytes())
    ics = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    payload = ics.get_payload(decode=True)
    assert isinstance(payload, bytes)
    calendar = Calendar.from_ical(payload)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting.uid
    assert (
        "6 § Alueellinen hyvinvointikertomus" in invitation.body
        or "5 § Alueellinen hyvinvointikertomus" in invitation.body
    )

    # The member answers from the link in the mail, without logging in.
    answer_link = re.search(r"http://\S+/answer/\S+\?a=accepted", str(invitation.body))
    assert answer_link
    link = answer_link.group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = page.context.browser.new_context(
        base_url=page.url.split("/structure")[0], locale="fi-FI"
    )
    other = visitor.new_page()
    other.goto("/" + path)
    expect(other.get_by_label("Kyllä, osallistun")).to_be_checked()
    other.get_by_role("button", name="Lähetä vastaukseni").click()
    expect(other.get_by_text("Kiitos, vastauksesi tallennettiin")).to_be_visible()
    visitor.close()
    assert Participant.objects.get(meeting=meeting, user=member).answer == "accepted"

    # The chair sees who is coming and who got the mail.
    page.goto(meeting.get_absolute_url())
    row = page.get_by_role("row", name=re.compile("^Matti"))
    expect(row).to_contain_text("osallistuu")
    expect(row).to_contain_text("lähetetty")
    expect(page.get_by_text("osallistuu 1")).to_be_visible()


def test_a_bad_time_is_explained_and_nothing_is_sent(page, login, browser_agreement):
    chair, _member, _deputy = _people()
    login(page, chair.email)
    page.goto("/structure/meetings/new/?body=hytefoorumi")
    page.get_by_label("Kokouksen nimi").fill("Väärä aika")
    day = timezone.localdate() + datetime.timedelta(days=5)
    page.get_by_label("Alkaa").fill(f"{day:%Y-%m-%d}T12:00")
    page.get_by_label("Päättyy").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("Paikka").fill("Forssa")
    page.get_by_role("button", name="Kutsu koolle ja lähetä kutsut").click()
    expect(page.locator(".error-summary")).to_contain_text("päätyttävä alkamisajan jälkeen")
    assert not Meeting.objects.exists()
    assert not OutboundEmail.objects.filter(kind="meeting_invitation").exists()


def test_meeting_pages_have_no_wcag_violations(page, login, browser_agreement):
    from axe_playwright_python.sync_playwright import Axe

    from meetings.links import answer_url
    from meetings.scheduling import schedule_meeting
    from organisations.models import Organisation

    chair, member, _deputy = _people()
    start = timezone.localtime() + datetime.timedelta(days=9)
    meeting = schedule_meeting(
        actor=chair,
        body=Body.objects.get(slug="hytefoorumi"),
        title="Saavutettava kokous",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Forssa",
        host_organisation=Organisation.objects.get(slug="forssa"),
    )
    link = answer_url(meeting.participants.get(user=member)).split("testserver", 1)[-1]
    login(page, chair.email)
    problems = {}
    for path in [
        meeting.get_absolute_url(),
        "/structure/meetings/",
        "/structure/meetings/new/",
        f"/structure/meetings/calendar/?year={start.year}&month={start.month}",
        f"/structure/meetings/{meeting.pk}/cancel/",
        "/structure/meetings/feed/",
        "/structure/meetings/bodies/hytefoorumi/register/",
        link,
    ]:
        page.goto(path)
        results = Axe().run(
            page,
            options={
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
            },
        )
        found = [f"{v['id']}: {v['nodes'][0]['target']}" for v in results.response["violations"]]
        if found:
            problems[path] = found
    assert problems == {}
