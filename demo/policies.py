"""Demo policy pages: shipping, returns and refunds, privacy, terms and contact, under the home page.

Idempotent: a kind that already has a page is left alone (editors own a page once it exists), so a
re-run never overwrites their changes and never makes a second page of a kind.
"""

from __future__ import annotations

from wagtail.models import Site
from wagtail.rich_text import RichText

from content.policies import PolicyPage
from demo.base import CREATED, UNCHANGED, DemoContext
from demo.data.policies import POLICIES, PolicyData


def load_policy_pages(ctx: DemoContext) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    existing = set(PolicyPage.objects.values_list("kind", flat=True))
    outcomes = []
    for policy in POLICIES:
        if policy.kind in existing:
            outcomes.append(UNCHANGED)
            continue
        _create(home, policy)
        outcomes.append(CREATED)
    ctx.report("Policy pages", outcomes)


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
