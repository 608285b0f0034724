"""Create the demo case (the *Rust* shooting) with its users and articles.

Running it again changes nothing: users, the case and articles already present
are left as they are.
"""

import datetime as dt
import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.ingestion import add_text_article
from timeline.models import Case, Membership

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_USERS = [
    ("editor", Membership.Role.EDITOR),
    ("journalist", Membership.Role.JOURNALIST),
    ("viewer", Membership.Role.VIEWER),
]


class Command(BaseCommand):
    help = "Create the Rust demo case with users and articles (idempotent)."

    def handle(self, *args, **options) -> None:
        password = os.getenv("DEMO_PASSWORD", "caseline-demo")
        with transaction.atomic():
            case, _ = Case.objects.get_or_create(
                slug="rust",
                defaults={
                    "title": "The Rust shooting",
                    "description": (
                        "Cinematographer Halyna Hutchins was shot on the set of the "
                        "film Rust in New Mexico; Alec Baldwin was holding the gun."
                    ),
                },
            )
            User = get_user_model()
            for username, role in DEMO_USERS:
                user, created = User.objects.get_or_create(username=username)
                if created:
                    user.set_password(password)
                    user.save()
                Membership.objects.get_or_create(
                    case=case, user=user, defaults={"role": role}
                )
            uploader = User.objects.get(username="journalist")
            manifest = json.loads((DEMO_DIR / "manifest.json").read_text())
            for item in manifest:
                text = (DEMO_DIR / item["file"]).read_text(encoding="utf-8")
                article, created = add_text_article(
                    case,
                    title=text.strip().splitlines()[0],
                    text=text,
                    published=dt.date.fromisoformat(item["published"]),
                    published_source="given with the demo data",
                    outlet=item.get("outlet", ""),
                    url=item.get("url", ""),
                    uploaded_by=uploader,
                )
                verb = "added" if created else "already there"
                self.stdout.write(f"  {verb}: {article.title} ({article.published})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo case at {case.get_absolute_url()} — log in as 'journalist', "
                f"'editor' or 'viewer' with the password: {password}"
            )
        )
