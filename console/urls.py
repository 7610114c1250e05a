"""The console's addresses (under /console/)."""

from django.urls import path

from .views import audit, people, personal, settings

app_name = "console"

urlpatterns = [
    path("", settings.attention, name="attention"),
    path("people/", people.people, name="people"),
    path("people/invite/", people.person_invite, name="person_invite"),
    path("people/import/", people.bulk_invite, name="bulk_invite"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/resend/", people.person_resend, name="person_resend"),
    path("people/<int:pk>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", people.person_reactivate, name="person_reactivate"),
    path("people/<int:pk>/role/", people.person_role, name="person_role"),
    path("people/<int:pk>/move/", people.person_move, name="person_move"),
    path("people/<int:pk>/data/", personal.person_export, name="person_export"),
    path(
        "people/<int:pk>/data.json",
        personal.person_export,
        {"fmt": "json"},
        name="person_export_json",
    ),
    path("people/<int:pk>/anonymise/", personal.person_anonymise, name="person_anonymise"),
    path("my-data/", personal.my_data, name="my_data"),
    path("my-data/all/", personal.my_data_export, name="my_data_export"),
    path("my-data/all.json", personal.my_data_export, {"fmt": "json"}, name="my_data_json"),
    path("my-data/sign-in/unlink/", personal.my_sign_in_unlink, name="my_sign_in_unlink"),
    path("audit/", audit.audit_trail, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("mail/", audit.mail_log, name="mail_log"),
    path("mail/<int:pk>/", audit.mail_detail, name="mail_detail"),
    path("mail/<int:pk>/resend/", audit.mail_resend, name="mail_resend"),
    path("organisations/", settings.organisations, name="organisations"),
    path("organisations/<slug:slug>/sign-in/", settings.sso_edit, name="sso_edit"),
    path("organisations/<slug:slug>/sign-in/remove/", settings.sso_remove, name="sso_remove"),
    path("security/", settings.policy, name="policy"),
    path(
        "sign-in/invitation/<str:token>/",
        settings.sso_from_invitation,
        name="sso_from_invitation",
    ),
]
