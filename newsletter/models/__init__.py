"""The newsletter's tables: subscribers and their consent (subscribers.py), campaigns and their sends (campaigns.py)."""

from newsletter.models.campaigns import (
    Audience,
    Campaign,
    CampaignRecipient,
    CampaignStatus,
    DigestArticle,
    RecipientStatus,
)
from newsletter.models.subscribers import (
    DEFAULT_CONSENT_TEXT,
    AppendOnlyQuerySet,
    ConsentEvent,
    ConsentType,
    NewsletterSettings,
    SignupSource,
    Subscriber,
    SubscriberStatus,
    Topic,
    new_secret,
    normalise_email,
    split_addresses,
)

__all__ = [
    "DEFAULT_CONSENT_TEXT",
    "AppendOnlyQuerySet",
    "Audience",
    "Campaign",
    "CampaignRecipient",
    "CampaignStatus",
    "ConsentEvent",
    "ConsentType",
    "DigestArticle",
    "NewsletterSettings",
    "RecipientStatus",
    "SignupSource",
    "Subscriber",
    "SubscriberStatus",
    "Topic",
    "new_secret",
    "normalise_email",
    "split_addresses",
]
