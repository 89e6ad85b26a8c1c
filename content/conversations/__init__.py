"""Chat with us: conversations between shoppers and the shop's staff.

A shopper writes from the panel on every page (or the /chat/ page without JavaScript); the page, the
product and the cart are attached for staff, and their session keeps the conversation so replies show in
the panel. Staff answer from the inbox in the Wagtail admin; each answer is also emailed.

- models.py     the conversation and its messages (imported by content/models.py, so they are content's)
- forms.py      the shopper's form (honeypot, length cap, no attachments)
- selectors.py  reading: the session's conversation, what a message attaches, the inbox counts
- services.py   writing: a shopper's message, a staff reply, marking read (emails after commit)
- emails.py     the confirmation and reply emails, rendered in the shopper's language
- views.py      the /chat/ page and its JSON for the panel
- admin.py      the inbox, the conversation page, the menu badge and the dashboard panel
"""
