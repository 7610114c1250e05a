"""Pages of the metrics: the region table, a metric, data entry for a party, the review
list, value history, locks and exceptions, imports and exports."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organisations.models import Organisation
from portal.pagecache import cached_page
from portal.params import id_list_param
from portal.permissions import get_visible_or_404, has_perm, is_coordinator, require

from . import charts, importers, services
from .evaluation import fmt
from .forms import ExportForm, ImportForm, ReopenForm, ReturnForm, SotkanetForm, ValueForm
from .locks import YearState, value_lock_reason
from .models import Metric, Spearhead, Value, YearLock, YearReopening, entry_year
from .parties import PartyYears
from .permissions import approve_value, change_value, return_value
from .results import ValueIndex, display, hide_unseen, load_targets, region_blocks
from .subjects import Subject, get_subject_or_404, subject_for_value

FIRST_YEAR = 2021
MAX_SPAN = 60


def _lang() -> str:
    return "en" if (get_language() or "fi").startswith("en") else "fi"


def _years(request, first: int) -> list[int]:
    """Years shown in tables: ?from=&to= (bounded), by default the first metric year to the
    year being entered now."""
    last = entry_year()
    try:
        start = int(request.GET.get("from", first))
        end = int(request.GET.get("to", last))
    except ValueError:
        start, end = first, last
    start = max(2000, min(start, 2100))
    end = max(start, min(end, start + MAX_SPAN, 2100))
    return list(range(start, end + 1))


def _valid_year(year: int) -> int:
    """Years in URLs stay within what the database column and the agreement can hold."""
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _metrics():
    return Metric.objects.select_related("spearhead", "goal", "body")


def index(request):
    spearheads = Spearhead.objects.current().prefetch_related("goals__metrics")
    user = request.user
    own = getattr(user, "organisation", None) if user.is_authenticated else None
    if own is not None and not PartyYears.load().is_party(own, entry_year()):
        own = None
    bodies = []
    if user.is_authenticated:
        for metric in _metrics().filter(scope=Metric.Scope.BODY, body__isnull=False):
            subject = Subject(body=metric.body)
            if has_perm(user, "indicators.enter_values", subject):
                bodies.append(subject)
    return render(
        request,
        "indicators/index.html",
        {
            "spearheads": spearheads,
            "year": entry_year(),
            "own_subject": Subject(organisation=own) if own else None,
            "body_subjects": bodies,
            "is_coordinator": is_coordinator(user),
        },
    )


# --- data entry ----------------------------------------------------------------------------


def _entry_rows(request, subject: Subject, year: int, bound: dict | None = None):
    """Every row of the entry page: the year's values and, for context, the previous
    period's (two queries whatever the number of metrics)."""
    state = YearState.load(year)
    departure = _departure(subject, year)
    metrics = subject.metrics(_metrics().of_year(year), year)
    values, previous = {}, {}
    for value in (
        Value.objects.visible_to(request.user)
        .filter(year__in=[year, year - 1, year - 2], metric__in=[m.pk for m in metrics])
        .filter(**subject.value_lookup())
    ):
        value.organisation, value.body = subject.organisation, subject.body  # no query per row
        if value.year == year:
            values[value.metric_id] = value
        else:
            previous[(value.metric_id, value.year)] = value
    may_enter = has_perm(request.user, "indicators.enter_values", subject)
    rows = []
    for metric in metrics:
        row = _row(
            request,
            subject,
            year,
            metric,
            values.get(metric.pk),
            state,
            may_enter,
            bound=(bound or {}).get(metric.code),
            departure=departure if metric.is_per_organisation else None,
        )
        before = previous.get((metric.pk, metric.previous_year(year)))
        if before is not None:
            before.metric = metric
        row["previous"] = (metric.previous_year(year), display(before)) if before else None
        rows.append(row)
    return rows, state, may_enter


def _departure(subject: Subject, year: int):
    """The subject organisation's leaving of the agreement, when it had left by ``year``'s
    end: it then has nothing to enter for the year (one query)."""
    if subject.organisation is None:
        return None
    return PartyYears.load().departure(subject.organisation, year)


