import pytest
from django.core.management import CommandError, call_command

from organisations.models import User


def test_seed_demo_refuses_without_debug(agreement, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_makes_every_demo_login(seeded_demo):
    assert User.objects.get(email="coordinator@demo.example").role == "coordinator"
    admin = User.objects.get(email="admin.forssa@demo.example")
    assert admin.role == "org_admin" and admin.organisation.slug == "forssa"
    assert admin.check_password("demo-password-123")
    assert User.objects.filter(email__startswith="member.").count() == 13
    assert User.objects.filter(email__startswith="admin.").count() == 13


def test_seed_demo_twice_changes_nothing(seeded_demo, settings, capsys):
    before = list(User.objects.order_by("pk").values_list("pk", "email", "password"))
    settings.DEBUG = True
    call_command("seed_demo")
    assert list(User.objects.order_by("pk").values_list("pk", "email", "password")) == before
    assert "not changed" in capsys.readouterr().out
