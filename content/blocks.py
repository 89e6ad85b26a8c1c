"""StreamField blocks for articles, including a block that shows live products."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    alt = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("description"),
        help_text=_("What the picture shows, in this page's language. Leave empty to use the image's own."),
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("caution", _("Caution")), ("note", _("Note"))], default="tip"
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"


class ProductBlock(blocks.StructBlock):
    """Products rendered live: price, sale price and stock come from the catalogue at render time."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text=_("Optional; shown above the products, e.g. “Tools from this guide”.")
    )
    products = blocks.ListBlock(
        SnippetChooserBlock("shop.Product", label=_("Product")),
        min_num=1,
        max_num=4,
        label=_("Products"),
        help_text=_("One to four products. Search the chooser by name, brand or SKU."),
    )

    class Meta:
        icon = "tag"
        label = _("Products from the shop")
        # The collapsed block names its products (the chooser fills in each one's name) after the heading.
        label_format = "{heading} {products}"
        description = _("Up to four products, each with its live price, stock and an add-to-cart button.")
        help_text = _(
            "Prices, sale prices and stock are live: they are read from the catalogue each time the article "
            "is shown, so they are never out of date. Inactive products are left out, and shoppers can add "
            "a product to their cart from the block."
        )
        template = "blocks/product_block.html"
        preview_template = "blocks/product_block_preview.html"

    def get_preview_value(self):
        """The block picker's preview shows two real products, so editors see what shoppers will."""
        from shop.models import Product

        products = list(Product.objects.active().order_by("-is_featured", "name")[:2])
        return self.normalize({"heading": _("Tools from this guide"), "products": products})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        products = [product for product in value["products"] if product is not None and product.is_active]
        # The article page fetches every block's products at once; anywhere else (previews, other
        # renderers) the block fetches its own.
        teasers = (parent_context or {}).get("product_teasers")
        if teasers is None or any(product.pk not in teasers for product in products):
            from content.selectors import product_teasers

            teasers = product_teasers(products)
        context["teasers"] = [teasers[product.pk] for product in products if product.pk in teasers]
        return context


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ol", "ul"], template="blocks/paragraph_block.html"
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    products = ProductBlock()