def _row(request, subject, year, metric, value, state, may_enter, bound=None, departure=None):
    if value is not None:
        value.metric = metric
    probe = value or Value(metric=metric, year=year, **subject.value_lookup())
    can_edit = may_enter and departure is None and change_value(request.user, probe, state)
    reason = value_lock_reason(probe, state) if not can_edit else ""
    if departure is not None:
        reason = _("Nothing to enter: %(organisation)s left the agreement on %(date)s.") % {
            "organisation": subject.organisation.display_short_name,
            "date": departure.date_shown,
        }
    form = bound or ValueForm(
        metric=metric, initial=ValueForm.initial_for(value), disabled=not can_edit
    )
    return {
        "metric": metric,
        "value": value,
        "form": form,
        "can_edit": can_edit,
        "lock_reason": reason if may_enter else "",
        "display": display(value),
        "saved": False,
        "unusual": False,
        "save_url": reverse("indicators:value_save", args=[year, subject.key, metric.code]),
        "departure": departure,
    }


def _progress(rows) -> dict:
    filled = [r for r in rows if r["value"] is not None and r["value"].is_filled]
    by_status: defaultdict[str, int] = defaultdict(int)
    for r in filled:
        by_status[r["value"].status] += 1
    return {
        "filled": len(filled),
        "total": len(rows),
        "submitted": by_status[Value.Status.SUBMITTED],
        "approved": by_status[Value.Status.APPROVED],
        "returned": by_status[Value.Status.RETURNED],
        "draft": by_status[Value.Status.DRAFT],
        "to_submit": by_status[Value.Status.DRAFT] + by_status[Value.Status.RETURNED],
    }


