"""Export a case's timeline from the command line, with the timeline page's filters.

python manage.py export_timeline --case rust --format csv --output rust.csv
"""

import getpass
import json

from django.core.management.base import BaseCommand, CommandError

from timeline import export_json, exports
from timeline.models import Case

FILTER_OPTIONS = {
    # option: the timeline page's query-string name
    "actor": "actor",
    "outlet": "outlet",
    "article": "article",
    "date_from": "date_from",
    "date_to": "date_to",
    "q": "q",
    "as_of": "as_of",
}


class Command(BaseCommand):
    help = "Export a case's timeline as CSV, PDF, TimelineJS JSON or the full JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--case", required=True, help="the case's slug")
        parser.add_argument("--format", required=True, choices=exports.FORMATS)
        parser.add_argument(
            "--status",
            choices=exports.STATUS_CHOICES,
            help="approved: approved events only; all: approved and proposed "
            "(never rejected); proposed or rejected: only those. Default: approved "
            "for pdf and timelinejs, all for csv and json.",
        )
        parser.add_argument(
            "--output", "-o", help="file to write (default: standard output)"
        )
        parser.add_argument(
            "--bom", action="store_true", help="CSV: start with a byte-order mark"
        )
        parser.add_argument(
            "--rows",
            choices=exports.CSV_ROWS,
            default=exports.EVENTS,
            help="CSV: one row per event (with its primary source) or per source",
        )
        parser.add_argument("--actor", help="person or organisation")
        parser.add_argument("--outlet")
        parser.add_argument("--article", type=int, help="article id")
        parser.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
        parser.add_argument("--q", help="full-text search")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="YYYY-MM-DD: the timeline as known on that day (sources "
            "published on or before it only)",
        )

    def handle(self, *args, **options) -> None:
        case = Case.objects.filter(slug=options["case"]).first()
        if case is None:
            raise CommandError(f"No case {options['case']!r}")
        fmt = options["format"]
        params = {
            key: options[option]
            for option, key in FILTER_OPTIONS.items()
            if options[option] not in (None, "")
        }
        if options["status"]:
            params["status"] = options["status"]
        try:
            events, form, status = exports.select_events(case, params, fmt)
        except exports.ExportError as e:
            raise CommandError(str(e)) from None
        if form.errors:
            raise CommandError(f"Invalid filters: {form.errors.as_text()}")
        output = options["output"]
        if fmt == exports.PDF:
            data = exports.render_case_pdf(
                case,
                events,
                form,
                status,
                exported_by=f"{getpass.getuser()} (command line)",
            )
            self._write_bytes([data], output)
        elif fmt in (exports.TIMELINEJS, exports.JSON):
            if fmt == exports.JSON:
                document = export_json.case_document(case, events)
            else:
                document = exports.timelinejs_document(
                    case, events, as_of=exports.replay_date(form)
                )
            text = json.dumps(document, ensure_ascii=False, indent=1)
            self._write_bytes([text.encode("utf-8")], output)
        else:
            lines = exports.csv_lines(
                events,
                bom=options["bom"],
                rows=options["rows"],
                as_of=exports.replay_date(form),
            )
            self._write_bytes(exports.csv_chunks(lines), output)
        if output:
            self.stderr.write(f"Wrote {output}")

    def _write_bytes(self, chunks, output: str | None) -> None:
        if output:
            with open(output, "wb") as f:
                for chunk in chunks:
                    f.write(chunk)
            return
        # self.stdout is a text wrapper; bytes go to the buffer underneath.
        stream = getattr(self.stdout._out, "buffer", None)
        for chunk in chunks:
            if stream is not None:
                stream.write(chunk)
            else:
                self.stdout.write(chunk.decode("utf-8"), ending="")
        if stream is not None:
            stream.flush()
        else:
            self.stdout.flush()
