import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import identify_hasher
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.admin.panels import get_edit_handler

from content.forms import StorefrontLockAdminForm
from content.settings import StorefrontLock
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pre-launch-basalt"
PROMPT = "Enter your password to access this page"


@pytest.fixture
def locked(storefront_lock) -> StorefrontLock:
    storefront_lock.is_locked = True
    storefront_lock.set_password(PASSWORD)
    storefront_lock.save()
    return storefront_lock


def admin_form(**kwargs):
    """The form Wagtail's settings view builds from the setting's panels and base form."""
    form_class = get_edit_handler(StorefrontLock).get_form_class()
    assert issubclass(form_class, StorefrontLockAdminForm)
    return form_class(**kwargs)


def is_password_page(response) -> bool:
    return PROMPT in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/shop/", "/search/?q=stones", "/cart/", "/compare/", "/articles/", "/accounts/login/"]
)
def test_locked_storefront_shows_the_password_page_on_public_urls(client, locked, path):
    response = client.get(path)

    assert response.status_code == 200
    assert is_password_page(response)
    assert "no-store" in response["Cache-Control"]
    form = BeautifulSoup(response.content, "html.parser").select_one("form")
    assert form["method"] == "post"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None


def test_unlocked_storefront_shows_pages(client, storefront_lock):
    response = client.get("/")

    assert response.status_code == 200
    assert not is_password_page(response)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/admin/login/", 200), ("/healthz/", 200), ("/static/css/site.css", None), ("/robots.txt", 200)],
)
def test_locked_storefront_keeps_admin_health_and_assets_reachable(client, locked, path, status):
    response = client.get(path)

    assert not is_password_page(response)
    if status is not None:
        assert response.status_code == status


def test_signed_in_staff_walk_past_the_lock(client, locked):
    client.force_login(StaffFactory())

    response = client.get("/")

    assert response.status_code == 200
    assert not is_password_page(response)


def test_signed_in_customers_still_need_the_password(client, locked):
    client.force_login(UserFactory())

    assert is_password_page(client.get("/"))


def test_wrong_password_says_so(client, locked):
    response = client.post("/password/", {"password": "guess", "next": "/"})

    assert response.status_code == 200
    assert "Your password is incorrect." in response.content.decode()
    assert is_password_page(client.get("/"))


def test_right_password_unlocks_the_storefront_for_this_session(client, locked):
    response = client.post("/password/", {"password": PASSWORD, "next": "/articles/"})

    assert response.status_code == 302
    assert response["Location"] == "/articles/"
    assert not is_password_page(client.get("/"))


def test_after_the_password_the_shopper_goes_back_only_to_this_site(client, locked):
    response = client.post("/password/", {"password": PASSWORD, "next": "https://evil.example.com/"})

    assert response["Location"] == "/"


def test_changing_the_password_locks_out_earlier_sessions(client, locked):
    client.post("/password/", {"password": PASSWORD, "next": "/"})
    locked.set_password("launch-week-jade")
    locked.save()

    assert is_password_page(client.get("/"))


