from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from content.models import ArticlePage
        from newsletter.receivers import article_published_prepare_draft

        # A published article (from the admin, on schedule or from code) gets its "New articles" draft.
        page_published.connect(
            article_published_prepare_draft, sender=ArticlePage, dispatch_uid="newsletter.article_published_draft"
        )
