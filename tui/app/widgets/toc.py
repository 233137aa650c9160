"""The table of contents: chapters, then sections with their numbers and short titles."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from paddehatten.content.model import Handbook, Section
from paddehatten.content.tree.refs import tree_refs
from paddehatten.tui.app.keys import KeyHelp, Place

#: The chapter-like heading over the decision trees in the table of contents.
GUIDANCE_HEADING = "Få vejledning"


def toc_label(handbook: Handbook, section: Section) -> Text:
    """ "4. Skift dit kodeord ofte" for numbered points, the title alone otherwise."""
    if section.number is None:
        return Text(section.title)
    return Text.assemble((f"{section.number}. ", "bold"), section.title)


class TableOfContents(Place, Tree[str]):
    """Chapters as branches, sections as leaves; the node data is the section id."""

    HELP_PLACE = "indholdsfortegnelsen"
    HELP_KEYS = (
        KeyHelp("up,down", "flyt markøren"),
        KeyHelp("enter", "åbn afsnittet", also="eller klik"),
        KeyHelp("space", "fold kapitlet ud eller sammen"),
    )

    BINDINGS = [
        Binding("enter", "select_cursor", "Åbn afsnit", id="toc.open", show=False),
    ]

    # Messages with their own __init__, not @dataclass: a dataclass costs about 0.3 ms
    # to make when the module is imported, on the way to the first frame.
    class SectionChosen(Message):
        """The user chose a section in the table of contents."""

        def __init__(self, section_id: str) -> None:
            super().__init__()
            self.section_id = section_id

    class TreeChosen(Message):
        """The user chose a decision tree in the table of contents."""

        def __init__(self, tree_id: str) -> None:
            super().__init__()
            self.tree_id = tree_id

    def __init__(self, handbook: Handbook, *, id: str | None = None) -> None:
        # A Text, not a str: Tree would read a str as markup, and the emoji lookup that
        # markup does imports rich's table of emoji codes (several ms of the first paint).
        super().__init__(Text("Indhold"), id=id)
        self.handbook = handbook
        self.show_root = False
        self.guide_depth = 2
        self._entries: dict[str, TreeNode[str]] = {}
        self._line_style = Style()
        for chapter in handbook.chapters:
            sections = handbook.in_chapter(chapter.id)
            if len(sections) == 1 and sections[0].title == chapter.title:
                only = sections[0]
                self._entries[only.id] = self.root.add_leaf(Text(only.title, "bold"), only.id)
                continue
            branch = self.root.add(Text(chapter.title, "bold"), expand=True)
            for section in sections:
                self._entries[section.id] = branch.add_leaf(
                    toc_label(handbook, section), section.id
                )
        self._trees = self._add_trees(handbook)

    def _add_trees(self, handbook: Handbook) -> dict[int, str]:
        """One entry per decision tree, found by file name: no tree is loaded here."""
        refs = tree_refs(handbook.root)
        if not refs:
            return {}
        branch = self.root.add(Text(GUIDANCE_HEADING, "bold"), expand=True)
        return {branch.add_leaf(Text(ref.title), None).id: ref.id for ref in refs}

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The label, cut with "…" when it does not fit; the whole title is the
        entry's tooltip, and the opened section's heading."""
        text = super().render_label(node, base_style, style)
        room = self._room(node)
        if room > 1 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def get_label_width(self, node: TreeNode[str]) -> int:
        """The width :meth:`render_label` gives ``node``, without drawing the label.

        Tree asks for every line's width each time it lays its lines out (six times
        before the first frame); drawing each label for that was about 1 ms of the
        first paint. tests/tui/test_first_paint.py checks the two agree.
        """
        width = cell_len(self.full_title(node))
        if node.allow_expand:
            width += cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        room = self._room(node)
        return room if room > 1 and width > room else width

    def _room(self, node: TreeNode[str]) -> int:
        """The columns ``node``'s label has beside its guides."""
        return self.scrollable_content_region.width - self.guide_depth * self._depth(node)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style once for all the lines drawn (Tree looks it up for each
        # line, walking up the screen every time: about 1 ms of the first paint).
        self._line_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(
            y + scroll_y, scroll_x, scroll_x + self.size.width, self._line_style
        )

    @staticmethod
    def _depth(node: TreeNode[str]) -> int:
        """How many levels under the (hidden) root ``node`` stands: 0 for a chapter."""
        depth = -1
        parent = node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        return max(depth, 0)

    def full_title(self, node: TreeNode[str]) -> str:
        """The entry's whole text, as the table of contents would show it uncut."""
        label = node.label
        return label if isinstance(label, str) else label.plain

    def watch_hover_line(self, previous_hover_line: int, hover_line: int) -> None:
        super().watch_hover_line(previous_hover_line, hover_line)
        node = self.get_node_at_line(hover_line) if hover_line >= 0 else None
        self.tooltip = self.full_title(node) if node is not None else None

    def show_section(self, section_id: str) -> None:
        """Move the cursor to the section's entry, without choosing it again."""
        node = self._entries.get(section_id)
        if node is None:
            return
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()
        if self.cursor_node is not node:
            self.move_cursor(node)

    @on(Tree.NodeSelected)
    def _chosen(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.id in self._trees:
            self.post_message(self.TreeChosen(self._trees[event.node.id]))
        elif event.node.data is not None:
            self.post_message(self.SectionChosen(event.node.data))
