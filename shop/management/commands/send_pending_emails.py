from django.core.management.base import BaseCommand

from shop.services.notifications import order_emails_send_due


class Command(BaseCommand):
    help = (
        "Send order emails that are due but not sent yet, now (run_worker's sweep does this every TASKS_SWEEP_SECONDS)."
    )

    def handle(self, *args, **options):
        sent = order_emails_send_due()
        self.stdout.write(f"Sent {sent} order email(s).")
