"""Fetching an article from a URL, within a timeout, a size cap and a content type,
from public addresses only (unless a deployment allows its own network)."""

import ipaddress
import socket
from urllib.parse import urljoin, urlparse

import requests

from .readers import ReadArticle, Unreadable, read_upload

ALLOWED_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


MAX_REDIRECTS = 5


class Refused(Unreadable):
    """Caseline will not fetch this address however often it is asked; ``remedy``
    says what the journalist can do instead."""

    def __init__(self, message: str, remedy: str) -> None:
        super().__init__(message)
        self.remedy = remedy


PRIVATE_REMEDY = (
    "Retrying will not help. Save the page from your browser (as HTML) and "
    "upload the file instead, or ask your administrator to allow intranet "
    "addresses (URL_FETCH_ALLOW_PRIVATE)."
)


def fetch_url(
    url: str, *, timeout: float, max_bytes: int, allow_private: bool = False
) -> ReadArticle:
    """Download the page and read it like an uploaded file.

    Every address on the way (redirects included) must be public unless
    ``allow_private``: a URL typed into Caseline must not reach the servers
    beside it (the database, the broker, a cloud's metadata service).
    """
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Unreadable("Only http:// and https:// addresses can be imported.")
        if not allow_private:
            check_public(parts.hostname, parts.port)
        try:
            response = requests.get(
                url,
                stream=True,
                allow_redirects=False,
                timeout=(min(timeout, 10), timeout),
                headers={"User-Agent": "Caseline/0.1 (newsroom timeline tool)"},
            )
        except requests.Timeout:
            raise Unreadable(
                f"{parts.netloc} did not answer within {timeout:g} seconds."
            ) from None
        except requests.RequestException as exc:
            raise Unreadable(
                f"Could not reach {parts.netloc} ({type(exc).__name__})."
            ) from None
        if not response.is_redirect:
            break
        url = urljoin(url, response.headers["Location"])
        response.close()
    else:
        raise Unreadable(f"The page redirected more than {MAX_REDIRECTS} times.")
    with response:
        if response.status_code >= 400:
            raise Unreadable(
                f"The page answered {response.status_code} {response.reason}."
            )
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        suffix = ALLOWED_TYPES.get(content_type.lower())
        if suffix is None:
            raise Unreadable(
                f"The page is {content_type or 'of an unknown type'}, "
                "not an article (HTML, text, PDF or Word)."
            )
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > max_bytes:
            raise Unreadable(too_large(declared, max_bytes))
        body = bytearray()
        try:
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > max_bytes:
                    raise Unreadable(too_large(len(body), max_bytes, at_least=True))
        except requests.RequestException:
            raise Unreadable(
                f"{parts.netloc} did not send the whole page within {timeout:g} seconds."
            ) from None
    if (
        suffix == ".html"
        and response.encoding
        and "charset" in response.headers.get("Content-Type", "")
    ):
        data = bytes(body).decode(response.encoding, errors="replace").encode("utf-8")
    else:
        data = bytes(body)
    article = read_upload(data, f"page{suffix}")
    article.url = article.url or response.url
    if not article.outlet:
        article.outlet = parts.netloc.removeprefix("www.")
    return article


def check_public(host: str, port: int | None) -> None:
    """Refuse a host that is, or resolves to, a private, local or reserved address."""
    try:
        infos = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Unreadable(f"No web server called {host} could be found.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise Refused(
                f"{host} is a private or local address; Caseline imports pages "
                "from the public web only.",
                PRIVATE_REMEDY,
            )


def too_large(size: int, cap: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"The file is {more}{size / 1_048_576:.1f} MB; the limit is "
        f"{cap / 1_048_576:.0f} MB."
    )
