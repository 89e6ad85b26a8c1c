"""Which of a page's own references its Content-Security-Policy would block, read from the HTML and the header.

Covers what a page loads by itself (images, scripts, stylesheets, icons, frames) with CSP's source matching:
'self', scheme sources (https:, data:, blob:) and host sources, each directive falling back to default-src.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Which directive governs each reference: (tag, attribute, rel or None) -> directive.
LINK_DIRECTIVES = {"stylesheet": "style-src", "icon": "img-src", "shortcut": "img-src", "apple-touch-icon": "img-src"}
TAG_DIRECTIVES = {("img", "src"): "img-src", ("script", "src"): "script-src", ("iframe", "src"): "frame-src"}


def parse_policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rels = (attrs.get("rel") or "").lower().split()
            for rel in rels:
                if rel in LINK_DIRECTIVES:
                    self.found.append((LINK_DIRECTIVES[rel], attrs["href"]))
                    break
        for (ref_tag, attribute), directive in TAG_DIRECTIVES.items():
            if tag == ref_tag and attrs.get(attribute):
                self.found.append((directive, attrs[attribute]))
        if tag == "img" and attrs.get("srcset"):
            for candidate in attrs["srcset"].split(","):
                if candidate.strip():
                    self.found.append(("img-src", candidate.split()[0]))


def references(html: str) -> list[tuple[str, str]]:
    parser = _References()
    parser.feed(html)
    return parser.found


def allows(policy: dict[str, list[str]], directive: str, url: str, *, page_url: str) -> bool:
    sources = policy.get(directive, policy.get("default-src", []))
    absolute = urljoin(page_url, url)
    scheme, netloc = urlsplit(absolute)[:2]
    page_scheme, page_netloc = urlsplit(page_url)[:2]
    for source in sources:
        if source == "'self'" and (scheme, netloc) == (page_scheme, page_netloc):
            return True
        if source == f"{scheme}:":
            return True
        if "://" in source and urlsplit(source)[:2] == (scheme, netloc):
            return True
    return False


def blocked_references(response, *, page_url: str = "http://testserver/") -> list[tuple[str, str]]:
    """The (directive, URL) pairs in the response's HTML that its own CSP header does not allow."""
    policy = parse_policy(response["Content-Security-Policy"])
    html = response.content.decode()
    return [
        (directive, url) for directive, url in references(html) if not allows(policy, directive, url, page_url=page_url)
    ]
