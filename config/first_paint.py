"""The storefront's one inline script, run in <head> before the first paint.

It marks `<html class="js">` so that what JavaScript changes in the layout (the phone menu collapsed behind
its button) is already so in the first frame: the deferred site.js arrives later, and a class added then
moved the page (a layout shift). The Content-Security-Policy allows exactly this text by its hash
(config.middleware), not by a per-response nonce, so the page cache can still keep whole pages.
"""

from __future__ import annotations

import base64
import hashlib

SCRIPT = 'document.documentElement.classList.add("js")'
SCRIPT_TAG = f"<script>{SCRIPT}</script>"
CSP_HASH = f"'sha256-{base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()}'"
