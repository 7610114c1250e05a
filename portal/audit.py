"""Audit rows for real changes (a comment alone is not a value change)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from .models import AuditEvent
from .pagecache import bump_on_commit


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value really changed."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in after
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def record(
    *,
    actor: Any,
    action: str,
    target: Model | None = None,
    organisation: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Every audited write also retires the kept pages once it commits (portal.pagecache)."""
    bump_on_commit()
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        organisation=organisation,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        changes=changes or {},
    )


def history(target: Model):
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def apply_changes(
    obj: Model,
    data: dict[str, Any],
    *,
    actor: Any,
    action: str,
    target: Model | None = None,
    organisation: Any = None,
    touch: tuple[str, ...] = (),
    validate: bool = False,
) -> dict[str, list[Any]]:
    """Set the fields whose value really differs, save only those (plus ``touch``, e.g. an
    auto_now field) and record one audit row, atomically. Returns the changes; none: no write.
    With ``validate`` the model's own validation runs first (ValidationError: nothing saved)."""
    from django.db import transaction

    changes = diff({name: getattr(obj, name) for name in data}, data)
    if not changes:
        return changes
    with transaction.atomic():
        for name in changes:
            setattr(obj, name, data[name])
        if validate:
            obj.full_clean()
        obj.save(update_fields=[*changes, *touch])
        record(
            actor=actor,
            action=action,
            target=target if target is not None else obj,
            organisation=organisation,
            changes=changes,
        )
    return changes
