"""Demo policy pages: shipping, returns and refunds, privacy, terms and contact, under the home page, each
with its French translation under the French home page.

Idempotent: a kind that already has a page is left alone (editors own a page once it exists), so a
re-run never overwrites their changes and never makes a second page of a kind.
"""

from __future__ import annotations

from wagtail.models import Site
from wagtail.rich_text import RichText

from content.policies import PolicyPage
from demo.base import CREATED, UNCHANGED, DemoContext
from demo.data import policies_fr
from demo.data.policies import POLICIES, PolicyData
from demo.french import publish_translation


def load_policy_pages(ctx: DemoContext) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    english = PolicyPage.objects.filter(locale_id=home.locale_id)
    existing = set(english.values_list("kind", flat=True))
    outcomes = []
    for policy in POLICIES:
        if policy.kind in existing:
            outcomes.append(UNCHANGED)
            continue
        _create(home, policy)
        outcomes.append(CREATED)
    ctx.report("Policy pages", outcomes)

    pages = {page.kind: page for page in english}
    french = [_translate(pages[policy.kind], policy) for policy in policies_fr.POLICIES if policy.kind in pages]
    ctx.report("French policy pages", french)


def _translate(page: PolicyPage, policy: PolicyData) -> str:
    """The page's French version, under the French home, with a French slug (/fr/livraison/...)."""
    fields = {
        "title": policy.title,
        "slug": policy.slug,
        "intro": policy.intro,
        "search_description": policy.intro,
        "body": [_stream_child(block_type, value) for block_type, value in policy.body],
    }
    _page, outcome = publish_translation(page, fields)
    return outcome


def _create(home, policy: PolicyData) -> PolicyPage:
    page = PolicyPage(
        title=policy.title,
        slug=policy.slug,
        kind=policy.kind,
        intro=policy.intro,
        search_description=policy.intro,
        body=[_stream_child(block_type, value) for block_type, value in policy.body],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _stream_child(block_type: str, value: str | None):
    if block_type == "heading":
        return ("heading", {"text": value, "level": "h2"})
    if block_type == "paragraph":
        return ("paragraph", RichText(value))
    return (block_type, None)
