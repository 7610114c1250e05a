"""The agreement's signed document is served through the agreement page's visibility, never
from a public media path, under the name it was uploaded with."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from forums.models import AgreementPeriod

PDF = b"%PDF-1.4 puitesopimus"


def test_the_agreement_document_is_linked_and_served_as_an_attachment(agreement, client_for):
    period = AgreementPeriod.objects.get(slug="puitesopimus-2023")
    period.document = SimpleUploadedFile("Puitesopimus 2023.pdf", PDF)
    period.save()
    period.refresh_from_db()
    assert period.document_name == "Puitesopimus_2023.pdf"
    assert period.document.name.startswith("agreements/")
    url = f"/structure/agreement/{period.slug}/document/"
    assert url in client_for(None).get("/structure/agreement/").content.decode()
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Puitesopimus_2023.pdf"'


def test_a_period_without_a_document_has_no_download(agreement, client_for):
    assert client_for(None).get("/structure/agreement/puitesopimus-2023/document/").status_code == (
        404
    )


def test_the_admin_form_checks_the_document_by_content(agreement):
    from django.forms import modelform_factory

    form_class = modelform_factory(AgreementPeriod, fields=["document"])
    period = AgreementPeriod.objects.get(slug="puitesopimus-2023")
    form = form_class(
        data={},
        files=MultiValueDict({"document": [SimpleUploadedFile("sopimus.pdf", b"<html>no</html>")]}),
        instance=period,
    )
    assert not form.is_valid()
    assert "document" in form.errors
