"""What an HTML page says about its article: the headline and where its
publication date is written.

trafilatura (htmldate) finds the date; this module says truthfully where the
page carries it, and takes the headline the reader sees, not the share title.
"""

import datetime as dt
import json
import re

import lxml.html
from dateutil import parser as dateparser

# Elements whose text is never part of what a reader sees as the headline.
INVISIBLE = "//script|//style|//noscript|//template|//svg"

PAGE_META = "the page's metadata"
JSON_LD = "the page's JSON-LD"
TIME_IN_BYLINE = "the <time> in the byline"
VISIBLE_DATELINE = "the visible dateline"

META_DATE_KEYS = re.compile(
    r"(published|publish_date|pubdate|date|created|issued|release)", re.I
)


def parse_tree(html: str):
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    return tree


def headline(tree) -> str:
    """The article's headline: the <h1> of its <article> or <main>, the
    JSON-LD headline, then any <h1>; '' when the page has none."""
    if tree is None:
        return ""
    for path in ("//article//h1", "//main//h1"):
        text = visible_text(tree.xpath(path))
        if text:
            return text
    for item in json_ld_items(tree):
        value = item.get("headline")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return visible_text(tree.xpath("//h1"))


def visible_text(elements) -> str:
    for element in elements:
        copy = lxml.html.fromstring(lxml.html.tostring(element))
        for hidden in copy.xpath("." + INVISIBLE.replace("|//", "|.//")):
            hidden.drop_tree()
        for br in copy.iter("br"):
            br.tail = " " + (br.tail or "")  # a line break parts two words
        text = " ".join(copy.text_content().split())
        if text:
            return text
    return ""


def json_ld_items(tree) -> list[dict]:
    items: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                items.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return items


def date_source(tree, published: dt.date) -> str:
    """Where the page writes ``published``: its meta tags, its JSON-LD, a
    <time> element, or (when none of those carries it) its visible text."""
    if tree is None:
        return VISIBLE_DATELINE
    for meta in tree.xpath("//meta[@content]"):
        key = " ".join(
            meta.get(attr, "")
            for attr in ("property", "name", "itemprop", "http-equiv")
        )
        if META_DATE_KEYS.search(key) and names_date(meta.get("content"), published):
            return PAGE_META
    for item in json_ld_items(tree):
        for key in ("datePublished", "dateCreated", "uploadDate", "dateModified"):
            if names_date(item.get(key), published):
                return JSON_LD
    for time in tree.xpath("//time"):
        if names_date(time.get("datetime") or time.text_content(), published):
            return TIME_IN_BYLINE
    return VISIBLE_DATELINE


def names_date(value, published: dt.date) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    if published.isoformat() in value:
        return True
    try:
        return dateparser.parse(value).date() == published
    except (ValueError, OverflowError):
        return False
