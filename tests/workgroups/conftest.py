"""The workgroups tests use the structure tests' bodies and seat helpers."""

from tests.forums.conftest import (  # noqa: F401  (fixtures and helpers)
    SINCE,
    _english_for_direct_service_calls,
    grow,
    network,
    period,
    role,
    seat,
    wellbeing,
)
