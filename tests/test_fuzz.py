"""No input gives a 5xx: every URL the resolver knows, fuzzed with GET and POST.

The URL patterns come from Django's resolver (through every include), so a new view is fuzzed the day it
is added. Each URL first gets a fixed sweep (every field the views read set to "²", 2**70, Infinity or a
NUL byte and 3,000 characters; the same in its path converters), then hypothesis fills path converters
and sends query strings and bodies built from what has broken shops before: Unicode digits and other
categories, numbers beyond 64 bits, NaN and Infinity, JSON nested deeper than a parser follows, NUL
bytes and very long strings. The staff admin is left out (it sits behind a sign-in and is Wagtail's own).

The examples are derandomized and bounded, so the run is the same on every machine and takes well under
a minute; the test prints how many requests it sent and how many answered 5xx.
"""

from __future__ import annotations

import json
import string
import time
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Page, Site

from content.models import HomePage
from tests.factories import CategoryFactory, ProductFactory, ProductVariantFactory
from tests.shop.checkout_support import cart_with, place

pytestmark = pytest.mark.django_db

# Left out: the staff admin (Wagtail's, behind a sign-in) and the task queues' admin pages.
SKIPPED_PREFIXES = ("admin/", "django-rq/", "tasks/")
EXAMPLES_PER_URL = 8
# Each example sends a GET and a POST; fewer than this means URLs were lost on the way.
MINIMUM_REQUESTS = 1000

SLUG = "fuzz-stone"
CATEGORY = "fuzz-stones"

# --- what hypothesis sends ------------------------------------------------------------------------

UNICODE_TEXT = st.text(st.characters(codec="utf-8"), max_size=24)
ODD_NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=2**63 - 2, max_value=2**80).map(str),
    st.integers(max_value=-(2**63) + 1, min_value=-(2**80)).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
ODD_WORDS = st.sampled_from(
    [
        "²", "¹²", "٣", "½", "Ⅻ", "１２", "\x00", "1\x00", "NaN", "Infinity", "-Infinity", "inf", "1e400",
        "-0", "0x10", " 1 ", "1_000", "9" * 40, str(2**63), str(2**64), "", "null", "true", "[]", "{}",
        '"', "'", '9" ball', "<script>", "%00", "../", "\u202e", "\ufeff", "a\r\nb",
    ]
)  # fmt: skip
LONG_TEXT = st.builds(lambda char, count: char * count, st.sampled_from(["x", "é", "\x00", "9", "€", "/"]),
                      st.integers(1_000, 20_000))  # fmt: skip
VALUES = st.one_of(ODD_WORDS, UNICODE_TEXT, ODD_NUMBERS, LONG_TEXT)

# Names the views read, so the odd values reach real parsing code; and any other name.
FIELDS = [
    *("page", "quantity", "variant", "id", "updates", "updates[]", "q", "sort", "brand", "price", "min_price"),
    *("max_price", "in_stock", "province", "code", "method", "next", "email", "number", "token", "name", "line1"),
    *("line2", "city", "postal_code", "phone", "shipping_method", "expected_total", "payment_method_id"),
    *("password", "login", "key", "product", "slug", "items"),
]
KEYS = st.one_of(st.sampled_from(FIELDS), UNICODE_TEXT)
PARAMS = st.dictionaries(KEYS, VALUES, max_size=4)

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**200),
    st.floats(allow_nan=True, allow_infinity=True),
    VALUES,
)
JSON_VALUES = st.recursive(
    JSON_LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=8
)


@dataclass(frozen=True)
class Body:
    data: object
    content_type: str | None  # None: a multipart form, as a browser sends one

    def __repr__(self) -> str:  # keep failure reports readable when a body is 40 KB of brackets
        text = repr(self.data)
        return f"Body({text[:300]}{'…' if len(text) > 300 else ''}, {self.content_type!r})"


