"""Background work for the shop, through the django-tasks API."""

from django_tasks import task


@task()
def release_unpaid_order(order_id: int) -> bool:
    """Runs when an order's reservation ends: an order still unpaid gives its stock back."""
    from shop.services.orders import order_release_if_unpaid

    return order_release_if_unpaid(order_id=order_id)
