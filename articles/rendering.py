"""The article page's text: temporal expressions highlighted and linked to the
events they date, and an anchor at every source sentence."""

import nh3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def article_text_html(text: str, timexes: list[dict], sources) -> SafeString:
    """``sources``: EventSource rows of this article (with their events)."""
    events_at: dict[int, list] = {}
    anchors: set[int] = set()
    for source in sources:
        anchors.add(source.sentence_start)
        if source.expression_start is not None:
            events_at.setdefault(source.expression_start, []).append(source.event)
    marks = []
    last_end = -1
    for timex in sorted(timexes, key=lambda t: (t["start"], -t["end"])):
        start, end = int(timex["start"]), int(timex["end"])
        if start < last_end or not 0 <= start < end <= len(text):
            continue  # overlapping or out of range: the first one wins
        marks.append((start, end, timex))
        last_end = end
    cuts = sorted(
        {0, len(text), *anchors, *(m[0] for m in marks), *(m[1] for m in marks)}
    )
    by_start = {m[0]: m for m in marks}
    out: list[str] = []
    open_until = None
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a in anchors:
            out.append(format_html('<span class="anchor" id="s{}"></span>', a))
        if a in by_start:
            _, end, timex = by_start[a]
            events = events_at.get(a, [])
            label = f"{timex['type']} {timex['value']}"
            if events:
                out.append(
                    format_html(
                        '<mark class="timex" title="{}"><a href="{}">',
                        label,
                        events[0].get_absolute_url(),
                    )
                )
            else:
                out.append(format_html('<mark class="timex" title="{}"><span>', label))
            open_until = (end, bool(events))
        out.append(escape(text[a:b]))
        if open_until and b == open_until[0]:
            out.append("</a></mark>" if open_until[1] else "</span></mark>")
            open_until = None
    return mark_safe("".join(out))


def sanitise_html(html: str) -> SafeString:
    """An uploaded page, safe to show: no scripts, styles, handlers or frames."""
    clean = nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS) - {"img"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # nh3 removed everything that could run
