"""The Celery app. Workers load the spaCy pipeline once per process, here."""

import gc
import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("caseline")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def load_nlp_before_the_pool(**kwargs: object) -> None:
    # In the worker's main process, before it forks its pool processes: they
    # inherit the loaded, warmed pipeline (its memory shared until written,
    # its caches filled once) rather than each loading and warming its own.
    from articles.engine import warm_up

    warm_up()


@worker_process_init.connect
def load_nlp_in_worker(**kwargs: object) -> None:
    # Paid once per worker process, before the first task, not per article.
    from django.conf import settings
    from django.db import connections

    from articles.engine import warm_up

    for conn in connections.all():
        conn.settings_dict["CONN_MAX_AGE"] = settings.WORKER_DB_CONN_MAX_AGE
        conn.settings_dict["CONN_HEALTH_CHECKS"] = True
    warm_up()
    # What is loaded by now (Django, the language model) lives as long as the
    # process: out of the collector's sight, so that a full collection while
    # a case's region is grouped (hundreds of thousands of small lists and
    # dicts) walks only what the task made. It took most of the time of
    # building the grouping's indexes in a 20,000-event case.
    gc.freeze()
