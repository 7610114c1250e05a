"""The audit trail (read-only, filtered, exported as CSV) and the mail log (with resending a
failed mail)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from portal.permissions import get_visible_or_404, has_perm, require

from .. import actions, queries, services
from ..forms import AuditFilterForm, MailFilterForm
from ..models import MailLogEntry
from .common import error_text, page_of

CSV_LIMIT = 50_000


def _audit_rows(request):
    require(request.user, "console.view_audit")
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, queries.audit_entries(request.user, filters)


def entry_view(entry) -> dict:
    """One row as the page and the CSV show it: who, when, what, before → after."""
    model = entry.target_type.model_class() if entry.target_type_id else None
    return {
        "entry": entry,
        "when": timezone.localtime(entry.created_at),
        "who": entry.actor.display_name if entry.actor_id else "",
        "organisation": entry.organisation.display_short_name if entry.organisation_id else "",
        "action": actions.phrase(entry.action),
        "kind": model._meta.verbose_name if model is not None else "",
        "changes": actions.describe_changes(entry.changes, model),
    }


@login_required
@require_GET
def audit_trail(request):
    form, rows = _audit_rows(request)
    page, query = page_of(request, rows)
    return render(
        request,
        "console/audit.html",
        {"form": form, "page": page, "query": query, "rows": [entry_view(e) for e in page]},
    )


class _Echo:
    def write(self, value):
        return value


@login_required
@require_GET
def audit_export(request):
    """The filtered view as CSV (UTF-8 with BOM for spreadsheet programs, ``;``-separated)."""
    _form, rows = _audit_rows(request)
    writer = csv.writer(_Echo(), delimiter=";")
    header = [
        _("When"),
        pgettext("audit", "Who"),
        _("Organisation"),
        pgettext("audit", "Action"),
        _("Object"),
        _("Changes"),
    ]

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for entry in rows[:CSV_LIMIT].iterator(chunk_size=500):
            view = entry_view(entry)
            changes = "; ".join(f"{f}: {b} → {a}" for f, b, a in view["changes"])
            yield writer.writerow(
                [
                    view["when"].strftime("%Y-%m-%d %H:%M:%S"),
                    view["who"],
                    view["organisation"],
                    view["action"],
                    entry.target_repr,
                    changes,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tapahtumaloki-{stamp}.csv"'
    return response


@login_required
@require_GET
def mail_log(request):
    require(request.user, "console.view_mail_log")
    form = MailFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    page, query = page_of(request, queries.mails(request.user, filters))
    return render(request, "console/mail_log.html", {"form": form, "page": page, "query": query})


@login_required
@require_GET
def mail_detail(request, pk):
    require(request.user, "console.view_mail_log")
    mail = get_visible_or_404(
        MailLogEntry.objects.select_related("to_user__organisation"), request.user, pk=pk
    )
    resend = getattr(mail, "resend", None)
    return render(
        request,
        "console/mail_detail.html",
        {
            "mail": mail,
            "resend": resend,
            "can_resend": mail.status == MailLogEntry.Status.FAILED
            and resend is None
            and has_perm(request.user, "console.resend_mail", mail),
        },
    )


@login_required
@require_POST
def mail_resend(request, pk):
    require(request.user, "console.view_mail_log")
    mail = get_visible_or_404(MailLogEntry.objects.all(), request.user, pk=pk)
    require(request.user, "console.resend_mail", mail)
    try:
        services.resend_mail(actor=request.user, mail=mail)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("The mail to %(address)s was sent again.") % {"address": mail.to_email}
        )
    return redirect("console:mail_detail", pk=mail.pk)
