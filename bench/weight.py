"""Figure: page weight, the HTML, CSS and JS bytes each key page costs on the wire.

Each page and every stylesheet and script it links from this site are fetched as a browser asks for them
(`Accept-Encoding: gzip`) and counted as served: the HTML gzipped by Django's GZip middleware, the static
files as whitenoise's precompressed copies. Images are not counted (they are lazy, sized and WebP).
Targets (issue 12): the listing under 25 KB, home and product pages under 20 KB.
"""

from __future__ import annotations

import gzip
import re
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Site, Target, check, standalone
from bench.pages import first_product_path

KB = 1024
TARGETS_KB = {"listing": 25, "home": 20, "product": 20}
# The page's own stylesheets and scripts (absolute paths on this site); third-party scripts are none here.
ASSET = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="(/[^"]+)"')


@dataclass(frozen=True)
class Weight:
    html: int
    css: int
    js: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def wire_bytes(site: Site, path: str) -> tuple[int, str]:
    """The body's size as sent with gzip accepted, and its text."""
    request = urllib.request.Request(site.url(path), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        return len(body), gzip.decompress(body).decode()
    return len(body), body.decode(errors="replace")


def page_weight(site: Site, path: str) -> Weight:
    html_bytes, html = wire_bytes(site, path)
    css = js = 0
    for asset in dict.fromkeys(ASSET.findall(html)):
        size, _ = wire_bytes(site, asset.replace("&amp;", "&"))
        if asset.split("?")[0].endswith(".css"):
            css += size
        else:
            js += size
    return Weight(html_bytes, css, js)


def article_path(site: Site) -> str:
    _, _, html = site.get("/articles/")
    match = re.search(r'href="(/articles/(?!feed/)[^/"]+/)"', html)
    if not match:
        raise SystemExit("The article index links to no article; is the demo shop loaded?")
    return match.group(1)


def measure(site: Site) -> list[Target]:
    pages = {
        "home": "/",
        "listing": "/shop/",
        "product": first_product_path(site),
        "article": article_path(site),
        "cart": "/cart/",
    }
    print("Page weight on the wire (gzip as served; HTML + CSS + JS, images apart)")
    weights = {name: page_weight(site, path) for name, path in pages.items()}
    for name, weight in weights.items():
        print(
            f"  {name:<8} {pages[name]:<40} HTML {weight.html / KB:5.1f} KB  CSS {weight.css / KB:5.1f} KB  "
            f"JS {weight.js / KB:5.1f} KB  total {weight.total / KB:5.1f} KB",
            flush=True,
        )
    return [
        check(
            f"{name} weighs {weights[name].total / KB:.1f} KB on the wire (< {limit} KB)",
            weights[name].total < limit * KB,
        )
        for name, limit in TARGETS_KB.items()
    ]


if __name__ == "__main__":
    standalone(measure)
