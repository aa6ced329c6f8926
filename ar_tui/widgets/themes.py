"""The four looks: green phosphor, amber, 3279 four-colour, and mono (also under NO_COLOR)."""

from __future__ import annotations

from textual.theme import Theme


def _theme(name: str, normal: str, bright: str, field: str, error: str, label: str) -> Theme:
    """A terminal theme: `normal` protected text, `bright` values, `field` input, `label` labels."""
    return Theme(
        name=f"ar-{name}",
        primary=field,
        secondary=label,
        accent=bright,
        foreground=normal,
        background="#000000",
        surface="#000000",
        panel="#0a0a0a",
        error=error,
        warning=bright,
        success=field,
        dark=True,
        variables={
            "text-accent": bright,
            "text-error": error,
            "text-warning": bright,
            "text-primary": field,
            "text-secondary": label,
            "ar-label": label,
            "ar-field": field,
            "ar-field-background": "#0f1f0f" if name == "green" else "#141414",
            "ar-cursor-row": "#1f3f1f" if name == "green" else "#303030",
            "block-cursor-foreground": "#000000",
            "block-cursor-background": bright,
            "input-cursor-background": bright,
            "input-cursor-foreground": "#000000",
            "input-selection-background": f"{field} 40%",
            "scrollbar": label,
            "scrollbar-background": "#000000",
            "footer-background": "#000000",
        },
    )


THEMES = {
    "green": _theme("green", "#33ff33", "#ccffcc", "#33ff33", "#ff5555", "#20c020"),
    "amber": _theme("amber", "#ffb000", "#ffe0a0", "#ffb000", "#ff5030", "#cc8c00"),
    # 3279: protected normal blue, protected intense white, unprotected green, errors red.
    "3279": _theme("3279", "#5fafff", "#ffffff", "#33ff33", "#ff3333", "#5fafff"),
    "mono": _theme("mono", "#d0d0d0", "#ffffff", "#ffffff", "#ffffff", "#b0b0b0"),
}
