"""The demo shop's articles as plain data: a small block language that the loader turns into StreamField."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    text: str
    level: str = "h2"


@dataclass(frozen=True)
class Paragraph:
    html: str


@dataclass(frozen=True)
class Picture:
    """An illustration drawn for the article (see demo.images.DRAWINGS)."""

    title: str
    drawing: str
    colour: str
    caption: str


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str = ""


@dataclass(frozen=True)
class Callout:
    tone: str  # "tip", "caution" or "note", as in content.blocks.CalloutBlock
    title: str
    html: str


@dataclass(frozen=True)
class Products:
    heading: str
    slugs: tuple[str, ...]


Block = Heading | Paragraph | Picture | Quote | Callout | Products


@dataclass(frozen=True)
class ArticleData:
    slug: str
    title: str
    author: str
    days_ago: int
    intro: str
    search_description: str
    tags: tuple[str, ...]
    related_products: tuple[str, ...]
    hero: Picture
    body: tuple[Block, ...]