def _entry_context(request, subject, year, rows, state, may_enter):
    groups: list[tuple[Spearhead, list[dict[str, Any]]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row["metric"].spearhead:
            groups.append((row["metric"].spearhead, []))
        groups[-1][1].append(row)
    reopening = state.reopening(subject.organisation_id)
    return {
        "subject": subject,
        "year": year,
        "groups": groups,
        "progress": _progress(rows),
        "may_enter": may_enter,
        "locked": state.is_locked(subject.organisation_id),
        "lock_reason": state.lock_reason(subject.organisation_id),
        "reopening": reopening,
        "years": list(range(FIRST_YEAR, max(entry_year(), year) + 1)),
        "departure_reason": next(
            (services.departure_reason(r["departure"], year) for r in rows if r["departure"]),
            "",
        ),
    }


@login_required
def my_entry(request):
    """Where "enter my values" leads: my organisation's page for the year being entered."""
    organisation = request.user.organisation
    if organisation is None or not PartyYears.load().is_party(organisation, entry_year()):
        if is_coordinator(request.user):
            return redirect("indicators:entry", year=entry_year(), subject="region")
        raise Http404
    return redirect("indicators:entry", year=entry_year(), subject=organisation.slug)


@login_required
@require_GET
@cached_page
def entry(request, year: int, subject: str):
    _valid_year(year)
    subj = get_subject_or_404(subject, request.user)
    require(request.user, "indicators.view_values")
    rows, state, may_enter = _entry_rows(request, subj, year)
    return render(
        request,
        "indicators/entry.html",
        _entry_context(request, subj, year, rows, state, may_enter),
    )


@login_required
@require_POST
def value_save(request, year: int, subject: str, code: str):
    """Save one row: htmx swaps the row (and the progress) in place; without JavaScript the
    page reloads. Bad input comes back in the row with its message, nothing saved."""
    _valid_year(year)
    subj = get_subject_or_404(subject, request.user)
    metric = get_object_or_404(_metrics(), code=code)
    if not subj.covers(metric) or not metric.is_due(year):
        raise Http404
    require(request.user, "indicators.enter_values", subj)
    form = ValueForm(request.POST, metric=metric)
    outcome = None
    if form.is_valid():
        try:
            outcome = services.save_value(
                actor=request.user,
                metric=metric,
                subject=subj,
                year=year,
                raw=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                source_url=form.cleaned_data["source_url"],
            )
        except ValidationError as exc:
            form.add_error("value", exc)
    if outcome is not None and not request.htmx:
        if outcome.changed:
            messages.success(request, _("Saved: %(metric)s.") % {"metric": metric.name})
        if outcome.unusual:
            messages.warning(request, _("Check the value: it is far from the previous one."))
        return redirect(reverse("indicators:entry", args=[year, subj.key]) + f"#m-{metric.code}")
    bound = None if outcome else {metric.code: form}
    rows, state, may_enter = _entry_rows(request, subj, year, bound=bound)
    context = _entry_context(request, subj, year, rows, state, may_enter)
    if not request.htmx:
        return render(request, "indicators/entry.html", context)
    row = next(r for r in rows if r["metric"].pk == metric.pk)
    row.update(saved=bool(outcome and outcome.changed), unusual=bool(outcome and outcome.unusual))
    return render(request, "indicators/_entry_row.html", {**context, "row": row, "oob": True})


@login_required
@require_POST
def entry_submit(request, year: int, subject: str):
    _valid_year(year)
    subj = get_subject_or_404(subject, request.user)
    require(request.user, "indicators.enter_values", subj)
    count = services.submit_values(actor=request.user, subject=subj, year=year)
    if count:
        messages.success(
            request,
            _("%(count)s values were sent to the coordinator for approval.") % {"count": count},
        )
    else:
        messages.info(request, _("There were no new values to send."))
    return redirect("indicators:entry", year=year, subject=subj.key)


# --- one value -----------------------------------------------------------------------------


@login_required
def value_detail(request, pk: int):
    value = get_visible_or_404(
        Value.objects.select_related("metric", "organisation", "body", "approved_by"),
        request.user,
        pk=pk,
    )
    state = YearState.load(value.year)
    events = [
        (event, _readable_changes(event.changes)) for event in value.events.select_related("actor")
    ]
    return render(
        request,
        "indicators/value_detail.html",
        {
            "value": value,
            "subject": subject_for_value(value),
            "display": display(value),
            "events": events,
            "lock_reason": value_lock_reason(value, state),
            "can_approve": approve_value(request.user, value, state),
            "can_return": return_value(request.user, value, state),
            "return_form": ReturnForm(),
        },
    )


def _readable_changes(changes: dict) -> list[tuple[str, str, str]]:
    """{field: [from, to]} of a history row as (what, from, to) in the reader's language."""
    labels = {
        "number": _("Value"),
        "yes_no": _("Value"),
        "rating": _("Value"),
        "note": _("Note"),
        "source_url": _("Source link"),
        "status": _("Status"),
    }
    statuses = dict(Value.Status.choices)

    def shown(name, raw) -> str:
        if raw is None or raw == "":
            return "–"
        if name == "status":
            return str(statuses.get(raw, raw))
        if isinstance(raw, bool) or raw in ("True", "False"):
            return _("yes") if raw in (True, "True") else _("no")
        if name == "number":
            try:
                return fmt(Decimal(str(raw)), _lang())
            except ArithmeticError:
                return str(raw)
        return str(raw)

    return [
        (str(labels.get(name, name)), shown(name, pair[0]), shown(name, pair[1]))
        for name, pair in changes.items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]


@login_required
@require_http_methods(["GET", "POST"])
def value_return(request, pk: int):
    value = get_visible_or_404(
        Value.objects.select_related("metric", "organisation", "body"), request.user, pk=pk
    )
    require(request.user, "indicators.return_value", value)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.return_value(actor=request.user, value=value, comment=form.cleaned_data["comment"])
        messages.success(request, _("The value was returned for revision."))
        if request.POST.get("next") == "review":
            query = f"?year={value.year}"
            if value.organisation_id:
                query += f"&organisation={value.organisation.slug}"
            return redirect(reverse("indicators:review") + query)
        return redirect(value)
    return render(
        request,
        "indicators/value_return.html",
        {
            "value": value,
            "form": form,
            "display": display(value),
            "subject": subject_for_value(value),
        },
    )


# --- the coordinator's review --------------------------------------------------------------


def _missing(year: int, organisations, metrics, index: ValueIndex) -> list[dict]:
    """Due cells without a filled value, grouped by who should enter them."""
    missing = []
    for metric in metrics:
        if not metric.is_due(year):
            continue
        if metric.is_per_organisation:
            for organisation in organisations:
                if metric.applies_to(organisation):
                    value = index.get(metric, organisation.pk, year)
                    if value is None or not value.is_filled:
                        missing.append(
                            {"subject": Subject(organisation=organisation), "metric": metric}
                        )
        else:
            value = index.get(metric, None, year)
            if value is None or not value.is_filled:
                subject = Subject(body=metric.body) if metric.body_id else Subject()
                missing.append({"subject": subject, "metric": metric})
    return missing


@login_required
@cached_page
def review(request):
    require(request.user, "indicators.review_values")
    try:
        year = _valid_year(int(request.GET.get("year", entry_year())))
    except (ValueError, Http404):
        year = entry_year()
    organisations = PartyYears.load().parties(year)
    chosen = request.GET.get("organisation", "")
    metrics = list(_metrics().of_year(year))
    index = ValueIndex(
        Value.objects.filter(year=year).select_related("organisation", "body"), metrics
    )
    values = index.all()
    if chosen:
        values = [v for v in values if v.organisation and v.organisation.slug == chosen]
        shown_orgs = [o for o in organisations if o.slug == chosen]
    else:
        shown_orgs = organisations
    order = {m.pk: i for i, m in enumerate(metrics)}
    values.sort(
        key=lambda v: (v.organisation.display_name if v.organisation else "", order[v.metric_id])
    )
    waiting = [
        {"value": v, "display": display(v)} for v in values if v.status == Value.Status.SUBMITTED
    ]
    unsent = [
        {"value": v, "display": display(v)}
        for v in values
        if v.status in (Value.Status.DRAFT, Value.Status.RETURNED) and v.is_filled
    ]
    missing = _missing(
        year,
        shown_orgs,
        metrics if not chosen else [m for m in metrics if m.is_per_organisation],
        index,
    )
    return render(
        request,
        "indicators/review.html",
        {
            "year": year,
            "years": list(range(FIRST_YEAR, entry_year() + 2)),
            "organisations": organisations,
            "chosen": chosen,
            "waiting": waiting,
            "unsent": unsent,
            "missing": missing,
            "locked": YearState.load(year).lock is not None,
        },
    )


@login_required
@require_POST
def values_approve(request):
    require(request.user, "indicators.review_values")
    ids = id_list_param(request.POST, "value")
    approved, skipped = services.approve_values(
        actor=request.user, values=Value.objects.filter(pk__in=ids)
    )
    if approved:
        messages.success(request, _("%(count)s values approved.") % {"count": approved})
    if skipped:
        messages.warning(
            request,
            _(
                "%(count)s values were not approved: they were no longer waiting for approval or "
                "their year is locked."
            )
            % {"count": skipped},
        )
    if not ids:
        messages.info(request, _("Choose the values to approve."))
    year = request.POST.get("year", "")
    query = f"?year={year}" if year.isdigit() else ""
    organisation = request.POST.get("organisation", "")
    if organisation:
        query += f"&organisation={organisation}" if query else f"?organisation={organisation}"
    return redirect(reverse("indicators:review") + query)


# --- years: lock and exceptions ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def years(request):
    require(request.user, "indicators.lock_year")
    locks = {lock.year: lock for lock in YearLock.objects.select_related("locked_by")}
    organisations = list(Organisation.objects.parties())
    form = ReopenForm(request.POST or None, locked_years=sorted(locks), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_year(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The year was reopened as an exception."))
            return redirect("indicators:years")
    all_years = list(range(FIRST_YEAR, entry_year() + 2))
    return render(
        request,
        "indicators/years.html",
        {
            "rows": [{"year": y, "lock": locks.get(y)} for y in reversed(all_years)],
            "reopenings": YearReopening.objects.select_related(
                "organisation", "opened_by", "closed_by"
            )[:50],
            "form": form,
        },
    )


@login_required
@require_POST
def year_lock(request, year: int):
    _valid_year(year)
    require(request.user, "indicators.lock_year")
    if request.POST.get("action") == "unlock":
        services.unlock_year(actor=request.user, year=year)
        messages.success(request, _("The year %(year)s is open again.") % {"year": year})
    else:
        services.lock_year(actor=request.user, year=year)
        messages.success(request, _("The year %(year)s is locked.") % {"year": year})
    return redirect("indicators:years")


@login_required
@require_POST
def reopening_close(request, pk: int):
    require(request.user, "indicators.reopen_year")
    reopening = get_object_or_404(YearReopening, pk=pk)
    services.close_reopening(actor=request.user, reopening=reopening)
    messages.success(request, _("The exception was closed; the year is locked again."))
    return redirect("indicators:years")


# --- region table and metric page ----------------------------------------------------------


@login_required
@cached_page
def region_table(request):
    require(request.user, "indicators.view_values")
    spearheads = list(Spearhead.objects.current())
    if not spearheads:
        raise Http404
    code = request.GET.get("spearhead") or spearheads[0].code
    spearhead = next((s for s in spearheads if s.code == code), None)
    if spearhead is None:
        raise Http404
    metrics = [m for m in _metrics().filter(spearhead=spearhead)]
    years = _years(request, min([m.first_year for m in metrics] or [FIRST_YEAR]))
    blocks = region_blocks(metrics, years, PartyYears.load())
    hide_unseen(blocks, request.user)
    for block in blocks:
        _show(block)
    return render(
        request,
        "indicators/region_table.html",
        {"spearheads": spearheads, "spearhead": spearhead, "years": years, "blocks": blocks},
    )


def _show(block):
    """Each cell as the table shows it: (value, shown text, due, departure or None)."""
    for row in block.rows:
        row.shown = [
            (v, display(v), due, left)
            for v, due, left in zip(row.cells, row.due, row.left, strict=True)
        ]
    return block


@login_required
@cached_page
def metric_detail(request, code: str):
    metric = get_visible_or_404(_metrics(), request.user, code=code)
    require(request.user, "indicators.view_values")
    years = _years(request, metric.first_year)
    parties = PartyYears.load()
    organisations = parties.across(years)
    index = ValueIndex.load([metric], years)
    targets = load_targets([metric])
    blocks = region_blocks([metric], years, parties, index)
    hide_unseen(blocks, request.user)
    block = _show(blocks[0])
    own = request.user.organisation
    chart, chart_caption = charts.metric_chart(
        metric,
        [y for y in years if metric.in_range(y)],
        index,
        organisations,
        highlight=own,
        lang=_lang(),
    )
    return render(
        request,
        "indicators/metric_detail.html",
        {
            "metric": metric,
            "years": years,
            "mblock": block,
            "chart": chart,
            "chart_caption": chart_caption,
            "targets": sorted(targets.values(), key=lambda t: t.organisation.display_name)
            if targets
            else [],
        },
    )


# --- import and export ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def values_import(request):
    require(request.user, "indicators.import_values")
    form = ImportForm(request.POST or None, request.FILES or None)
    rows = None
    payload = ""
    file_error = ""
    if request.method == "POST" and "payload" in request.POST:
        try:
            records = importers.unsign(request.POST["payload"])
        except signing.BadSignature:
            messages.error(request, _("The preview has expired; choose the file again."))
            return redirect("indicators:values_import")
        rows = importers.validate(request.user, records)
        if all(r.ok for r in rows):
            saved = services.import_values(actor=request.user, rows=rows)
            messages.success(request, _("Import done: %(count)s values saved.") % {"count": saved})
            return redirect("indicators:values_import")
        form = ImportForm()
    elif request.method == "POST" and form.is_valid():
        try:
            records = importers.read_upload(form.cleaned_data["file"])
        except importers.FileError as exc:
            file_error = str(exc)
        else:
            rows = importers.validate(request.user, records)
            if rows and all(r.ok for r in rows):
                payload = importers.sign(records)
    return render(
        request,
        "indicators/values_import.html",
        {
            "form": form,
            "rows": rows,
            "payload": payload,
            "file_error": file_error,
            "error_count": sum(1 for r in rows if not r.ok) if rows else 0,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sotkanet_import(request):
    require(request.user, "indicators.import_sotkanet")
    form = SotkanetForm(request.POST or None, request.FILES or None)
    rows = None
    payload = ""
    file_error = ""
    skipped = 0
    if request.method == "POST" and "payload" in request.POST:
        try:
            records = importers.unsign(request.POST["payload"])
        except signing.BadSignature:
            messages.error(request, _("The preview has expired; choose the files again."))
            return redirect("indicators:sotkanet_import")
        rows = importers.validate(request.user, records)
        if all(r.ok for r in rows):
            saved = services.import_values(actor=request.user, rows=rows)
            messages.success(request, _("Import done: %(count)s values saved.") % {"count": saved})
            return redirect("indicators:sotkanet_import")
        form = SotkanetForm()
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            regions = importers.read_sotkanet_regions(data["regions"].read())
            rows_in = importers.read_sotkanet_data(data["data"].read(), data["data"].name)
            records, skipped = importers.sotkanet_records(data["metric"], rows_in, regions)
        except importers.FileError as exc:
            file_error = str(exc)
        else:
            rows = importers.validate(request.user, records)
            if rows and all(r.ok for r in rows):
                payload = importers.sign(
                    [{k: v for k, v in r.items() if k != "_errors"} for r in records]
                )
    return render(
        request,
        "indicators/sotkanet_import.html",
        {
            "form": form,
            "rows": rows,
            "payload": payload,
            "file_error": file_error,
            "skipped": skipped,
            "error_count": sum(1 for r in rows if not r.ok) if rows else 0,
        },
    )


@login_required
@require_GET
def values_export(request):
    require(request.user, "indicators.view_values")
    form = ExportForm(request.GET or None)
    if not request.GET or not form.is_valid():
        return render(request, "indicators/values_export.html", {"form": form})
    values = (
        Value.objects.visible_to(request.user)
        .filled()
        .select_related("metric", "organisation", "body")
        .order_by("metric__spearhead__order", "metric__order", "year", "organisation__name")
    )
    year = form.cleaned_data.get("year")
    if year:
        values = values.filter(year=year)
    rows = importers.export_rows(values)
    name = f"mittarit-{year or 'kaikki'}"
    if form.cleaned_data["format"] == "xlsx":
        response = HttpResponse(
            importers.write_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(importers.write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
