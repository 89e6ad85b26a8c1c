"""The demo shop's policy pages, written for Knot & Stone, a small therapy-supply shop in Guelph, Ontario.

Original text, plain and friendly, and true to what the code does: refunds go back to the card through
Stripe, the rate table and office hours are live blocks, newsletters need a confirmed sign-up, and the
only cookies are the session and the form-security (CSRF) cookie.
Each body is a list of (block type, value): "heading" and "paragraph" take text (paragraphs are HTML),
the live blocks ("shipping_rates", "office_hours", "contact_details") take None.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyData:
    kind: str
    slug: str
    title: str
    intro: str
    body: tuple[tuple[str, str | None], ...]


SHIPPING = PolicyData(
    kind="shipping",
    slug="shipping",
    title="Shipping",
    intro="We ship from our shop in Guelph, Ontario, to every province and territory in Canada.",
    body=(
        ("heading", "What it costs and how long it takes"),
        (
            "paragraph",
            "<p>The table below is the same one our checkout uses, so the price you see here is the price you "
            "pay. Pick your method at checkout; you will see its price and delivery time for your province "
            "before you review your order.</p>",
        ),
        ("shipping_rates", None),
        ("heading", "When your order leaves us"),
        (
            "paragraph",
            "<p>We pack orders on business days (Monday to Friday, except Ontario statutory holidays). Most "
            "orders leave the next business day after you pay; the delivery times above start from then. "
            "You get an email with tracking as soon as your parcel is on its way.</p>",
        ),
        ("heading", "Things worth knowing"),
        (
            "paragraph",
            "<ul><li>We ship within Canada only for now.</li>"
            "<li>Free shipping is for the standard service. If you choose expedited, you pay its rate even "
            "on a large order.</li>"
            "<li>Heavy items such as hot-stone sets ship in one parcel with the rest of your order; we never "
            "charge extra for weight.</li>"
            '<li>If your parcel arrives damaged, keep the box and <a href="/contact/">get in touch</a> '
            "within 7 days. We will send a replacement or refund you, at no cost to you.</li></ul>",
        ),
    ),
)

RETURNS = PolicyData(
    kind="returns",
    slug="returns",
    title="Returns and refunds",
    intro="Changed your mind? You have 30 days from delivery to send it back.",
    body=(
        ("heading", "Our 30-day return policy"),
        (
            "paragraph",
            "<p>You can return most items within 30 days of delivery for a refund, as long as they are unused "
            'and in their original packaging. Tell us first, through the <a href="/contact/">contact page</a> '
            "or the chat, with your order number, and we will reply with the return address and what to "
            "put in the box.</p>",
        ),
        ("heading", "What we can't take back"),
        (
            "paragraph",
            "<p>For hygiene reasons we can't accept opened massage oils, lotions and balms, or tools that have "
            "been used on skin (such as cupping sets and scraping tools), unless they arrived faulty.</p>",
        ),
        ("heading", "Faulty, damaged or wrong items"),
        (
            "paragraph",
            "<p>If something arrives broken, doesn't work, or isn't what you ordered, that is our mistake to "
            "fix. We pay the return shipping and refund the original shipping too, or send a replacement if "
            "you prefer. Massage guns carry their maker's warranty on top of this; we will help you use it.</p>",
        ),
        ("heading", "How refunds work"),
        (
            "paragraph",
            "<ul><li>Once the item is back with us and checked (usually within two business days of "
            "arrival), we refund it to the card you paid with, through our payment processor, Stripe. "
            "We can't refund to a different card, in cash or as store credit.</li>"
            "<li>You get an email for each refund with its amount. Your bank then takes 5 to 10 business "
            "days to show it on your statement.</li>"
            "<li>We refund the price you paid for the item, with its sales tax. When you return part of an "
            "order, we refund just those items. Original shipping is refunded only when the return is our "
            "mistake.</li>"
            "<li>For a change-of-mind return you pay the return shipping. We recommend a tracked service: we "
            "can only refund what reaches us.</li></ul>",
        ),
        (
            "paragraph",
            "<p>Found your item cheaper elsewhere after buying? That is covered by our "
            '<a href="/price-match/">price match policy</a>, not by a return.</p>',
        ),
    ),
)

PRIVACY = PolicyData(
    kind="privacy",
    slug="privacy",
    title="Privacy",
    intro=(
        "We collect only what we need to sell you things and answer your questions, and we follow the "
        "principles of Canada's privacy law for businesses (PIPEDA)."
    ),
    body=(
        ("heading", "Who is responsible"),
        (
            "paragraph",
            "<p>Knot &amp; Stone Therapy Supply, in Guelph, Ontario, is responsible for the personal "
            "information described here. Our owner acts as our privacy officer; you can reach them through "
            'any of the ways on our <a href="/contact/">contact page</a>.</p>',
        ),
        ("heading", "What we collect, and why"),
        (
            "paragraph",
            "<ul><li><strong>When you order:</strong> your name, email, shipping address and, if you give it, "
            "your phone number, so we can ship your order, send receipts and tracking, and reach you about a "
            "delivery problem.</li>"
            "<li><strong>When you pay:</strong> your card details go straight from your browser to Stripe, our "
            "payment processor. We never see or store your card number.</li>"
            "<li><strong>When you chat with us or ask for a price match:</strong> your messages, your email "
            "and the details you send, so we can answer you.</li>"
            "<li><strong>When you make an account:</strong> your email and a securely hashed password, so you "
            "can see your orders.</li>"
            "<li><strong>Newsletter:</strong> your email and the topics you chose, only if you asked for it "
            "(see below).</li></ul>",
        ),
        ("heading", "Email from us"),
        (
            "paragraph",
            "<p>Order emails (receipts, shipping and refund notices) come because you ordered. Our newsletter "
            "is different: we send it only to people who ticked the box at checkout or signed up and "
            "confirmed by clicking the link we emailed, as Canada's anti-spam law (CASL) asks. Every "
            "newsletter has a one-click unsubscribe link, and unsubscribing takes effect at once.</p>",
        ),
        ("heading", "Cookies"),
        (
            "paragraph",
            "<p>We use two cookies, both needed for the shop to work: a session cookie that remembers your "
            "cart and checkout details, and a security cookie that protects our forms from being submitted "
            "by other websites. There are no advertising or tracking cookies, and no analytics that follow "
            "you around the web. Your browser also remembers, on your own device, whether you closed our "
            "announcement bar and what you typed in the chat during this visit; that never reaches us.</p>",
        ),
        ("heading", "Who we share it with"),
        (
            "paragraph",
            "<p>We never sell or rent your information. We share only what each service needs to do its job: "
            "Stripe to take payment and make refunds, our email delivery service to send our emails, and the "
            "carrier to deliver your parcel. Some of these companies store data outside Canada, for example "
            "in the United States, where it is subject to the laws there.</p>",
        ),
        ("heading", "How long we keep it"),
        (
            "paragraph",
            "<p>We keep order records for six years after the end of the tax year they belong to, because the "
            "Canada Revenue Agency requires it. Chat messages and price-match requests are kept while they are "
            "useful for answering you and any follow-up. Newsletter records are kept while you are subscribed, "
            "and afterwards only as proof of your consent and your unsubscribe.</p>",
        ),
        ("heading", "Your rights"),
        (
            "paragraph",
            "<p>You can ask to see the personal information we hold about you, to correct it, or to withdraw "
            "your consent to the newsletter at any time. Contact us and we will answer within 30 days. If you "
            "are not satisfied with our answer, you can complain to the Office of the Privacy Commissioner "
            "of Canada.</p>",
        ),
    ),
)

TERMS = PolicyData(
    kind="terms",
    slug="terms",
    title="Terms of sale",
    intro="The short version: fair prices in Canadian dollars, honest stock, and a person to talk to if something goes wrong.",
    body=(
        ("heading", "Who you are buying from"),
        (
            "paragraph",
            "<p>This shop is run by Knot &amp; Stone Therapy Supply, a small business in Guelph, Ontario. "
            "These terms apply when you order from us; placing an order means you accept them.</p>",
        ),
        ("heading", "Prices and taxes"),
        (
            "paragraph",
            "<p>Prices are in Canadian dollars. Sales tax (GST, HST, PST or QST) is worked out for the province "
            "you ship to and shown separately before you pay. Shipping is charged as on our "
            '<a href="/shipping/">shipping page</a>. If we ever show a wrong price by mistake, we will tell you '
            "before shipping and you can cancel for a full refund.</p>",
        ),
        ("heading", "Your order"),
        (
            "paragraph",
            "<ul><li>When you place your order we hold the items for 30 minutes while you pay. The order is "
            "confirmed once your payment goes through, and we email you a receipt.</li>"
            "<li>Discount codes have the conditions shown with them; one code per order.</li>"
            "<li>If an item turns out to be unavailable after you paid, we refund it in full, straight away, "
            "to your card.</li>"
            "<li>We can cancel an order that we suspect is fraudulent; we refund anything you paid.</li></ul>",
        ),
        ("heading", "Returns, refunds and price match"),
        (
            "paragraph",
            '<p>See our <a href="/returns/">returns and refunds policy</a> (30 days from delivery) and our '
            '<a href="/price-match/">price match policy</a>. Nothing in these terms takes away the rights you '
            "have under Ontario's consumer protection law.</p>",
        ),
        ("heading", "Using our products safely"),
        (
            "paragraph",
            "<p>We sell massage and recovery tools, not medical treatment. Our articles and product notes are "
            "general information. If you are pregnant, have a medical condition, or are unsure whether a tool "
            "is right for you, ask your doctor, physiotherapist or registered massage therapist first, and "
            "follow each maker's instructions.</p>",
        ),
        ("heading", "The legal bits"),
        (
            "paragraph",
            "<p>These terms are governed by the laws of Ontario and of Canada. We may update them from time "
            "to time; the version on this page when you placed your order is the one that applies to it.</p>",
        ),
    ),
)

CONTACT = PolicyData(
    kind="contact",
    slug="contact",
    title="Contact us",
    intro="Real people in Guelph, happy to help you choose a tool or sort out an order.",
    body=(
        ("contact_details", None),
        ("heading", "When we're in"),
        ("office_hours", None),
        (
            "paragraph",
            "<p>The quickest way to reach us is the <strong>Chat with us</strong> link at the bottom of every "
            "page. During office hours one of us answers right there; outside them, leave your question with "
            "your email and we will reply the next time we are in. Email and phone messages are answered "
            "within one business day.</p>",
        ),
        ("heading", "About an order?"),
        (
            "paragraph",
            "<p>Please have your order number handy (it starts with KS- and is on your receipt). For returns, "
            'read our <a href="/returns/">returns and refunds policy</a> first; it answers most '
            "questions.</p>",
        ),
    ),
)

POLICIES: tuple[PolicyData, ...] = (SHIPPING, RETURNS, PRIVACY, TERMS, CONTACT)
