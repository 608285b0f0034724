"""URL import reaches the public web only: a URL typed into Caseline must not
reach the servers beside it, directly or through a redirect."""

import datetime as dt
import http.server
import threading

import pytest

from articles import fetch, ingestion
from articles.models import Article
from articles.readers import Unreadable

ARTICLE = (
    b"<html><head><title>Set shooting</title></head><body><article><p>The "
    b"producers said on Wednesday that filming of the western would resume in "
    b"January with the same cast and crew.</p></article></body></html>"
)


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(ARTICLE)

    def log_message(self, *args):
        pass


@pytest.fixture
def page():
    server = serve(Page)
    yield f"http://127.0.0.1:{server.server_port}/story"
    server.shutdown()


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/story",
        "http://10.1.2.3/story",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/story",
        "http://192.168.0.10:8080/story",
    ],
)
def test_it_refuses_private_and_local_addresses(url):
    with pytest.raises(Unreadable, match="private or local address"):
        fetch.fetch_url(url, timeout=2, max_bytes=10_000)


def test_it_reads_a_local_page_only_when_the_deployment_allows_it(page):
    with pytest.raises(Unreadable, match="private or local address"):
        fetch.fetch_url(page, timeout=2, max_bytes=100_000)
    read = fetch.fetch_url(page, timeout=2, max_bytes=100_000, allow_private=True)
    assert "filming of the western would resume" in read.text


def test_it_checks_every_address_a_redirect_leads_to(page, monkeypatch):
    target_port = int(page.rsplit(":", 1)[1].split("/")[0])

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", page)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = serve(Redirect)
    start = f"http://127.0.0.1:{server.server_port}/moved"
    try:
        # Here the redirecting server stands in for a public one: every address
        # passes but the page's, which plays the private server behind it.
        def check(host, port):
            if port == target_port:
                raise Unreadable("private or local address")

        monkeypatch.setattr(fetch, "check_public", check)
        with pytest.raises(Unreadable, match="private or local address"):
            fetch.fetch_url(start, timeout=2, max_bytes=100_000)
        # followed when allowed
        read = fetch.fetch_url(start, timeout=2, max_bytes=100_000, allow_private=True)
        assert read.url.endswith("/story")
    finally:
        server.shutdown()


def test_a_refused_url_fails_its_article_with_the_reason(case, page, settings):
    settings.URL_FETCH_ALLOW_PRIVATE = False
    article, _ = ingestion.add_url_article(
        case, url=page, published=dt.date(2022, 10, 20)
    )
    ingestion.process_article(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "private or local address" in article.error
    assert "public web only" in article.error
