"""The Celery app. Workers load the spaCy pipeline once per process, here."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("caseline")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def load_nlp_in_worker(**kwargs: object) -> None:
    # Paid once per worker process, before the first task, not per article.
    from articles.engine import warm_up

    warm_up()
