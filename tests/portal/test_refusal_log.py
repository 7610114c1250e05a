"""A refusal (403) is logged as one line with the user, the path and the rule — not as an
error with a traceback."""

from __future__ import annotations

import logging


def test_a_refused_page_is_one_log_line_with_user_path_and_rule(forssa_member, client_for, caplog):
    caplog.set_level(logging.INFO)
    response = client_for(forssa_member).get("/structure/gaps/")
    assert response.status_code == 403
    assert "Sinulla ei ole oikeutta" in response.content.decode()
    refusals = [r for r in caplog.records if r.name == "portal.refusals"]
    assert len(refusals) == 1
    line = refusals[0].getMessage()
    assert f"user {forssa_member.pk}" in line
    assert "GET /structure/gaps/" in line
    assert "rule=forums.view_gaps" in line
    assert all(r.exc_info is None for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.name == "django.request"]
