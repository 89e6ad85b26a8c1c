"""The signed links in newsletter emails.

Confirmation links are timestamped (they expire after 7 days) and carry a nonce the subscriber row clears
when the link is used, so each works once. Unsubscribe and preferences links never expire: they carry the
subscriber's id and per-subscriber secret, so they need no login and a new secret revokes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PREFERENCES_SALT = "newsletter.preferences"
# Back-in-stock alerts: a link made for a request can never be read as a subscriber's, nor the other way.
ALERT_CONFIRM_SALT = "newsletter.alert.confirm"
ALERT_CANCEL_SALT = "newsletter.alert.cancel"
CONFIRM_MAX_AGE = timedelta(days=7)


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


@dataclass(frozen=True, slots=True)
class LinkParts:
    subscriber_id: int
    secret: str


def _join(subscriber_id: int, secret: str) -> str:
    return f"{subscriber_id}.{secret}"


def _split(value: str) -> LinkParts:
    subscriber_id, _, secret = value.partition(".")
    if not subscriber_id.isdigit() or not secret:
        raise LinkInvalid
    return LinkParts(int(subscriber_id), secret)


def confirm_token(subscriber_id: int, nonce: str, *, salt: str = CONFIRM_SALT) -> str:
    return signing.TimestampSigner(salt=salt).sign(_join(subscriber_id, nonce))


def read_confirm_token(token: str, *, salt: str = CONFIRM_SALT) -> LinkParts:
    try:
        return _split(signing.TimestampSigner(salt=salt).unsign(token, max_age=CONFIRM_MAX_AGE))
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error


def standing_token(subscriber_id: int, secret: str, *, salt: str) -> str:
    return signing.Signer(salt=salt).sign(_join(subscriber_id, secret))


def read_standing_token(token: str, *, salt: str) -> LinkParts:
    try:
        return _split(signing.Signer(salt=salt).unsign(token))
    except signing.BadSignature as error:
        raise LinkInvalid from error
