from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import ingestion


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def extract_article_events(*, article_id: int) -> None:
    ingestion.process_article(article_id)
