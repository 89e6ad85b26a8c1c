"""Background work for the shop, through the django-tasks API."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def release_unpaid_order(order_id: int) -> bool:
    """Runs when an order's reservation ends: an order still unpaid gives its stock back."""
    from shop.services.order_status import order_release_if_unpaid

    return order_release_if_unpaid(order_id=order_id)


@task()
def send_order_email(email_id: int) -> bool:
    """Send one order email (receipt or payment reminder) if it is due and still true; retries itself on failure.

    Takes the OrderEmail's id and reads everything afresh, so a late or repeated run sends nothing twice.
    """
    from shop.services.notifications import order_email_send

    return order_email_send(email_id=email_id)


@task()
def settle_unanswered_refunds(order_id: int) -> int:
    """After Stripe reported a refund on the order: settle each refund Stripe never answered that it now lists."""
    from shop.services.refunds import refunds_settle_unanswered

    return refunds_settle_unanswered(order_id=order_id)


def sweep() -> tuple[int, int]:
    """The safety net behind the scheduled tasks: release every unpaid order whose reservation has ended and
    send every order email that is due, whatever happened to their own tasks. Returns (released, sent).

    `manage.py run_worker` runs it every TASKS_SWEEP_SECONDS next to the worker. Both halves are safe to run
    from several workers at once: each order is released under a row lock, each email is claimed first.
    """
    from shop.services.notifications import order_emails_send_due
    from shop.services.order_status import order_release_expired

    result = order_release_expired(), order_emails_send_due()
    sweep_hooks_run()
    return result


def sweep_hooks_run() -> None:
    """Call every TASKS_SWEEP_HOOKS callable (other apps' sweeps, e.g. the newsletter's), without importing them.

    A hook that raises is logged and skipped, so it never stops the shop's own sweep nor the hooks after it.
    """
    for path in getattr(settings, "TASKS_SWEEP_HOOKS", ()):
        try:
            import_string(path)()
        except Exception:
            logger.exception("Sweep hook %s failed", path)
