"""Every cache the site keeps, with its key, its lifetime and what clears it.

The modules that read and write a cache take its key and lifetime from here, so this list cannot
drift from the code (tests/test_caches.py checks that no key is spelled anywhere else, and has one
test per entry proving that the change which should clear it does). All of them but the rate-limit
counters live in the default cache: Redis when REDIS_URL is set, local memory otherwise. The counters
live in the RATELIMIT_CACHE alias, which is shared by every process even without Redis (the database).

Kinds of clearing:
- cleared: saving or deleting what it copies deletes the entry at once and again after commit
  (config.caching.forget), so the next read sees the change; the lifetime is only a safety net for
  other processes that have their own local-memory cache.
- keyed by content: the key is made of what the entry shows, so a change is a new key and the old
  entry is never read again; it expires on its own.
- expires: nothing clears it; it is at most its lifetime old.

Rows changed in bulk (QuerySet.update, bulk_create) skip save(): the only bulk writes today are the
stock UPDATEs in shop/services/stock.py and order rows, and no cached list holds stock or orders
(cards are keyed by their stock, pages expire). A new bulk write to a cached table must forget its key.

Not listed, because they are not copies of rows: sessions (Django's cached_db engine) and the
per-process memos of what only a deploy changes (product URLs in shop/selectors/cards.py, the static
manifest in config/storage.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CacheEntry:
    name: str
    key: str  # the whole key, or the prefix of each key when `per` says what follows it
    seconds: int | None  # None: each caller sets it (see cleared_by)
    cleared_by: str
    per: str = ""  # what the rest of a prefixed key names ("" for a single key)

    def key_for(self, *parts: object) -> str:
        """The key of one entry under a prefix: key_for("shop.shopsettings", 1) -> "site-setting:shop.shopsettings:1"."""
        return self.key + ":".join(str(part) for part in parts)


PAGES = CacheEntry(
    name="anonymous pages",
    key="page-cache:",
    per="a digest of the language, host and full path",
    seconds=4,
    cleared_by=(
        "Expires: a page is served at most PAGE_CACHE_SECONDS old (this default, set per deployment); "
        "anyone with a session or signed in always gets a fresh page (config/page_cache.py)."
    ),
)

PRODUCT_CARDS = CacheEntry(
    name="product card HTML",
    key="product-card:",
    per="a digest of language, card templates and the card value",
    seconds=10 * 60,
    cleared_by=(
        "Keyed by content: the card value holds everything a card shows (name, prices, sale, stock, image), "
        "so a price edit, a sale starting or a stock UPDATE is a new key (shop/templatetags/catalogue_tags.py)."
    ),
)

SALE_EVENTS = CacheEntry(
    name="sale events",
    key="shop:sale-events",
    seconds=60,
    cleared_by=(
        "Cleared on saving or deleting a Promotion, queryset deletes included, and on changing its products "
        "or categories (shop/models/pricing.py)."
    ),
)

FREE_SHIPPING_THRESHOLD = CacheEntry(
    name="free-shipping threshold",
    key="shop:free-shipping-threshold",
    seconds=60,
    cleared_by=(
        "Cleared on saving the shop settings with a different threshold (shop/models/settings.py); offers read "
        'it for their "ships free" flag, while the cart and checkout read the row itself.'
    ),
)

CATEGORY_LIST = CacheEntry(
    name="category list",
    key="shop:category-list",
    seconds=60,
    cleared_by=(
        "Cleared on saving or deleting a Category or a CategoryTranslation (every language's names are in it), "
        "queryset deletes included (shop/models/catalogue.py, shop/models/translations.py)."
    ),
)

BRAND_LIST = CacheEntry(
    name="brand list",
    key="shop:brand-list",
    seconds=60,
    cleared_by="Cleared on saving a Brand and on deleting one, queryset deletes included (shop/models/catalogue.py).",
)

SITES = CacheEntry(
    name="Wagtail sites by host",
    key="site-settings:sites-by-host",
    seconds=5,
    cleared_by="Cleared on saving or deleting a Wagtail Site (config/site_settings.py).",
)

SITE_SETTINGS = CacheEntry(
    name="site settings",
    key="site-setting:",
    per="the setting model's label and the site id",
    seconds=5,
    cleared_by="Cleared on saving or deleting that setting (config/site_settings.py CachedSiteSetting).",
)

POLICY_LINKS = CacheEntry(
    name="policy page links",
    key="content:policy-links:",
    per="the content language (each language's pages, English where a kind has no translation)",
    seconds=60,
    cleared_by=(
        "Cleared on saving a PolicyPage (publishing, unpublishing, retitling and moving all save it) and on "
        "deleting one, every language's copy at once (content/policies.py); the footer and checkout read it "
        "on every page."
    ),
)

RATE_LIMIT_COUNTS = CacheEntry(
    name="rate-limit counters",
    key="ratelimit:",
    per="the action, the hashed client address and the window number (plus a digest of the code for codes tried)",
    seconds=None,
    cleared_by=(
        "Expires: each counter lives one window of its Rate plus a second (config/ratelimit.py); so does each "
        "mark of a code a client already tried (shop/visitor.py code_try_allowed)."
    ),
)

NEWSLETTER_SEND_RATE = CacheEntry(
    name="newsletter sending rate",
    key="newsletter-send-rate:",
    per="the second (Unix time) the count is for",
    seconds=5,
    cleared_by=(
        "Expires: each second's count of campaign emails lives a few seconds, in the rate-limit cache so every "
        "worker shares it; the next second starts a new key (newsletter/delivery.py rate_limit_take)."
    ),
)

REGISTRY: tuple[CacheEntry, ...] = (
    PAGES,
    PRODUCT_CARDS,
    SALE_EVENTS,
    FREE_SHIPPING_THRESHOLD,
    CATEGORY_LIST,
    BRAND_LIST,
    SITES,
    SITE_SETTINGS,
    POLICY_LINKS,
    RATE_LIMIT_COUNTS,
    NEWSLETTER_SEND_RATE,
)
