"""Meetings of the bodies and what they produce: the meeting and its agenda, participants
and their answers, calendar feed tokens, minutes with their versions, the decision register,
action items and the monthly rhythm alert's record.

Rules about one row are methods here; writes go through the service modules
(``scheduling``, ``answers``, ``minutes``, ``rhythm``, ``feeds``).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from forums.models import Body
from portal import permissions
from portal.lib.files import PrivateFileField
from portal.lib.links import object_url

# Mails that ask people to come: not sent once the meeting has been cancelled.
INVITING_KINDS = ("meeting_invitation", "meeting_update", "meeting_deputy", "meeting_agenda_update")


class MeetingLocked(ValidationError):
    """The meeting (or its minutes) can no longer be changed: a clear message, nothing done."""


def _new_uid() -> str:
    return f"{uuid.uuid4()}@yhdyspinta"


def _new_nonce() -> str:
    return secrets.token_urlsafe(9)


def _new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Public meetings for everyone; party-wide ones for logged-in party people; the rest
        for the bodies' members, the participants, the conveners and coordinators."""
        if permissions.is_coordinator(user):
            return self.all()
        public = Q(visibility=Meeting.Visibility.PUBLIC) & ~Q(status=Meeting.Status.DRAFT)
        if not permissions.is_active_user(user):
            return self.filter(public)
        sits = Body.objects.for_person(user).values("pk")
        schedules = Body.objects.convenable_by(user).values("pk")
        not_draft = ~Q(status=Meeting.Status.DRAFT)
        shown = (
            (Q(visibility=Meeting.Visibility.PARTIES) & not_draft)
            | public
            | (Q(bodies__in=sits) & not_draft)
            | (Q(participants__user=user) & not_draft)
            | Q(bodies__in=schedules)
            | Q(convener=user)
            | Q(created_by=user)
        )
        return self.filter(pk__in=Meeting.objects.filter(shown).values("pk"))

    def attended_by(self, user) -> MeetingQuerySet:
        """The meetings whose members ``user`` is: invited participants, whoever may change
        the meeting (conveners and named preparers of its body, its own convener) and
        coordinators. Members see everything of a meeting (``meetings.audience``)."""
        if permissions.is_coordinator(user):
            return self.all()
        if not permissions.is_active_user(user):
            return self.none()
        members = (
            Q(participants__user=user, participants__removed_at__isnull=True)
            | Q(convener=user)
            | Q(body__in=Body.objects.convenable_by(user).values("pk"))
        )
        return self.filter(pk__in=Meeting.objects.filter(members).values("pk"))

    def upcoming(self) -> MeetingQuerySet:
        """Meetings still to come that will be held: drafts and cancelled ones are not."""
        return self.filter(ends_at__gte=timezone.now(), status=Meeting.Status.SCHEDULED)