BODIES = st.one_of(
    PARAMS.map(lambda fields: Body(fields, None)),
    PARAMS.map(lambda fields: Body(urlencode(fields), "application/x-www-form-urlencoded")),
    st.dictionaries(KEYS, JSON_VALUES, max_size=4).map(lambda data: Body(json.dumps(data), "application/json")),
    JSON_VALUES.map(lambda data: Body(json.dumps(data), "application/json")),
    st.integers(500, 40_000).map(lambda depth: Body('{"id": ' + "[" * depth + "]" * depth + "}", "application/json")),
    st.binary(max_size=64).map(lambda raw: Body(raw, "application/json")),
)

# The sweep: every URL gets each of these in every field the views read, by query, form and JSON, so
# the kinds of input that broke the shop before are tried everywhere, not only when hypothesis draws them.
SHARP_VALUES = ("²", 2**70, float("inf"), "\x00" + "x" * 3000)


def sharp_requests() -> list[tuple[dict, Body]]:
    """(query, body) pairs for the sweep: all known fields set to one sharp value."""
    requests = []
    for value in SHARP_VALUES:
        text = value if isinstance(value, str) else repr(value)
        fields = dict.fromkeys(FIELDS, text)
        requests.append((fields, Body(fields, None)))
        requests.append(({}, Body(json.dumps(dict.fromkeys(FIELDS, value)), "application/json")))
    return requests


# --- the URLs -------------------------------------------------------------------------------------


def url_patterns() -> list[tuple[str, tuple]]:
    """Every URL pattern the resolver knows, as (readable route, chain of patterns from the root)."""
    found: list[tuple[str, tuple]] = []

    def walk(resolver: URLResolver, chain: tuple) -> None:
        for entry in resolver.url_patterns:
            here = (*chain, entry.pattern)
            route = "".join(str(pattern) for pattern in here)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry, here)
            elif isinstance(entry, URLPattern):
                found.append((route, here))

    walk(get_resolver(), ())
    return found


def converter_values(name: str, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """Values for one path converter: the real ones, well-formed ones, and odd ones."""
    odd = st.one_of(ODD_WORDS, UNICODE_TEXT, ODD_NUMBERS)
    if name == "int":
        return st.one_of(st.sampled_from(known["int"]), st.integers(0, 2**80).map(str), odd)
    if name == "slug":
        return st.one_of(st.sampled_from(known["slug"]), st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True), odd)
    return st.one_of(st.sampled_from(known["str"]), odd, LONG_TEXT)


