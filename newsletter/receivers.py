"""Framework hooks only: each receiver hands over to a service and holds no newsletter logic itself.

Connected in NewsletterConfig.ready (newsletter/apps.py), the one place the newsletter subscribes to signals.
"""

from __future__ import annotations

import logging

from newsletter.campaign_services import campaign_draft_for_article

logger = logging.getLogger(__name__)


def article_published_prepare_draft(sender, instance, revision=None, alias=False, **kwargs) -> None:
    """A published article gets its "New articles" draft (made once; republishing changes nothing).

    An alias is not an article of its own: with WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE every new article has
    a live alias in the other locale's tree, holding the original's words, and publishing the original
    republishes it (page_published with alias=True). Announcing it would send English words to French
    subscribers, so it is ignored; once an editor turns it into a real translation, its own publish announces it.

    Wagtail's page_published signal, rather than only the admin's after_publish_page hook, because an
    article also goes live without the admin: scheduled publishing (`manage.py publish_scheduled`) and
    revision.publish() from code send this signal and call no admin hook. Failing to prepare the draft
    must never undo the publish, so a failure is logged and the article stays live.
    """
    if alias or instance.alias_of_id is not None:
        return
    try:
        campaign_draft_for_article(article_id=instance.pk)
    except Exception:
        logger.exception("Could not prepare the New articles draft for page %s", instance.pk)
