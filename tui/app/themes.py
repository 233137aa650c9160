"""The themes the app offers: two, with Danish names, each measured.

tests/tui/test_contrast.py takes screenshots of every screen in every theme offered
and computes the contrast from the colours in them: text reaches 4.5:1 against what
is behind it, and what marks the focus or the selection 3:1 against the rows beside
it. Textual's own themes are not offered: none of them passed (the highlighted row,
a selected search hit, muted text in the light ones). Fewer themes that pass, rather
than many that do not.

With ``NO_COLOR`` the app draws in the terminal's own default colours (Textual's
``NoColor`` filter, chosen by asking for the terminal's ANSI colours), the selection in
reverse video: whatever the person set their terminal to.
"""

from __future__ import annotations

from pathlib import Path

from textual.theme import Theme

#: The default theme.
DARK = Theme(
    name="mørk",
    dark=True,
    background="#121212",
    surface="#181818",
    panel="#202020",
    foreground="#ececec",
    primary="#7cc0ff",
    secondary="#d0b4ff",
    accent="#ffb454",
    warning="#ffc966",
    error="#ff8a80",
    success="#8fe39a",
    variables={
        "text-muted": "#b4b4b4",
        "block-cursor-foreground": "#121212",
        "block-cursor-background": "#ececec",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#121212",
        "block-cursor-blurred-background": "#c8c8c8",
        "block-cursor-blurred-text-style": "bold",
        "block-hover-background": "#2a2a2a",
        "footer-key-foreground": "#ffb454",
        "footer-description-foreground": "#ececec",
        "footer-background": "#202020",
        "input-selection-background": "#7cc0ff 45%",
        "input-cursor-background": "#ececec",
        "input-cursor-foreground": "#121212",
    },
)

#: For a light terminal, or daylight.
LIGHT = Theme(
    name="lys",
    dark=False,
    background="#ffffff",
    surface="#f6f6f6",
    panel="#eeeeee",
    foreground="#151515",
    primary="#0b4fb3",
    secondary="#5b2ea6",
    accent="#8a4500",
    warning="#7a4f00",
    error="#a3180e",
    success="#1d6b2d",
    variables={
        "text-muted": "#4a4a4a",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-background": "#151515",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#3a3a3a",
        "block-cursor-blurred-text-style": "bold",
        "block-hover-background": "#e4e4e4",
        "footer-key-foreground": "#8a4500",
        "footer-description-foreground": "#151515",
        "footer-background": "#eeeeee",
        "input-selection-background": "#0b4fb3 35%",
        "input-cursor-background": "#151515",
        "input-cursor-foreground": "#ffffff",
    },
)

#: What the theme picker offers, in its order.
THEMES = (DARK, LIGHT)

#: The stylesheet of every screen but the reader (dialogs, search, the decision tree):
#: read when the first of them opens, so the first paint parses only the reader's CSS.
DIALOGS_CSS = Path(__file__).with_name("dialogs.tcss")
