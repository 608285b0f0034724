"""The timeline's own Celery task: settling a case (``regrouping.settle``)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from . import regrouping

logger = logging.getLogger(__name__)


# Acknowledged when taken: a settling outlasts the broker's visibility timeout
# (set for article tasks), and one lost with its worker is sent again by the
# sweeper, since the case still needs settling.
@shared_task(
    ignore_result=True,
    acks_late=False,
    time_limit=settings.CELERY_SETTLE_TIME_LIMIT,
    soft_time_limit=int(settings.CELERY_SETTLE_TIME_LIMIT * 0.9),
)
def settle_case(*, case_id: int) -> bool:
    """Group the case again from scratch, unless another settling of it is
    running (``regrouping.settle_alone``). Returns whether it was written."""
    try:
        return regrouping.settle_alone(case_id)
    except SoftTimeLimitExceeded:
        # The case stays marked as needing it; the sweeper tries again.
        logger.warning("Settling case %s ran out of time", case_id)
        return False
