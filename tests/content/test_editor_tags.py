"""The admin's Tags screen: usage counts, renaming, deleting and merging, for staff with the tag permissions."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from taggit.models import Tag

from content.models import ArticlePage
from content.tags import tag_merge, with_usage_counts
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def tag_names(article) -> list[str]:
    return sorted(tag.name for tag in ArticlePage.objects.get(pk=article.pk).tags.all())


def test_usage_counts_cover_articles_and_images(make_article):
    from wagtail.images import get_image_model

    from tests.factories import CompareImageFactory

    make_article(tags=["oils", "stones"])
    make_article(tags=["oils"])
    image = CompareImageFactory()
    image.tags.add("oils")
    assert isinstance(image, get_image_model())
    Tag.objects.create(name="unused", slug="unused")

    counts = dict(with_usage_counts(Tag.objects.all()).values_list("name", "usage_count"))

    assert counts == {"oils": 3, "stones": 1, "unused": 0}


def test_the_tags_screen_lists_each_tag_with_its_uses(staff_client, make_article):
    make_article(tags=["oils", "stones"])
    make_article(tags=["oils"])

    response = staff_client.get(reverse("tags:index"))

    assert response.status_code == 200
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")
    ]
    assert [(row[0].split()[0], row[-1]) for row in rows] == [("oils", "2"), ("stones", "1")]
    assert reverse("tags:merge", args=[Tag.objects.get(name="oils").pk]) in response.content.decode()


def test_renaming_a_tag_renames_it_on_every_article(staff_client, make_article):
    article = make_article(tags=["oil"])
    tag = Tag.objects.get(name="oil")

    response = staff_client.post(reverse("tags:edit", args=[tag.pk]), {"name": "oils", "slug": "oils"})

    assert response.status_code == 302
    assert tag_names(article) == ["oils"]


def test_renaming_to_a_name_in_use_is_refused_with_a_message(staff_client, make_article):
    make_article(tags=["oil", "oils"])
    tag = Tag.objects.get(name="oil")

    response = staff_client.post(reverse("tags:edit", args=[tag.pk]), {"name": "oils", "slug": "oils-2"})

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Tag.objects.get(pk=tag.pk).name == "oil"


def test_merging_moves_every_use_to_the_target_once(staff_client, make_article):
    # Given "oil" on two articles, one of which already has "oils"
    only_oil = make_article(tags=["oil"])
    both = make_article(tags=["oil", "oils"])
    source, target = Tag.objects.get(name="oil"), Tag.objects.get(name="oils")

    # When staff merge "oil" into "oils"
    response = staff_client.post(reverse("tags:merge", args=[source.pk]), {"target": target.pk}, follow=True)

    # Then both articles carry "oils" once, and "oil" is gone
    assert response.status_code == 200
    assert "merged into" in response.content.decode()
    assert tag_names(only_oil) == ["oils"]
    assert tag_names(both) == ["oils"]
    assert not Tag.objects.filter(pk=source.pk).exists()


def test_the_merge_form_shows_and_refuses_merging_a_tag_into_itself(staff_client, make_article):
    make_article(tags=["oil", "oils"])
    source = Tag.objects.get(name="oil")

    form = staff_client.get(reverse("tags:merge", args=[source.pk]))
    response = staff_client.post(reverse("tags:merge", args=[source.pk]), {"target": source.pk})

    assert form.status_code == 200 and "Merge into" in form.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Tag.objects.filter(pk=source.pk).exists()
    with pytest.raises(ValueError):
        tag_merge(source=source, target=source)


def test_merging_an_unknown_tag_is_a_404(staff_client):
    assert staff_client.get(reverse("tags:merge", args=[999_999])).status_code == 404


def test_someone_without_tag_permissions_cannot_merge(client, make_article):
    make_article(tags=["oil", "oils"])
    source, target = Tag.objects.get(name="oil"), Tag.objects.get(name="oils")
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.post(reverse("tags:merge", args=[source.pk]), {"target": target.pk})

    assert response.status_code in (302, 403)
    assert Tag.objects.filter(pk=source.pk).exists()
