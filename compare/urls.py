from django.urls import path

from compare import views

app_name = "compare"
urlpatterns = [
    path("", views.compare_page, name="page"),
    path("add/", views.add, name="add"),
    path("remove/", views.remove, name="remove"),
    path("clear/", views.clear, name="clear"),
]
