"""The date engine's command line, as the scorers and benchmarks call it.

python manage.py extract_events PATH --published YYYY-MM-DD --format json
python manage.py extract_events --manifest FILE.jsonl
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from articles import engine


class Command(BaseCommand):
    help = "Print the temporal expressions and dated events of an article as JSON."

    def run_from_argv(self, argv: list[str]) -> None:
        # The engine owns its argument parsing; Django only hands over the rest.
        from extraction import cli

        args = argv[2:]
        if "--model" not in args:
            args += ["--model", engine.model_name()]
        code = cli.main(args)
        sys.stdout.flush()
        if code:
            raise SystemExit(code)

    def handle(self, *args, **options) -> None:  # pragma: no cover - via call_command
        raise CommandError("Run it from the command line: manage.py extract_events")
