"""The Celery app and the base class of every task.

:class:`PortalTask` adds two things to Celery's Django task:

- ``delay_on_commit`` never fails the request whose transaction it follows: when the broker
  cannot be reached the change is already committed and its row (an outbox mail, a report build)
  waits; the periodic sweeps hand it to the broker when it is back. The page answers normally.
- A message redelivered after its worker died (``acks_late`` + ``reject_on_worker_lost``, or the
  Redis visibility timeout) runs at most ``PORTAL_TASK_MAX_DELIVERIES`` times: Celery requeues such
  a message for ever, whatever ``max_retries`` says (celery #9082), so a task that kills its worker
  would loop. Retries (``self.retry``) are counted apart by Celery's own ``max_retries``.
"""

from __future__ import annotations

import functools
import logging
import os
import time

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

log = logging.getLogger(__name__)


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    return (OperationalError, ConnectionError, OSError, TimeoutError)


def delivery_count(task_id: str, retries: int) -> int:
    """How many times this message (one task id, one retry number) has started running."""
    from django.conf import settings
    from django.core.cache import cache

    key = f"portal:task-deliveries:{task_id}:{retries}"
    # Longer than a message can be away: every redelivery of it is counted.
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600) * (
        settings.PORTAL_TASK_MAX_DELIVERIES + 2
    )
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


# After the broker failed once, this process does not try it again for a while: a request that
# queues 500 invitations must not wait for 500 connection timeouts.
BROKER_RETRY_AFTER = 30.0
_broker_down_until = 0.0


class PortalTask(DjangoTask):
    def delay_on_commit(self, *args, **kwargs) -> None:
        from django.db import transaction

        transaction.on_commit(functools.partial(self._delay_or_wait, args, kwargs))

    def _delay_or_wait(self, args, kwargs) -> None:
        global _broker_down_until
        if self.app.conf.task_always_eager:  # in-process: the task's own errors are its own
            self.delay(*args, **kwargs)
            return
        if time.monotonic() < _broker_down_until:
            return
        try:
            self.delay(*args, **kwargs)
        except _broker_errors() as exc:
            _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
            log.warning(
                "Broker unreachable, %s%s waits for the periodic sweep: %s", self.name, args, exc
            )

    def __call__(self, *args, **kwargs):
        from django.conf import settings

        request = self.request
        if not request.called_directly and not request.is_eager and request.id:
            count = delivery_count(request.id, request.retries or 0)
            if count > settings.PORTAL_TASK_MAX_DELIVERIES:
                log.error(
                    "Task %s[%s] dropped: delivered %s times, its worker died each time",
                    self.name,
                    request.id,
                    count,
                )
                return "dropped"
        return super().__call__(*args, **kwargs)


app = Celery("portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
