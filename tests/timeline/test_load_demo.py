from django.core.management import call_command

from articles.models import Article
from timeline.models import Case, Membership


def test_it_creates_the_demo_case_once(db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo")
    counts = (Case.objects.count(), Membership.objects.count(), Article.objects.count())
    call_command("load_demo")
    assert counts == (
        Case.objects.count(),
        Membership.objects.count(),
        Article.objects.count(),
    )
    case = Case.objects.get(slug="rust")
    roles = dict(case.memberships.values_list("user__username", "role"))
    assert roles == {"editor": "editor", "journalist": "journalist", "viewer": "viewer"}
    published = sorted(a.published.year for a in case.articles.all())
    assert published[0] == 2022 and published[-1] == 2025
    seed = case.articles.get(published="2022-10-20")
    assert "Hutchins" in seed.text
