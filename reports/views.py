"""Views of the follow-up reports: the report page (build, progress by htmx polling, versions,
conclusions, publishing), the public list of published reports, and the permission-checked
downloads (PDF, XLSX, CSV) — files are never served from a public path."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indicators.models import YearLock
from portal.pagecache import cached_page
from portal.permissions import get_visible_or_404, has_perm, require

from . import build as report_build
from . import services, tables
from .forms import BuildForm, ConclusionsForm
from .models import Conclusions, ReportVersion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _selected_year(request, years: list[int]) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year in years:
        return year
    return years[-1] if years else None


@dataclass
class VersionRow:
    """A version with the ready booleans its template needs (no rules in templates)."""

    version: ReportVersion
    can_download: bool
    can_retry: bool
    can_publish: bool
    can_unpublish: bool
    progress: int
    progress_max: int


def _row(version: ReportVersion, user) -> VersionRow:
    steps = [s for s, _label in ReportVersion.Step.choices]
    return VersionRow(
        version=version,
        can_download=has_perm(user, "reports.download", version),
        can_retry=has_perm(user, "reports.retry", version),
        can_publish=has_perm(user, "reports.publish", version),
        can_unpublish=has_perm(user, "reports.unpublish", version),
        progress=steps.index(version.step) if version.step in steps else 0,
        progress_max=len(steps) - 1,
    )


@require_GET
@cached_page
def index(request):
    if not has_perm(request.user, "reports.view_versions"):
        return published(request)
    years = services.report_years()
    year = _selected_year(request, years)
    versions = [
        _row(v, request.user)
        for v in ReportVersion.objects.visible_to(request.user)
        .filter(year=year or 0)
        .select_related("requested_by", "same_data_as")
    ]
    conclusions = Conclusions.objects.filter(year=year or 0).first()
    can_build = has_perm(request.user, "reports.build")
    can_write = has_perm(request.user, "reports.write_conclusions")
    language = (get_language() or "fi")[:2]
    return render(
        request,
        "reports/index.html",
        {
            "years": years,
            "year": year,
            "locked": YearLock.objects.filter(year=year or 0).exists(),
            "versions": versions,
            "can_build": can_build,
            "build_form": BuildForm(initial={"year": year, "language": language}, years=years)
            if can_build
            else None,
            "conclusions": conclusions,
            "conclusions_form": ConclusionsForm(
                initial={
                    "text_fi": conclusions.text_fi if conclusions else "",
                    "text_en": conclusions.text_en if conclusions else "",
                }
            )
            if can_write and year
            else None,
        },
    )


@require_GET
def published(request):
    versions = (
        ReportVersion.objects.published()
        .filter(kind=ReportVersion.Kind.FINAL)
        .order_by("-year", "language", "-published_at")
    )
    return render(request, "reports/published.html", {"versions": versions})


@login_required
@require_POST
def build(request):
    require(request.user, "reports.build")
    form = BuildForm(request.POST, years=services.report_years())
    year = request.POST.get("year", "")
    if not form.is_valid():
        messages.error(request, _("Choose the year and the language of the report."))
        return redirect("reports:index")
    try:
        version = services.request_build(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The %(year)s report is being built in the background; its progress shows below.")
            % {"year": version.year},
        )
        year = version.year
    return redirect(f"{reverse('reports:index')}?year={year}")


@login_required
@require_GET
def version_status(request, pk: int):
    """The htmx partial of one version: polled every two seconds while it is built."""
    require(request.user, "reports.view_versions")
    version = get_visible_or_404(
        ReportVersion.objects.select_related("requested_by", "same_data_as"), request.user, pk=pk
    )
    return render(request, "reports/_version.html", {"row": _row(version, request.user)})


@login_required
@require_POST
def retry(request, pk: int):
    version = get_visible_or_404(ReportVersion.objects.all(), request.user, pk=pk)
    try:
        services.retry_build(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The build was started again."))
    return redirect(f"{reverse('reports:index')}?year={version.year}")


@login_required
@require_POST
def publish(request, pk: int):
    version = get_visible_or_404(ReportVersion.objects.all(), request.user, pk=pk)
    if request.POST.get("action") == "unpublish":
        services.unpublish_version(actor=request.user, version=version)
        messages.success(request, _("The report is no longer public."))
    else:
        services.publish_version(actor=request.user, version=version)
        messages.success(request, _("The report is published: anyone can download it now."))
    return redirect(f"{reverse('reports:index')}?year={version.year}")


@login_required
@require_POST
def conclusions(request, year: int):
    require(request.user, "reports.write_conclusions")
    form = ConclusionsForm(request.POST)
    if form.is_valid():
        try:
            services.save_conclusions(actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The conclusions were saved. They go into the next report built for %(year)s.")
                % {"year": year},
            )
    return redirect(f"{reverse('reports:index')}?year={year}#conclusions")


def _downloadable(request, pk: int) -> ReportVersion:
    version = get_visible_or_404(ReportVersion.objects.all(), request.user, pk=pk)
    require(request.user, "reports.download", version)
    return version


@require_GET
def download(request, pk: int, name: str):
    version = _downloadable(request, pk)
    path = report_build.file_path(version)
    if not version.file_name or not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=version.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store" if not version.is_published else "public"
    return response


@require_GET
def tables_xlsx(request, pk: int):
    version = _downloadable(request, pk)
    response = HttpResponse(tables.to_xlsx(version.tables), content_type=XLSX)
    stem = version.download_name.removesuffix(".pdf")
    word = "taulukot" if version.language == "fi" else "tables"
    response["Content-Disposition"] = f'attachment; filename="{stem}-{word}.xlsx"'
    return response


@require_GET
def table_csv(request, pk: int, section: str):
    version = _downloadable(request, pk)
    table = version.tables.get(section)
    if section not in tables.SECTIONS or table is None:
        raise Http404
    response = HttpResponse(tables.to_csv(table), content_type="text/csv; charset=utf-8")
    stem = version.download_name.removesuffix(".pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{section}.csv"'
    return response
