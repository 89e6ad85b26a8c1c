"""axe-core finds nothing, of any impact, on the key pages at desktop and phone widths; the focus ring stands
out on every background.

One demo load per viewport: each test walks tests.browser.key_pages.KEY_PAGES and reports every page's
violations together, so one run shows the whole picture.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.harness import DESKTOP, JOURNEY, PHONE
from tests.browser.key_pages import KEY_PAGES, open_key_page, shopper  # noqa: F401 - a fixture

pytestmark = JOURNEY


def describe(violation: dict) -> str:
    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_key_pages_have_no_axe_violations(page, live_server, shopper, viewport, csp_violations):  # noqa: F811
    page.set_viewport_size(viewport)
    axe = Axe()
    found = {}
    for key in KEY_PAGES:
        open_key_page(page, live_server, key, shopper)
        violations = axe.run(page).response["violations"]
        if violations:
            found[key] = [describe(violation) for violation in violations]
    assert found == {}
    assert csp_violations == []


# The focus ring's colour against the first opaque background behind the focused element: WCAG's 3:1 for
# non-text contrast. Walks every link, button and field on the page, the dark footer's included.
FOCUS_CONTRASTS = """() => {
  const channel = (value) => { value /= 255; return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4; };
  const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const backgroundOf = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] === 1) return colour;
    }
    return [255, 255, 255];
  };
  const focusable = document.querySelectorAll("a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, summary");
  const found = [];
  for (const element of focusable) {
    if (!element.getClientRects().length || element.closest("[hidden], [aria-hidden=true]")) continue;
    element.focus({ preventScroll: true });
    if (document.activeElement !== element) continue;
    const style = getComputedStyle(element);
    if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) {
      found.push([element.outerHTML.slice(0, 80), 0]);
      continue;
    }
    const [a, b] = [luminance(rgba(style.outlineColor)), luminance(backgroundOf(element))];
    found.push([element.outerHTML.slice(0, 80), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
  }
  return found;
}"""


def test_the_focus_ring_has_3_to_1_contrast_on_every_background(page, live_server, shopper):  # noqa: F811
    weak = {}
    for key in KEY_PAGES:
        # Given a key page reached by keyboard (so :focus-visible applies), its dark footer included
        open_key_page(page, live_server, key, shopper)
        page.keyboard.press("Tab")

        # When every link, button and field takes focus in turn
        contrasts = page.evaluate(FOCUS_CONTRASTS)
        assert len(contrasts) > 20, key

        # Then each ring stands out at least 3:1 from what is behind it
        if low := [(html, round(ratio, 2)) for html, ratio in contrasts if ratio < 3]:
            weak[key] = low
    assert weak == {}
