"""Create a case with a first editor.

python manage.py create_case "The Rust shooting" --editor edna --description "…"
"""

from django.core.management.base import BaseCommand, CommandError

from timeline import cases


class Command(BaseCommand):
    help = "Create a case; the named user becomes its editor. Prints the case's slug."

    def add_arguments(self, parser) -> None:
        parser.add_argument("title")
        parser.add_argument(
            "--editor",
            required=True,
            help="username or e-mail of the case's first editor",
        )
        parser.add_argument("--description", default="")

    def handle(self, *args, **options) -> None:
        try:
            editor = cases.find_user(options["editor"])
            case = cases.create_case(options["title"], options["description"], editor)
        except cases.CaseError as e:
            raise CommandError(str(e)) from None
        self.stderr.write(
            f"Created “{case.title}” with {editor.get_username()} as editor."
        )
        self.stdout.write(case.slug)
