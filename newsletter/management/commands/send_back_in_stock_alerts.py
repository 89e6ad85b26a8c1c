from django.core.management.base import BaseCommand

from newsletter.back_in_stock import back_in_stock_sweep


class Command(BaseCommand):
    help = (
        "Tell every confirmed back-in-stock request whose variant is in stock now (a safety net for an alert "
        "task that was lost; each request is still told once)."
    )

    def handle(self, *args, **options):
        sent = back_in_stock_sweep()
        self.stdout.write(f"Sent {sent} back-in-stock email(s).")
