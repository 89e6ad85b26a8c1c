"""Catalogue pages: the shop listing, a category's listing and the product page."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from config.site_url import public_url
from shop.catalogue_query import parse_listing_query, query_params
from shop.selectors.catalogue import category_by_slug
from shop.selectors.listing import catalogue_listing
from shop.selectors.product import product_detail, product_json_ld

# Characters that could end a <script> element or start an HTML entity inside JSON-LD.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
META_DESCRIPTION_WORDS = 30


def _listing_params(query) -> QueryDict:
    params = QueryDict(mutable=True)
    for name, value in query_params(query):
        params.appendlist(name, value)
    return params


def _render_listing(request: HttpRequest, category=None) -> HttpResponse:
    query = parse_listing_query(dict(request.GET.lists()))
    listing = catalogue_listing(query, category=category)
    canonical = category.get_absolute_url() if category else request.path
    if listing.page.number > 1:
        canonical = f"{canonical}?page={listing.page.number}"
    context = {
        "listing": listing,
        "category": category,
        "params": _listing_params(query),
        "canonical_url": public_url(canonical),
        # Filtered and sorted variants of a listing are not worth indexing separately.
        "noindex": query.is_filtered or query.sort != "featured",
    }
    return render(request, "shop/listing.html", context)


def listing(request: HttpRequest) -> HttpResponse:
    return _render_listing(request)


def category(request: HttpRequest, category_slug: str) -> HttpResponse:
    found = category_by_slug(category_slug)
    if found is None:
        raise Http404(_("We could not find that category."))
    return _render_listing(request, found)


def product(request: HttpRequest, slug: str) -> HttpResponse:
    sku = request.GET.get("variant", "")[:64]
    detail = product_detail(slug, sku=sku)
    if detail is None:
        raise Http404(_("We could not find that product."))
    json_ld = json.dumps(product_json_ld(detail, absolute_url=public_url), ensure_ascii=False)
    item = detail.product
    description = item.summary or Truncator(strip_tags(item.description)).words(META_DESCRIPTION_WORDS)
    context = {
        "detail": detail,
        "product": item,
        "json_ld": json_ld.translate(JSON_SCRIPT_ESCAPES),
        "meta_description": description,
        "canonical_url": public_url(item.get_absolute_url()),
        "og_image_url": public_url(detail.images[0].image.file.url) if detail.images else "",
    }
    return render(request, "shop/product.html", context)
