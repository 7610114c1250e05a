"""A workgroup document's file: served by a permission-checked view to whoever sees the
workgroup, under the name it was uploaded with; a mistyped or oversized upload saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forums.models import Body
from workgroups import services
from workgroups.models import Workgroup, WorkgroupDocument

from .conftest import seat

PDF = b"%PDF-1.4 toimintasuunnitelma"
PLAN = "/workgroups/perhekeskus/documents/action_plan/new/"


@pytest.fixture
def workgroup(agreement) -> Workgroup:
    return Workgroup.objects.get(body__slug="perhekeskus")


@pytest.fixture
def document(workgroup, coordinator) -> WorkgroupDocument:
    return services.add_document(
        actor=coordinator,
        workgroup=workgroup,
        kind="action_plan",
        title="TS 2026",
        file=SimpleUploadedFile("Toimintasuunnitelma 2026.pdf", PDF),
        valid_from=datetime.date(2026, 1, 1),
    )


def url(document: WorkgroupDocument) -> str:
    return f"/workgroups/perhekeskus/documents/{document.pk}/file/"


def test_the_file_is_stored_under_a_random_name_and_given_back_under_its_own(
    document, client_for, coordinator
):
    assert document.file_name == "Toimintasuunnitelma_2026.pdf"
    assert "Toimintasuunnitelma" not in document.file.name
    response = client_for(coordinator).get(url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == (
        'attachment; filename="Toimintasuunnitelma_2026.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_workgroup_page_links_to_the_checked_download_never_to_media(
    document, client_for, coordinator
):
    page = client_for(coordinator).get("/workgroups/perhekeskus/").content.decode()
    assert url(document) in page
    assert "/media/" not in page


def test_a_public_workgroup_s_file_is_served_as_its_page_is(document, client_for, workgroup):
    assert workgroup.body.visibility == Body.Visibility.PUBLIC
    assert client_for(None).get("/workgroups/perhekeskus/").status_code == 200
    assert client_for(None).get(url(document)).status_code == 200


def test_a_members_only_workgroup_s_file_is_404_to_those_who_do_not_see_it(
    document, workgroup, client_for, forssa_member, riihimaki_member, coordinator
):
    Body.objects.filter(pk=workgroup.body_id).update(visibility=Body.Visibility.MEMBERS)
    seat(workgroup.body, forssa_member)
    assert client_for(forssa_member).get(url(document)).status_code == 200
    assert client_for(coordinator).get(url(document)).status_code == 200
    assert client_for(riihimaki_member).get(url(document)).status_code == 404
    assert client_for(None).get(url(document)).status_code == 404


def test_another_workgroup_s_address_does_not_reach_the_file(document, client_for, coordinator):
    other = Workgroup.objects.exclude(pk=document.workgroup_id).select_related("body").first()
    assert other is not None
    response = client_for(coordinator).get(
        f"/workgroups/{other.body.slug}/documents/{document.pk}/file/"
    )
    assert response.status_code == 404


def test_a_document_without_a_file_has_no_download(workgroup, coordinator, client_for):
    text_only = services.add_document(
        actor=coordinator,
        workgroup=workgroup,
        kind="rules",
        title="Pelisäännöt",
        text="Sovitaan.",
        valid_from=datetime.date(2026, 1, 1),
    )
    assert client_for(coordinator).get(url(text_only)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kuva.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "PDF"),
        ("sivu.pdf", b"<html><script>alert(1)</script></html>", "PDF"),
        ("iso.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), "10 MB"),
    ],
)
def test_a_mistyped_or_oversized_upload_says_why_and_saves_nothing(
    workgroup, coordinator, client_for, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    response = client_for(coordinator).post(
        PLAN,
        {"title": "TS", "valid_from": "2026-01-01", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkgroupDocument.objects.filter(workgroup=workgroup).exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