def segment(pattern, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """One pattern's part of a path: a route with its converters filled, or a string its regex matches."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        parts: list[st.SearchStrategy[str]] = []
        for literal, converter in _route_parts(route):
            parts.append(st.just(literal))
            if converter:
                parts.append(converter_values(converter, known))
        return st.tuples(*parts).map("".join)
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern
        return st.one_of(st.from_regex(regex, fullmatch=True), UNICODE_TEXT.map(lambda text: text + "/"))
    if isinstance(pattern, LocalePrefixPattern):
        # The shopper's pages in each language: English unprefixed, French under fr/.
        return st.sampled_from(
            ["", *(f"{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)]
        )
    return st.just(str(pattern))


def _route_parts(route: str) -> list[tuple[str, str | None]]:
    """'shop/<slug:category_slug>/' -> [('shop/', 'slug'), ('/', None)]."""
    parts, rest = [], route
    while "<" in rest:
        literal, _, rest = rest.partition("<")
        spec, _, rest = rest.partition(">")
        parts.append((literal, spec.split(":")[0] if ":" in spec else "str"))
    parts.append((rest, None))
    return parts


REGEX_SAMPLES = ("", "1/fuzz.txt", "fuzz-stone/", "fuzz-stone/child/", "abc:def/", "1-abc/")


SHARP_PATH_VALUES = ("²", str(2**70), "\x00x", "x" * 3000)


def plain_path(chain: tuple, known: dict[str, list[str]], fill: str | None = None) -> str | None:
    """The pattern with its converters filled with real values, or with `fill`; None when a regex takes none
    of the samples. For the sweep."""
    parts = []
    for pattern in chain:
        if isinstance(pattern, RoutePattern):
            parts.extend(
                literal + ((fill or known[converter][0]) if converter else "")
                for literal, converter in _route_parts(str(pattern))
            )
        elif isinstance(pattern, RegexPattern):
            sample = next((text for text in REGEX_SAMPLES if pattern.regex.fullmatch(text)), None)
            if sample is None:
                return None
            parts.append(sample)
    return "/" + quote("".join(parts), safe="/:")


def paths(chain: tuple, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    safe = "/" + string.ascii_letters + string.digits + "-_.~"
    return st.tuples(*(segment(pattern, known) for pattern in chain)).map(
        lambda parts: "/" + quote("".join(parts), safe=safe)
    )


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    server_errors: int = 0


TALLY = Tally()


def _send(client: Client, method: str, path: str, query: dict, body: Body | None):
    url = f"{path}?{urlencode(query)}" if query else path
    if method == "GET":
        response = client.get(url)
    elif body is not None and body.content_type is not None:
        response = client.post(url, data=body.data, content_type=body.content_type)
    else:
        response = client.post(url, data=body.data if body else {})
    TALLY.requests += 1
    if response.status_code >= 500:
        TALLY.server_errors += 1
        problem = getattr(response, "exc_info", None)
        cause = repr(problem[1]) if problem else response.content[:300]
        raise AssertionError(f"{response.status_code} {cause} from {method} {url[:300]!r} body={body!r}")


def _forget_rate_limits() -> None:
    # Limits would turn most of the run into 429s after the first minute's worth of requests.
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def shop_data(db) -> dict[str, list[str]]:
    """A small shop the fuzzed values can reach: a home page, a category, a product in stock, an order."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Knot & Stone", slug="home", hero_heading="Tools", hero_text="."))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Knot & Stone")
    category = CategoryFactory(slug=CATEGORY)
    product = ProductFactory(slug=SLUG, category=category, variant=False)
    variant = ProductVariantFactory(product=product, price=Decimal("25.00"), stock_quantity=50)
    order = place(cart_with())
    return {
        "slug": [SLUG, CATEGORY],
        "path": [SLUG],
        "int": [str(variant.pk), str(product.pk), str(home.pk)],
        "str": [order.number],
        "variant": [str(variant.pk)],
    }


def fuzzer(chain: tuple, known: dict[str, list[str]], client: Client):
    """A hypothesis test for one URL pattern: each example sends one GET and one POST."""

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_URL,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(path=paths(chain, known), query=PARAMS, body=BODIES)
    def fuzz(path, query, body):
        _forget_rate_limits()
        _send(client, "GET", path, query, None)
        _send(client, "POST", path, query, body)

    return fuzz


def test_no_input_to_any_url_gives_a_5xx(shop_data, capsys):
    started = time.monotonic()
    patterns = url_patterns()
    assert len(patterns) > 40, "the resolver walk lost the shop's URLs"
    failures: list[str] = []
    for route, chain in patterns:
        client = Client(raise_request_exception=False)
        # A cart to change, so the cart endpoints get past "your cart is empty".
        client.post("/cart/add/", {"variant": shop_data["variant"][0], "quantity": "1"})

        try:
            if (path := plain_path(chain, shop_data)) is not None:
                for query, body in sharp_requests():
                    _forget_rate_limits()
                    _send(client, "GET", path, query, None)
                    _send(client, "POST", path, query, body)
            if "<" in route:
                for fill in SHARP_PATH_VALUES:
                    _forget_rate_limits()
                    _send(client, "GET", plain_path(chain, shop_data, fill), {}, None)
                    _send(client, "POST", plain_path(chain, shop_data, fill), {}, None)
            fuzzer(chain, shop_data, client)()
        except AssertionError as failure:
            failures.append(f"{route}: {failure}")
    seconds = time.monotonic() - started
    summary = (
        f"fuzz: {TALLY.requests} requests to {len(patterns)} URL patterns, {TALLY.server_errors} answered 5xx "
        f"({seconds:.0f} s)"
    )
    with capsys.disabled():
        print(f"\n{summary}")  # noqa: T201 - the closing note quotes this line
    assert not failures, summary + "\n" + "\n".join(failures)
    assert TALLY.requests >= MINIMUM_REQUESTS, summary
