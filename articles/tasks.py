from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from . import ingestion, queueing


class ArticleTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Retries are spent (or the hard time limit struck): say so on the article.
        article_id = kwargs.get("article_id")
        if article_id is not None:
            ingestion.mark_failed(
                article_id,
                f"Processing failed after {self.request.retries + 1} attempts "
                f"({type(exc).__name__}); use Retry to try again.",
            )


@shared_task(
    base=ArticleTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def extract_article_events(*, article_id: int) -> None:
    ingestion.process_article(article_id)


@shared_task(ignore_result=True)
def sweep_articles() -> list[int]:
    """Run by Celery beat: resend articles that no live task will finish, and
    settle the grouping of idle cases that were left unsettled."""
    resent = queueing.sweep()
    ingestion.settle_idle_cases()
    return resent