class Meeting(models.Model):
    """A meeting of one body, or a joint meeting of several (``bodies``; ``body`` convenes)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTIES = "parties", _("all parties")
        MEMBERS = "members", _("members only")

    body = models.ForeignKey(
        "forums.Body",
        verbose_name=_("convening body"),
        on_delete=models.PROTECT,
        related_name="convened_meetings",
    )
    bodies = models.ManyToManyField(
        "forums.Body", verbose_name=_("bodies"), related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    remote_url = models.URLField(_("remote link"), max_length=500, blank=True)
    remote_url_public = models.BooleanField(
        _("the remote link may be shown to everyone"),
        default=False,
        help_text=_(
            "Otherwise only logged-in users see the link; public pages and calendar feeds "
            "show the place only."
        ),
    )
    host_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("hosting organisation"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        help_text=_("Bears the room and catering costs. No meeting fees are paid."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PARTIES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("convener"),
        on_delete=models.PROTECT,
        related_name="convened_meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # iCalendar identity: one UID for the meeting's whole life; SEQUENCE grows on real changes.
    uid = models.CharField(
        max_length=120,
        unique=True,
        default=_new_uid,
        editable=False,
        verbose_name=_("calendar UID"),
    )
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("calendar sequence"))
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("cancelled"))
    # The start time the reminder was sent for: a moved meeting gets a new reminder.
    reminder_sent_for = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent for")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = MeetingQuerySet.as_manager()
    # The bodies a service already holds, so that mails do not query them again.
    _bodies_cache: list[Body] | None = None

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.title} {date_format(timezone.localtime(self.starts_at), 'SHORT_DATE_FORMAT')}"
        )

    def get_absolute_url(self) -> str:
        return object_url("meetings:meeting_detail", self.pk)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def is_upcoming(self) -> bool:
        return self.ends_at >= timezone.now() and self.status == self.Status.SCHEDULED

    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    def outbox_skip_reason(self, kind: str) -> str:
        """Asked by the mail task just before it sends a row about this meeting: why the
        mail must not go any more ("" to send). A reminder of a meeting since cancelled or
        moved, or an invitation queued before a cancellation, is not sent."""
        if kind == "meeting_reminder":
            if self.status != self.Status.SCHEDULED:
                return f"meeting {self.status}"
            if self.reminder_sent_for != self.starts_at or self.starts_at <= timezone.now():
                return "meeting moved or started"
        elif kind in INVITING_KINDS and self.is_cancelled:
            return "meeting cancelled"
        return ""


class AgendaItem(models.Model):
    """A numbered item (§) with its preparer and proposed decision."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("§"))
    title = models.CharField(_("title"), max_length=300)
    preparer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("preparer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("presentation"), blank=True)
    proposed_decision = models.TextField(_("proposed decision"), blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Salassa pidettävä: the presentation, proposed decision and attachment are shown "
            "only to the meeting's members, before and after the minutes."
        ),
    )
    attachment = PrivateFileField(
        _("attachment"), folder="meetings", name_field="attachment_name", blank=True
    )
    # The uploader's file name, given back on download (the stored name is a random token).
    attachment_name = models.CharField(_("attachment's name"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} § {self.title}"


class ParticipantQuerySet(models.QuerySet):
    def invited(self) -> ParticipantQuerySet:
        return self.exclude(removed_at__isnull=False)


class Participant(models.Model):
    """Someone invited to a meeting: a member, a personal deputy or a guest with access."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy")
        GUEST = "guest", _("guest")
        CONVENER = "convener", _("convener")

    class Answer(models.TextChoices):
        NONE = "none", _("no answer yet")
        ACCEPTED = "accepted", _("coming")
        TENTATIVE = "tentative", _("maybe")
        DECLINED = "declined", _("not coming")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_participations",
        verbose_name=_("person"),
    )
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.MEMBER, verbose_name=_("kind")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # The member this deputy stands in for (set when the member declines).
    deputy_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name=_("deputy for"),
    )
    # A deputy asked to attend because the member declined.
    stands_in = models.BooleanField(default=False, verbose_name=_("stands in"))
    answer = models.CharField(
        max_length=10, choices=Answer.choices, default=Answer.NONE, verbose_name=_("answer")
    )
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered"))
    # Rotated on every answer and every re-invitation: an answer link works once.
    link_nonce = models.CharField(max_length=20, default=_new_nonce, verbose_name=_("link nonce"))
    invited_at = models.DateTimeField(default=timezone.now, verbose_name=_("invitation sent"))
    removed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("removed"))

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind", "user__last_name", "user__first_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="participant_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.meeting_id}"

    @property
    def is_asked(self) -> bool:
        """Asked to come: members, guests and the convener, and a personal deputy only when
        called in because the member declined (the others get the invitation for their
        information)."""
        return self.kind != self.Kind.DEPUTY or self.stands_in

    @property
    def ical_partstat(self) -> str:
        partstats: dict[str, str] = {
            self.Answer.ACCEPTED: "ACCEPTED",
            self.Answer.TENTATIVE: "TENTATIVE",
            self.Answer.DECLINED: "DECLINED",
        }
        return partstats.get(self.answer, "NEEDS-ACTION")

    @property
    def ical_role(self) -> str:
        if self.kind == self.Kind.MEMBER:
            return "REQ-PARTICIPANT"
        if self.kind == self.Kind.CONVENER:
            return "CHAIR"
        return "OPT-PARTICIPANT"


class Minutes(models.Model):
    """Minutes of one meeting: draft → checked → approved; approved minutes are locked and
    every transition keeps a version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CHECKED = "checked", _("checked")
        APPROVED = "approved", _("approved")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    attendance = models.TextField(_("present"), blank=True)
    notes = models.TextField(_("opening notes"), blank=True)
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("checked"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting} ({self.status})"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class MinutesItem(models.Model):
    """What was said and decided under one agenda item (§)."""

    class Election(models.TextChoices):
        NONE = "", _("no election")
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        SECRETARY = "secretary", _("secretary")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="items", verbose_name=_("minutes")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveSmallIntegerField(_("§"))
    title = models.CharField(_("title"), max_length=300)
    discussion = models.TextField(_("discussion"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Left out of the public minutes.")
    )
    election_role = models.CharField(
        _("election"), max_length=12, choices=Election.choices, blank=True, default=""
    )
    elected = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("elected person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The role this item's election set when the minutes were approved.
    role_assignment = models.OneToOneField(
        "forums.RoleAssignment",
        verbose_name=_("elected role"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elected_in",
    )

    class Meta:
        ordering = ["minutes", "number"]
        verbose_name = _("minutes item")
        verbose_name_plural = _("minutes items")

    def __str__(self) -> str:
        return f"{self.number} § {self.title}"


class MinutesVersion(models.Model):
    """A frozen copy of the minutes at each transition (and the approved text)."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="versions", verbose_name=_("minutes")
    )
    version = models.PositiveIntegerField(verbose_name=_("version"))
    status = models.CharField(
        max_length=10, choices=Minutes.Status.choices, verbose_name=_("status")
    )
    content = models.JSONField(default=dict, verbose_name=_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        ordering = ["minutes", "-version"]
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "version", "status"], name="minutes_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.version} {self.status}"


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        """Decisions of approved minutes of the meetings ``user`` sees; a confidential
        item's decision only to the members of its own meeting (``meetings.audience``)."""
        return self.filter(
            meeting__in=Meeting.objects.visible_to(user),
            meeting__minutes__status=Minutes.Status.APPROVED,
        ).filter(Q(confidential=False) | Q(meeting__in=Meeting.objects.attended_by(user)))


class Decision(models.Model):
    """One decision of approved (or drafted) minutes, in a body's register."""

    body = models.ForeignKey(
        "forums.Body", on_delete=models.CASCADE, related_name="decisions", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    minutes_item = models.OneToOneField(
        MinutesItem,
        on_delete=models.CASCADE,
        related_name="register_entry",
        verbose_name=_("minutes item"),
    )
    number = models.PositiveSmallIntegerField(_("§"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("decision"))
    confidential = models.BooleanField(default=False, verbose_name=_("confidential"))
    decided_on = models.DateField(_("date"))

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{date_format(self.decided_on, 'SHORT_DATE_FORMAT')} {self.number} § {self.title}"


class ActionItemQuerySet(models.QuerySet):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status=ActionItem.Status.OPEN)

    def overdue(self, on=None) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=on or timezone.localdate())


class ActionItem(models.Model):
    """A task from a meeting: who (organisation) does what by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    body = models.ForeignKey(
        "forums.Body", on_delete=models.CASCADE, related_name="action_items", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    minutes_item = models.ForeignKey(
        MinutesItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("minutes item"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("done"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, on=None) -> bool:
        return self.status == self.Status.OPEN and self.due_date < (on or timezone.localdate())


class CalendarFeedToken(models.Model):
    """A private calendar feed of one user's meetings; revoking makes a new token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(
        max_length=64, unique=True, default=_new_feed_token, verbose_name=_("token")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"


class RhythmAlert(models.Model):
    """That a body's conveners were alerted about its meeting rhythm in a month. Created in
    the same transaction as the mails; the unique constraint lets only one run send."""

    body = models.ForeignKey(
        "forums.Body", on_delete=models.CASCADE, related_name="+", verbose_name=_("body")
    )
    month = models.CharField(max_length=7, help_text="YYYY-MM", verbose_name=_("month"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("rhythm alert")
        verbose_name_plural = _("rhythm alerts")
        constraints = [
            models.UniqueConstraint(fields=["body", "month"], name="rhythmalert_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.month}"
