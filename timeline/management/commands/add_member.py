"""Give an existing user a role in a case, or change the role they have.

python manage.py add_member --case rust --user jo@example.org --role journalist
"""

from django.core.management.base import BaseCommand, CommandError

from timeline import cases
from timeline.models import Case, Membership


class Command(BaseCommand):
    help = "Add a user to a case with a role (or change their role)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--case", required=True, help="the case's slug")
        parser.add_argument("--user", required=True, help="username or e-mail")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)

    def handle(self, *args, **options) -> None:
        case = Case.objects.filter(slug=options["case"]).first()
        if case is None:
            raise CommandError(f"No case {options['case']!r}")
        try:
            user = cases.find_user(options["user"])
            existing = case.memberships.filter(user=user).first()
            if existing:
                cases.change_role(existing, options["role"])
                done = "Changed the role of"
            else:
                cases.add_member(case, options["user"], options["role"])
                done = "Added"
        except cases.CaseError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"{done} {user.get_username()} in {case.slug}: {options['role']}."
        )
