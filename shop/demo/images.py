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

from shop.demo.base import CREATED, UNCHANGED

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

    def __init__(self, width: int, height: int, background: RGB):
        self.width, self.height = width * SUPERSAMPLE, height * SUPERSAMPLE
        self.final_size = (width, height)
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
    background = canvas.image.getpixel((0, 0))
    _shadow(canvas, 0.5, 0.83, 0.3, background)
    stones = [(0.5, 0.74, 0.27, 0.09), (0.49, 0.58, 0.21, 0.075), (0.51, 0.45, 0.16, 0.06), (0.5, 0.34, 0.11, 0.045)]
    for index, (cx, cy, rx, ry) in enumerate(stones):
        colour = mix(main, WHITE, 0.08 * index)
        canvas.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), colour)
        # A soft highlight on the upper left of each stone reads as polish.
        canvas.ellipse((cx - rx * 0.7, cy - ry * 0.75, cx - rx * 0.05, cy - ry * 0.2), mix(colour, WHITE, 0.22))


def draw_gun(canvas: Canvas, main: RGB) -> None:
    """A percussion massage gun in profile: head, barrel, handle and battery base."""
    background = canvas.image.getpixel((0, 0))
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
    background = canvas.image.getpixel((0, 0))
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
    background = canvas.image.getpixel((0, 0))
    _shadow(canvas, 0.5, 0.82, 0.24, background)
    canvas.ellipse((0.26, 0.3, 0.74, 0.78), main)
    canvas.ellipse((0.31, 0.34, 0.43, 0.44), mix(main, WHITE, 0.18))
    for row, cy in enumerate((0.38, 0.46, 0.54, 0.62, 0.7)):
        for column in range(5 - abs(2 - row)):
            cx = 0.5 + (column - (4 - abs(2 - row)) / 2) * 0.08
            canvas.ellipse((cx - 0.015, cy - 0.015, cx + 0.015, cy + 0.015), mix(main, WHITE, 0.35))


def draw_cane(canvas: Canvas, main: RGB) -> None:
    """A back hook: a long S-curve with knobs along it."""
    background = canvas.image.getpixel((0, 0))
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
    background = canvas.image.getpixel((0, 0))
    _shadow(canvas, 0.5, 0.84, 0.16, background)
    canvas.ellipse((0.3, 0.16, 0.7, 0.42), main)  # palm knob
    canvas.polygon([(0.44, 0.36), (0.56, 0.36), (0.53, 0.72), (0.47, 0.72)], main)  # stem
    canvas.ellipse((0.43, 0.68, 0.57, 0.82), mix(main, INK, 0.35))  # tip
    canvas.ellipse((0.36, 0.2, 0.48, 0.28), mix(main, WHITE, 0.3))


def draw_roller(canvas: Canvas, main: RGB) -> None:
    """A ridged roller lying on its side."""
    background = canvas.image.getpixel((0, 0))
    _shadow(canvas, 0.5, 0.72, 0.34, background)
    canvas.rounded((0.16, 0.36, 0.84, 0.68), 0.16, main)
    for index in range(7):
        cx = 0.25 + index * 0.083
        canvas.rounded((cx - 0.012, 0.38, cx + 0.012, 0.66), 0.012, mix(main, INK, 0.2))
    canvas.ellipse((0.72, 0.36, 0.84, 0.68), mix(main, WHITE, 0.25))


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


def render_hero(size: int) -> bytes:
    """The home page banner: stones, an oil and a gun side by side on the shop's pale green, 2:1."""
    background = mix(hex_to_rgb(SHOP_GREEN), WHITE, 0.8)
    banner = PILImage.new("RGB", (size * 2, size), background)
    tile = round(size * 0.62)
    # Three square drawings on the banner's own background, pasted left to right.
    for index, (kind, colour) in enumerate((("stones", "#3d4a52"), ("bottle", "#b5651d"), ("gun", SHOP_GREEN))):
        canvas = Canvas(tile, tile, background)
        DRAWINGS[kind](canvas, hex_to_rgb(colour))
        drawing = canvas.image.resize((tile, tile), PILImage.Resampling.LANCZOS)
        banner.paste(drawing, (round(size * 0.08) + index * round(size * 0.62), round(size * 0.24)))
    buffer = io.BytesIO()
    banner.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_image(*, title: str, render: Callable[[], bytes], filename: str) -> tuple[object, str]:
    """The Wagtail image with this title, drawn and saved only if it does not exist yet."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing, UNCHANGED
    image = image_model(title=title)
    image.file = ImageFile(io.BytesIO(render()), name=filename)
    image.save()
    return image, CREATED
