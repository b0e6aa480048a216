"""Text that stays readable on a coloured fill (Dagsorden's chips, the evaluation chart on screen and in the PDF):
white where it reaches the contrast WCAG 2.1 AA asks of normal text, else near-black."""

from __future__ import annotations

WHITE = "#ffffff"
DARK_TEXT = "#212121"  # dark enough for 4.5:1 on every fill too light for white (mid grey #8d8d8d: 4.9:1)
AA_CONTRAST = 4.5  # WCAG 2.1 AA, text under 18 pt (the chips and counts are the window's own font)


def _luminance(colour: str) -> float:
    """Relative luminance of '#rrggbb' (WCAG 2.1)."""
    channels = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two '#rrggbb' colours, 1 to 21."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """The colour of text painted on `fill`: white where that reads well enough (the usual look of the dark chips),
    else DARK_TEXT (amber, orange, light and mid greys)."""
    return WHITE if contrast(WHITE, fill) >= AA_CONTRAST else DARK_TEXT
