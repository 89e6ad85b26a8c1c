from django.urls import path

from newsletter import alert_views, views, webhooks

app_name = "newsletter"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("back-in-stock/", alert_views.back_in_stock_ask, name="back_in_stock"),
    path("back-in-stock/confirm/<str:token>/", alert_views.back_in_stock_confirm, name="back_in_stock_confirm"),
    path("back-in-stock/cancel/<str:token>/", alert_views.back_in_stock_cancel, name="back_in_stock_cancel"),
    # The email provider's delivery and engagement reports (newsletter.webhooks), behind its basic-auth secret.
    path("webhooks/mailgun/tracking/", webhooks.mailgun_tracking, name="mailgun_tracking"),
    path("webhooks/postmark/tracking/", webhooks.postmark_tracking, name="postmark_tracking"),
    path("test-email/", views.test_email_link, name="test_email_link"),
]
