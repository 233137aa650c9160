"""The baseline for first paint: the smallest useful Textual app."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Mindste Textual-app er klar")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
