"""The newsletter's tables: subscribers and their consent (subscribers.py), campaigns and their sends (campaigns.py),
and what the email provider reported about them (tracking.py)."""

from newsletter.models.alerts import ACTIVE_STATUSES, BackInStockRequest, BackInStockStatus
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
from newsletter.models.tracking import DeliveryEvent, DeliveryEventType

__all__ = [
    "ACTIVE_STATUSES",
    "DEFAULT_CONSENT_TEXT",
    "AppendOnlyQuerySet",
    "Audience",
    "BackInStockRequest",
    "BackInStockStatus",
    "Campaign",
    "CampaignRecipient",
    "CampaignStatus",
    "ConsentEvent",
    "ConsentType",
    "DeliveryEvent",
    "DeliveryEventType",
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
