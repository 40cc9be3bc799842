"""A portal's colours as CSS custom properties, adjusted to keep WCAG AA contrast (RGAA 3.2)."""

from __future__ import annotations

from dataclasses import dataclass

WHITE = "#ffffff"
INK = "#161616"
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.1 definition)."""
    r, g, b = _rgb(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """White or ink, whichever reads better on the background."""
    return WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK


def darken_until_readable(colour: str, background: str = WHITE) -> str:
    """The colour, darkened step by step until it reaches AA contrast on the background."""
    r, g, b = _rgb(colour)
    candidate = colour
    factor = 1.0
    while contrast(candidate, background) < AA_NORMAL_TEXT and factor > 0:
        factor -= 0.05
        candidate = "#{:02x}{:02x}{:02x}".format(
            *(max(0, int(channel * factor)) for channel in (r, g, b))
        )
    return candidate


@dataclass(frozen=True)
class Theme:
    """The CSS custom properties of a portal."""

    primary: str
    accent: str

    def properties(self) -> dict[str, str]:
        return {
            "--couleur-primaire": self.primary,
            "--couleur-primaire-texte": text_on(self.primary),
            "--couleur-lien": darken_until_readable(self.primary),
            "--couleur-accent": self.accent,
            "--couleur-accent-texte": text_on(self.accent),
        }

    def css(self) -> str:
        """A `:root { … }` rule; values are validated #rrggbb, so nothing can escape."""
        body = "".join(f"{name}:{value};" for name, value in self.properties().items())
        return f":root{{{body}}}"
