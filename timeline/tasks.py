"""The timeline's own Celery task: settling a case (``regrouping.settle``)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection

from . import regrouping
from .models import Case

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
    running (``regrouping.settle_alone``), it was settled since this task was
    sent (the sweeper may send several), or articles of it are in progress
    again (the last of them sends a settling; one now would be thrown away).
    Returns whether it was written."""
    from articles.models import Article  # the articles app builds on this one

    if Article.case_is_busy(case_id):
        return False
    if not Case.objects.filter(pk=case_id, needs_settling=True).exists():
        return False
    try:
        return regrouping.settle_alone(case_id)
    except SoftTimeLimitExceeded:
        # The case stays marked as needing it; the sweeper tries again. The
        # connection goes with the advisory lock it may hold: worker
        # connections are kept between tasks.
        connection.close()
        logger.warning("Settling case %s ran out of time", case_id)
        return False