def test_password_attempts_are_rate_limited_per_address(client, locked):
    for _ in range(10):
        assert client.post("/password/", {"password": "guess"}).status_code == 200

    response = client.post("/password/", {"password": PASSWORD})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert is_password_page(client.get("/"))
    other_address = client.post("/password/", {"password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 302


def test_password_form_requires_csrf(locked):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    assert strict.post("/password/", {"password": PASSWORD}).status_code == 403


def test_password_page_when_not_locked_sends_shoppers_home(client, storefront_lock):
    assert client.get("/password/")["Location"] == "/"


def test_checking_the_lock_costs_no_query_once_a_request_has_read_it(client, locked):
    # given a first request has read the lock (and cached it)
    client.get("/")

    # when the next request comes in
    with CaptureQueriesContext(connection) as queries:
        client.get("/")

    # then the middleware answers without asking the database about the lock
    lock_queries = [q for q in queries.captured_queries if "content_storefrontlock" in q["sql"]]
    assert len(lock_queries) == 0


def test_admin_form_stores_the_password_hashed_and_blank_keeps_it(storefront_lock):
    form = admin_form(
        data={"is_locked": "on", "password": PASSWORD, "message": "Opening in spring"}, instance=storefront_lock
    )
    assert form.is_valid(), form.errors
    lock = form.save()

    assert lock.password_hash != PASSWORD
    assert identify_hasher(lock.password_hash)
    assert lock.check_password(PASSWORD)

    again = admin_form(data={"is_locked": "on", "password": "", "message": "Soon"}, instance=lock)
    assert again.is_valid(), again.errors
    assert again.save().check_password(PASSWORD)


def test_admin_form_refuses_to_lock_without_a_password(storefront_lock):
    form = admin_form(data={"is_locked": "on", "password": "", "message": ""}, instance=storefront_lock)

    assert not form.is_valid()
    assert "password" in form.errors


def test_lock_settings_edit_in_the_wagtail_admin(client, site):
    client.force_login(StaffFactory())
    url = f"/admin/settings/content/storefrontlock/{site.pk}/"

    page = client.get(url)
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()

    response = client.post(url, {"is_locked": "on", "password": PASSWORD, "message": "Opening soon"})

    assert response.status_code == 302
    lock = StorefrontLock.for_site(site)
    assert lock.is_locked and lock.check_password(PASSWORD) and PASSWORD not in lock.password_hash


@pytest.mark.parametrize(
    ("path", "headers"), [("/cart.js", {}), ("/cart/quote.json", {}), ("/cart/", {"Accept": "application/json"})]
)
def test_locked_storefront_answers_scripts_with_json(client, locked, path, headers):
    response = client.get(path, headers=headers)

    assert response.status_code == 403
    assert response.json() == {"error": "This store is password protected."}


def test_lock_stays_out_of_the_way_before_any_site_exists(rf, db):
    from django.http import HttpResponse
    from wagtail.models import Site

    from content.middleware import StorefrontLockMiddleware

    Site.objects.all().delete()
    middleware = StorefrontLockMiddleware(lambda request: HttpResponse("the page"))

    response = middleware(rf.get("/shop/"))

    assert response.content == b"the page"


@pytest.mark.parametrize("is_locked", [True, False])
def test_admin_dashboard_reminds_staff_while_the_storefront_is_locked(client, storefront_lock, is_locked):
    storefront_lock.is_locked = is_locked
    storefront_lock.set_password(PASSWORD)
    storefront_lock.save()
    client.force_login(StaffFactory())

    response = client.get("/admin/")

    assert response.status_code == 200
    assert ("The storefront is password protected" in response.content.decode()) is is_locked


def test_staff_who_may_not_change_the_lock_are_told_but_get_no_link_to_it(client, storefront_lock):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    storefront_lock.is_locked = True
    storefront_lock.set_password(PASSWORD)
    storefront_lock.save()
    marketer = UserFactory(is_staff=True)
    marketer.groups.add(Group.objects.get(name="Marketing"))
    client.force_login(marketer)

    page = client.get("/admin/").content.decode()

    assert "The storefront is password protected" in page
    assert "Storefront password settings" not in page
    client.force_login(StaffFactory())
    assert "Storefront password settings" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("lock_it", [True, False])
def test_saving_the_lock_takes_effect_on_the_very_next_request(client, storefront_lock, lock_it):
    # given the opposite state, already read (and cached) by a request
    storefront_lock.is_locked = not lock_it
    storefront_lock.set_password(PASSWORD)
    storefront_lock.save()
    assert is_password_page(client.get("/shop/")) is not lock_it

    # when an editor saves the new state
    storefront_lock.is_locked = lock_it
    storefront_lock.save()

    # then the next request already follows it
    assert is_password_page(client.get("/shop/")) is lock_it


SALE = "Secret launch sale: 40% off basalt"


@pytest.fixture
def locked_with_a_sale(locked, site_settings):
    site_settings.announcement_text = SALE
    site_settings.save()
    return locked


@pytest.mark.parametrize(
    "path",
    [
        "/robots.txtfoo",
        "/robots.txt/",
        "/healthz/x",
        "/password/extra/",
        "/shop/stripe/webhook/x/",
        "/adminx/",
        "/static",
    ],
)
def test_locked_storefront_opens_only_the_exact_open_addresses(client, locked, path):
    response = client.get(path)

    assert is_password_page(response)


@pytest.mark.parametrize("path", ["/static/no-such-file.css", "/media/no-such-image.jpg"])
def test_a_missing_asset_while_locked_is_a_bare_404_not_the_site(client, locked_with_a_sale, path):
    # Given a locked storefront with a sale running, and a visitor who has not unlocked it
    # When they ask for an asset that does not exist
    response = client.get(path)

    # Then it is a bare 404, not the site's frame with the sale, menu and contacts
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert SALE not in response.content.decode()


def test_a_missing_page_while_locked_shows_the_password_page_not_the_site(rf, locked_with_a_sale):
    # Given a visitor who has not unlocked the storefront, on an address that reached the 404 handler
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    from content.views import page_not_found

    request = rf.get("/admin/no-such-page/")
    request.session, request.user = SessionStore(), AnonymousUser()

    # When the 404 page renders
    response = page_not_found(request)

    # Then it is the password page with status 404, not the site's frame with the sale, menu and contacts
    assert response.status_code == 404
    assert is_password_page(response)
    assert SALE not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_staff_see_the_ordinary_missing_page_while_locked(client, locked_with_a_sale):
    client.force_login(StaffFactory())

    response = client.get("/static/no-such-file.css")

    assert response.status_code == 404
    assert not is_password_page(response)
    assert SALE in response.content.decode()


def test_an_unlocked_storefront_shows_its_own_missing_page(client, storefront_lock, site_settings):
    site_settings.announcement_text = SALE
    site_settings.save()

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert not is_password_page(response)
    assert SALE in response.content.decode()
