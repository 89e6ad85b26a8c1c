"""The "Shop staff" group: orders (with their refunds and notes), the catalogue, stock, pricing and tax, the
shop settings, and the product images they need; no pages, no newsletter.

Shop models added later grant their permissions in their own migration, in the same way:
`config.staff_groups.grant(apps, "Shop staff", [("shop", "view_<model>"), ...])` after
`make_permissions(apps, "shop")`.
"""

from django.db import migrations

from config.staff_groups import grant, grant_on_collections, make_permissions

GROUP_NAME = "Shop staff"
EVERYTHING = ("add", "change", "delete", "view")
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    # Orders change only through the shop's services; "change" lets staff run the order actions.
    ("shop", "view_order"),
    ("shop", "change_order"),
    ("shop", "view_orderline"),
    ("shop", "view_ordertaxline"),
    ("shop", "view_orderstatuschange"),
    ("shop", "add_orderstatuschange"),
    ("shop", "view_refund"),
    ("shop", "add_refund"),
    ("shop", "view_orderemail"),
    ("shop", "view_discountredemption"),
    ("shop", "view_stockadjustment"),
    ("shop", "add_stockadjustment"),
    ("shop", "view_shopsettings"),
    ("shop", "change_shopsettings"),
    # Price match: staff read the queue and decide requests; the log is only ever added to by the services.
    ("shop", "view_pricematchrequest"),
    ("shop", "change_pricematchrequest"),
    ("shop", "view_pricematchevent"),
    ("shop", "view_pricematchsettings"),
    ("shop", "change_pricematchsettings"),
    *(
        ("shop", f"{action}_{model}")
        for model in (
            "product",
            "productvariant",
            "productimage",
            "brand",
            "category",
            "promotion",
            "discountcode",
            "shippingzone",
            "shippingrate",
            "taxrate",
        )
        for action in EVERYTHING
    ),
]
# Product photos: upload, edit and choose images in every collection.
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]


def create_shop_staff_group(apps, schema_editor):
    make_permissions(apps, "shop", "wagtailimages", "wagtaildocs")
    group = grant(apps, GROUP_NAME, PERMISSIONS)
    grant_on_collections(apps, group, MEDIA_PERMISSIONS)


def remove_shop_staff_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0012_price_match"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_shop_staff_group, remove_shop_staff_group)]
