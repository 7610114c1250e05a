"""The portal's one access-control mechanism (OWASP ASVS 1.4.4).

Two questions, answered only here:

1. "Which of these may this user see?" Every model that is not public by nature has a
   QuerySet method ``visible_to(user)``. Views fetch objects with :func:`get_visible_or_404`,
   so an object the user may not see answers 404 and its existence is not leaked.

2. "May this user do this to this object?" Each app registers small rule functions in its
   own ``<app>/permissions.py`` with :func:`rule`; views call :func:`require` (403 when the
   object is visible but the action is not allowed) and pass ready booleans from
   :func:`has_perm` to templates.

Roles (``organisations.User.Role``):

* coordinator: runs the portal for the region; every rule grants coordinators unless a rule
  says otherwise (e.g. nobody writes a locked indicator year).
* organisation admin (the party's contact person): manages its own organisation only.
* member: an official of one organisation.
* anonymous: reads what is public.

Rows that belong to a party carry an ``organisation`` foreign key and are filtered by the
organisation's users in ``visible_to``/``for_user``. Grants that do not follow the
organisation (a body's convener or secretary, a document shared with another party) are
django-guardian object permissions stored in direct-FK tables; use :func:`grant`,
:func:`revoke`, :func:`has_grant` and :func:`objects_with_grant` below — never guardian
directly — so that ``accept_global_perms`` is always off (PITFALLS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, overload

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from organisations.models import Organisation

RuleFn = Callable[[Any, Any], bool]
_Rule = TypeVar("_Rule", bound=RuleFn)  # the decorators keep a rule's own signature
_M = TypeVar("_M", bound=Model)
_M_co = TypeVar("_M_co", bound=Model, covariant=True)
_QS = TypeVar("_QS", bound=QuerySet[Any])
_RULES: dict[str, RuleFn] = {}


def rule(name: str) -> Callable[[_Rule], _Rule]:
    """Register ``fn(user, obj) -> bool`` as the rule for the permission ``name``."""

    def register(fn: _Rule) -> _Rule:
        if name in _RULES and _RULES[name] is not fn:
            raise ValueError(f"Permission rule {name!r} is registered twice")
        _RULES[name] = fn
        return fn

    return register


def registered_rules() -> dict[str, RuleFn]:
    return dict(_RULES)


def has_perm(user: Any, perm: str, obj: Any = None) -> bool:
    """May ``user`` do ``perm`` to ``obj``? Unknown permissions are a programming error."""
    try:
        fn = _RULES[perm]
    except KeyError:
        raise LookupError(f"No permission rule named {perm!r}") from None
    if user is None or not getattr(user, "is_active", False):
        # Anonymous visitors and deactivated accounts only get rules that say so.
        return bool(getattr(fn, "allows_anonymous", False) and fn(user, obj))
    return bool(fn(user, obj))


def require(user: Any, perm: str, obj: Any = None) -> None:
    """Raise 403 unless the user may do ``perm`` to ``obj``."""
    if not has_perm(user, perm, obj):
        raise PermissionDenied(perm)


def public(fn: _Rule) -> _Rule:
    """Mark a rule as one that also answers for anonymous visitors."""
    fn.allows_anonymous = True  # type: ignore[attr-defined]
    return fn


class VisibleQuerySet(Protocol[_M_co]):
    """A QuerySet, or a manager made from one, with the ``visible_to(user)`` method."""

    @property
    def model(self) -> type[_M_co]: ...

    def visible_to(self, user: Any) -> QuerySet[_M_co]: ...


def get_visible_or_404(queryset: VisibleQuerySet[_M], user: Any, **lookup: Any) -> _M:
    """Fetch one object among those ``user`` may see, else 404."""
    try:
        return queryset.visible_to(user).get(**lookup)
    # Model.DoesNotExist exists on concrete models only; mypy cannot see it on a generic one.
    except cast(Any, queryset.model).DoesNotExist:
        raise Http404 from None


# --- roles ---------------------------------------------------------------------------------


def is_active_user(user: Any) -> bool:
    """Logged in with an active account: the first question of every rule about people."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_coordinator(user: Any) -> bool:
    return is_active_user(user) and user.role == "coordinator"


def belongs_to(user: Any, organisation: Organisation | int | None) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return user.organisation_id == org_id


def is_org_admin(user: Any, organisation: Organisation | int | None) -> bool:
    """The user is the contact person (organisation admin) of ``organisation``."""
    return belongs_to(user, organisation) and user.role == "org_admin"


def manages(user: Any, organisation: Organisation | int | None) -> bool:
    """Coordinators manage every organisation; an organisation admin manages their own."""
    return is_coordinator(user) or is_org_admin(user, organisation)


# --- per-object grants (django-guardian, direct-FK tables) ---------------------------------


def grant(user: Any, perm: str, obj: Model) -> None:
    from guardian.shortcuts import assign_perm

    assign_perm(perm, user, obj)


def revoke(user: Any, perm: str, obj: Model) -> None:
    from guardian.shortcuts import remove_perm

    remove_perm(perm, user, obj)


def has_grant(user: Any, perm: str, obj: Model) -> bool:
    """A guardian object grant, ignoring model-wide and superuser permissions."""
    if not is_active_user(user):
        return False
    return objects_with_grant(user, perm, type(obj)).filter(pk=obj.pk).exists()


@overload
def objects_with_grant(user: Any, perm: str, klass: _QS) -> _QS: ...
@overload
def objects_with_grant(user: Any, perm: str, klass: type[_M]) -> QuerySet[_M]: ...
def objects_with_grant(user: Any, perm: str, klass: type[Model] | QuerySet) -> QuerySet:
    """The objects of ``klass`` (a model or a QuerySet, whose class is kept) that ``user``
    holds ``perm`` on as a guardian object grant."""
    from guardian.shortcuts import get_objects_for_user

    return get_objects_for_user(user, perm, klass, accept_global_perms=False, with_superuser=False)
