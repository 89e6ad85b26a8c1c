"""Flat illustrations drawn with Pillow, so the demo shop has pictures without shipping any files.

Each drawing works on a unit square (0..1) scaled to the canvas, is drawn at twice the size and
shrunk for smooth edges, and takes one main colour: the background and shading are mixed from it,
so every product looks distinct while the shop keeps one calm style.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from demo.base import CREATED, UNCHANGED

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (34, 40, 38)
SHOP_GREEN = "#1f5c4a"
SUPERSAMPLE = 2


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """`amount` of the way from colour a to colour b."""
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


class Canvas:
    """A drawing surface addressed in fractions of its width and height."""

    def __init__(self, width: int, height: int, background: RGB, *, transparent: bool = False):
        self.width, self.height = width * SUPERSAMPLE, height * SUPERSAMPLE
        self.final_size = (width, height)
        # Shadows and labels are mixed from the background, so a transparent canvas still knows it.
        self.background = background
        if transparent:
            self.image = PILImage.new("RGBA", (self.width, self.height), (*background, 0))
        else:
            self.image = PILImage.new("RGB", (self.width, self.height), background)
        self.draw = ImageDraw.Draw(self.image)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (round(x0 * self.width), round(y0 * self.height), round(x1 * self.width), round(y1 * self.height))

    def ellipse(self, box: tuple[float, float, float, float], fill: RGB) -> None:
        self.draw.ellipse(self.box(*box), fill=fill)

    def rounded(self, box: tuple[float, float, float, float], radius: float, fill: RGB) -> None:
        self.draw.rounded_rectangle(self.box(*box), radius=round(radius * self.width), fill=fill)

    def polygon(self, points: list[tuple[float, float]], fill: RGB) -> None:
        self.draw.polygon([(round(x * self.width), round(y * self.height)) for x, y in points], fill=fill)

    def arc(self, box: tuple[float, float, float, float], start: float, end: float, fill: RGB, width: float) -> None:
        self.draw.arc(self.box(*box), start, end, fill=fill, width=round(width * self.width))

    def png(self) -> bytes:
        final = self.image.resize(self.final_size, PILImage.Resampling.LANCZOS)
        buffer = io.BytesIO()
        final.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def _shadow(canvas: Canvas, cx: float, y: float, half_width: float, colour: RGB) -> None:
    canvas.ellipse((cx - half_width, y - 0.025, cx + half_width, y + 0.025), mix(colour, INK, 0.12))


def draw_stones(canvas: Canvas, main: RGB) -> None:
    """A cairn of smooth stones, largest at the bottom."""
    background = canvas.background
    _shadow(canvas, 0.5, 0.83, 0.3, background)
    stones = [(0.5, 0.74, 0.27, 0.09), (0.49, 0.58, 0.21, 0.075), (0.51, 0.45, 0.16, 0.06), (0.5, 0.34, 0.11, 0.045)]
    for index, (cx, cy, rx, ry) in enumerate(stones):
        colour = mix(main, WHITE, 0.08 * index)
        canvas.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), colour)
        # A soft highlight on the upper left of each stone reads as polish.
        canvas.ellipse((cx - rx * 0.7, cy - ry * 0.75, cx - rx * 0.05, cy - ry * 0.2), mix(colour, WHITE, 0.22))


def draw_gun(canvas: Canvas, main: RGB) -> None:
    """A percussion massage gun in profile: head, barrel, handle and battery base."""
    background = canvas.background
    dark = mix(main, INK, 0.45)

    _shadow(canvas, 0.55, 0.86, 0.22, background)
    canvas.rounded((0.47, 0.36, 0.61, 0.8), 0.05, main)  # handle
    canvas.rounded((0.44, 0.74, 0.64, 0.85), 0.04, dark)  # battery base
    canvas.rounded((0.3, 0.24, 0.78, 0.42), 0.09, main)  # barrel
    canvas.rounded((0.66, 0.27, 0.76, 0.39), 0.04, mix(main, WHITE, 0.2))  # motor cap
    canvas.rounded((0.2, 0.3, 0.31, 0.36), 0.02, dark)  # shaft
    canvas.ellipse((0.12, 0.24, 0.24, 0.42), dark)  # ball head
    canvas.ellipse((0.145, 0.27, 0.185, 0.32), mix(dark, WHITE, 0.3))
    for offset in (0.0, 0.035, 0.07):  # speed lights
        canvas.ellipse((0.5 + offset, 0.46, 0.52 + offset, 0.48), mix(main, WHITE, 0.6))


def draw_bottle(canvas: Canvas, main: RGB) -> None:
    """An amber-style dropper bottle with a leaf on its label."""
    background = canvas.background
    dark = mix(main, INK, 0.5)

    _shadow(canvas, 0.5, 0.85, 0.2, background)
    canvas.rounded((0.33, 0.36, 0.67, 0.85), 0.06, main)  # body
    canvas.rounded((0.43, 0.28, 0.57, 0.38), 0.02, main)  # neck
    canvas.rounded((0.41, 0.2, 0.59, 0.3), 0.02, dark)  # cap
    canvas.rounded((0.46, 0.1, 0.54, 0.22), 0.04, INK)  # dropper bulb
    canvas.rounded((0.37, 0.5, 0.63, 0.74), 0.02, mix(background, WHITE, 0.6))  # label
    # A leaf: two arcs' worth of polygon, then its vein.
    leaf = [(0.5, 0.54), (0.545, 0.58), (0.555, 0.63), (0.5, 0.69), (0.445, 0.63), (0.455, 0.58)]
    canvas.polygon(leaf, mix(main, INK, 0.25))
    canvas.rounded((0.497, 0.57, 0.503, 0.7), 0.002, mix(background, WHITE, 0.6))
    canvas.rounded((0.36, 0.42, 0.4, 0.8), 0.02, mix(main, WHITE, 0.25))  # shine


def draw_ball(canvas: Canvas, main: RGB) -> None:
    """A spiky trigger-point ball."""
    background = canvas.background
    _shadow(canvas, 0.5, 0.82, 0.24, background)
    canvas.ellipse((0.26, 0.3, 0.74, 0.78), main)
    canvas.ellipse((0.31, 0.34, 0.43, 0.44), mix(main, WHITE, 0.18))
    for row, cy in enumerate((0.38, 0.46, 0.54, 0.62, 0.7)):
        for column in range(5 - abs(2 - row)):
            cx = 0.5 + (column - (4 - abs(2 - row)) / 2) * 0.08
            canvas.ellipse((cx - 0.015, cy - 0.015, cx + 0.015, cy + 0.015), mix(main, WHITE, 0.35))


def draw_cane(canvas: Canvas, main: RGB) -> None:
    """A back hook: a long S-curve with knobs along it."""
    background = canvas.background
    dark = mix(main, INK, 0.35)
    _shadow(canvas, 0.5, 0.88, 0.22, background)
    canvas.arc((0.3, 0.12, 0.62, 0.44), 180, 360, main, 0.05)  # the hook
    canvas.rounded((0.575, 0.27, 0.625, 0.86), 0.025, main)  # the shaft
    canvas.rounded((0.3, 0.27, 0.35, 0.4), 0.025, main)  # the hook's tip
    canvas.rounded((0.6, 0.55, 0.74, 0.59), 0.02, main)  # a side arm
    for cx, cy in ((0.325, 0.42), (0.76, 0.57), (0.6, 0.87)):
        canvas.ellipse((cx - 0.035, cy - 0.035, cx + 0.035, cy + 0.035), dark)


def draw_knobber(canvas: Canvas, main: RGB) -> None:
    """A hand-held pressure tool: a palm grip on a stem with a rounded tip."""
    background = canvas.background
    _shadow(canvas, 0.5, 0.84, 0.16, background)
    canvas.ellipse((0.3, 0.16, 0.7, 0.42), main)  # palm knob
    canvas.polygon([(0.44, 0.36), (0.56, 0.36), (0.53, 0.72), (0.47, 0.72)], main)  # stem
    canvas.ellipse((0.43, 0.68, 0.57, 0.82), mix(main, INK, 0.35))  # tip
    canvas.ellipse((0.36, 0.2, 0.48, 0.28), mix(main, WHITE, 0.3))


def draw_roller(canvas: Canvas, main: RGB) -> None:
    """A ridged roller lying on its side."""
    background = canvas.background
    _shadow(canvas, 0.5, 0.72, 0.34, background)
    canvas.rounded((0.16, 0.36, 0.84, 0.68), 0.16, main)
    for index in range(7):
        cx = 0.25 + index * 0.083
        canvas.rounded((cx - 0.012, 0.38, cx + 0.012, 0.66), 0.012, mix(main, INK, 0.2))
    canvas.ellipse((0.72, 0.36, 0.84, 0.68), mix(main, WHITE, 0.25))


ALT_TEXT = {
    "stones": "Illustration of a stack of smooth massage stones",
    "gun": "Illustration of a percussion massage gun in profile",
    "bottle": "Illustration of an amber dropper bottle with a leaf on its label",
    "ball": "Illustration of a spiky trigger-point massage ball",
    "cane": "Illustration of a hooked back-massage cane with knobs",
    "knobber": "Illustration of a hand-held pressure tool with a rounded tip",
    "roller": "Illustration of a ridged massage roller stick",
}

# The same descriptions in French, for the French pages that show these pictures (see demo/content.py).
ALT_TEXT_FR = {
    "stones": "Illustration d'une pile de pierres de massage lisses",
    "gun": "Illustration d'un pistolet de massage à percussion vu de profil",
    "bottle": "Illustration d'un flacon compte-gouttes ambré orné d'une feuille",
    "ball": "Illustration d'une balle de massage à picots pour points gâchettes",
    "cane": "Illustration d'une canne de massage du dos à crochet et à boutons",
    "knobber": "Illustration d'un outil de pression à main à bout arrondi",
    "roller": "Illustration d'un bâton de massage à rouleaux striés",
}
HERO_ALT_TEXT = "Illustration of massage stones, a bottle of massage oil and a percussion massage gun"
HERO_ALT_TEXT_FR = (
    "Illustration de pierres de massage, d'un flacon d'huile de massage et d'un pistolet de massage à percussion"
)

DRAWINGS: dict[str, Callable[[Canvas, RGB], None]] = {
    "stones": draw_stones,
    "gun": draw_gun,
    "bottle": draw_bottle,
    "ball": draw_ball,
    "cane": draw_cane,
    "knobber": draw_knobber,
    "roller": draw_roller,
}


def render_illustration(kind: str, colour: str, size: int) -> bytes:
    """A square PNG of one drawing on a pale background mixed from its own colour."""
    main = hex_to_rgb(colour)
    canvas = Canvas(size, size, mix(main, WHITE, 0.86))
    DRAWINGS[kind](canvas, main)
    return canvas.png()


def _compose(width: int, height: int, background: RGB, tiles: list[tuple[str, str, float, float, float]]) -> bytes:
    """Paste square drawings onto a wider canvas: (kind, colour, left, top, side) in fractions of the width."""
    banner = PILImage.new("RGB", (width, height), background)
    for kind, colour, left, top, side in tiles:
        tile = round(width * side)
        canvas = Canvas(tile, tile, background, transparent=True)
        DRAWINGS[kind](canvas, hex_to_rgb(colour))
        drawing = canvas.image.resize((tile, tile), PILImage.Resampling.LANCZOS)
        banner.paste(drawing, (round(width * left), round(width * top)), mask=drawing)
    buffer = io.BytesIO()
    banner.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_hero(size: int) -> bytes:
    """The home page picture, 4:3 like its slot: stones, an oil and a gun huddled on the shop's pale green."""
    background = mix(hex_to_rgb(SHOP_GREEN), WHITE, 0.8)
    tiles = [
        ("gun", SHOP_GREEN, 0.5, 0.13, 0.48),
        ("stones", "#3d4a52", 0.03, 0.23, 0.44),
        ("bottle", "#b5651d", 0.3, 0.27, 0.4),
    ]
    return _compose(size, round(size * 3 / 4), background, tiles)


def render_banner(kind: str, colour: str, size: int) -> bytes:
    """One drawing centred on a 16:9 band of its pale colour, for article headers that crop to 16:9."""
    main = hex_to_rgb(colour)
    return _compose(size, round(size * 9 / 16), mix(main, WHITE, 0.86), [(kind, colour, 0.5 - 0.26, 0.02, 0.52)])


def ensure_image(*, title: str, render: Callable[[], bytes], filename: str, alt_text: str) -> tuple[object, str]:
    """The Wagtail image with this title, drawn and saved only if it does not exist yet."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing, UNCHANGED
    data = render()
    # Wagtail uses the description as the picture's alt text wherever it is shown, and the hash
    # to spot an editor uploading the same picture again, as its own upload form would set it.
    image = image_model(
        title=title,
        description=alt_text,
        file_size=len(data),
        file_hash=hash_filelike(io.BytesIO(data)),
    )
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image, CREATED
