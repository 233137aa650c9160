"""Has each question and outcome been reviewed against the text it rests on?

A question or outcome that cites sections carries ``reviewed:``, a short fingerprint
of the cited sections' text (ids and words; not spaces, not Markdown) as it stood
when a maintainer last reviewed it. ``paddehatten check --mark-reviewed`` writes
it; ``paddehatten check`` warns, with file and line, about every question and
outcome whose cited text has changed since, or that was never reviewed.

Also here: the review sheet for MED, every path, gap and suggestion as one text.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

from paddehatten.content import yaml_io
from paddehatten.content.model import Handbook, Problem, warning
from paddehatten.content.text import plain_text
from paddehatten.content.tree.export import cite_labels, render_paths
from paddehatten.content.tree.model import DecisionTree, Outcome, Question
from paddehatten.content.yaml_io import MappingNode, Node, ScalarNode, SequenceNode

#: The command that writes the fingerprints, as the warnings name it.
MARK_COMMAND = "paddehatten check --mark-reviewed"
#: The review sheet's lines are wrapped at this width, for reading and printing.
SHEET_WIDTH = 88


def fingerprint(handbook: Handbook, cites: tuple[str, ...]) -> str | None:
    """The fingerprint of the cited sections' words; None if one of them is missing.

    One part of six hex digits per cited section, in the order of their ids, so a
    warning can name the section that changed.
    """
    parts = []
    for cite in sorted(set(cites)):
        section = handbook.get(cite)
        if section is None:
            return None
        words = " ".join(plain_text(section.body).split())
        parts.append(hashlib.sha256(f"{cite}\n{words}\n".encode()).hexdigest()[:6])
    return " ".join(parts)


def changed_sections(node: Question | Outcome, current: str) -> list[str] | None:
    """The ids of the cited sections whose words changed since the review.

    None when that cannot be told: never reviewed, or the cited sections changed.
    """
    if node.reviewed is None:
        return None
    before, now = node.reviewed.split(), current.split()
    if len(before) != len(now):
        return None
    ids = sorted(set(node.cites))
    return [ids[i] for i, (old, new) in enumerate(zip(before, now, strict=True)) if old != new]


def _kind(node: Question | Outcome) -> str:
    return "spørgsmålet" if isinstance(node, Question) else "resultatet"


def due(tree: DecisionTree, handbook: Handbook) -> list[tuple[Question | Outcome, str]]:
    """The questions and outcomes to review, each with its current fingerprint."""
    found = []
    for node in tree.nodes:
        if not node.cites:
            continue
        current = fingerprint(handbook, node.cites)
        if current is not None and node.reviewed != current:
            found.append((node, current))
    return found


def review_warnings(tree: DecisionTree, handbook: Handbook) -> list[Problem]:
    """A warning for each question and outcome whose cited text changed or is unreviewed."""
    problems = []
    for node, current in due(tree, handbook):
        labels = cite_labels(handbook, node.cites)
        changed = changed_sections(node, current)
        if node.reviewed is None:
            message = (
                f"{_kind(node)} '{node.id}' er ikke gennemgået mod {labels}: gennemgå "
                f"det, og kør {MARK_COMMAND}"
            )
        elif changed is None:
            message = (
                f"{_kind(node)} '{node.id}' bygger nu på andre afsnit ({labels}) end dem, "
                f"det blev gennemgået mod: gennemgå det, og kør {MARK_COMMAND}"
            )
        else:
            message = (
                f"ordlyden i {cite_labels(handbook, tuple(changed))} er ændret, siden "
                f"{_kind(node)} '{node.id}' blev gennemgået: gennemgå det mod den nye "
                f"tekst, og kør {MARK_COMMAND}"
            )
        problems.append(warning(tree.source, node.line, message))
    return problems


def mark_reviewed(path: Path, tree: DecisionTree, handbook: Handbook) -> list[Question | Outcome]:
    """Write the current fingerprint into every question and outcome that is due.

    Only the ``reviewed:`` lines change: comments and layout stay as they are. The
    file is replaced in one step (written beside it, then renamed).
    """
    todo = dict((node.id, current) for node, current in due(tree, handbook))
    if not todo:
        return []
    # As it is on disk: its line endings and a byte order mark stay as they are.
    data = path.read_bytes().decode("utf-8")
    bom = "\ufeff" if data.startswith("\ufeff") else ""
    text = data.removeprefix(bom)
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    done: set[str] = set()
    for fields, id_key, id_value in _node_mappings(text):
        fingerprint_now = todo.get(str(id_value.value))
        if fingerprint_now is None:
            continue
        old = fields.get("reviewed")
        done.add(str(id_value.value))
        if old is not None:
            edits.append((old.start_mark.index, old.end_mark.index, f'"{fingerprint_now}"'))
        elif id_key.start_mark.line == id_value.end_mark.line and _flow(text, id_key):
            done.discard(str(id_value.value))  # "{id: x, ...}" on one line: left alone
        else:
            # A new line under the id, indented like it.
            end = text.find(newline, id_value.end_mark.index)
            end = len(text) if end < 0 else end
            row = f'{newline}{" " * id_key.start_mark.column}reviewed: "{fingerprint_now}"'
            edits.append((end, end, row))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(bom + text)
        os.chmod(temporary, mode)  # the file keeps who may read and write it
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return [node for node in tree.nodes if node.id in done]


def _flow(text: str, key: ScalarNode) -> bool:
    """True when the mapping that holds ``key`` is written inline: ``{id: x, ...}``."""
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    return "{" in text[start : key.start_mark.index]


def _node_mappings(text: str) -> Iterator[tuple[dict[str, Node], ScalarNode, ScalarNode]]:
    """(fields, id key, id value) of every question and outcome in a tree file."""
    document = yaml_io.compose(text)
    if not isinstance(document, MappingNode):
        return
    for key, value in document.value:
        if key.value not in ("questions", "outcomes") or not isinstance(value, SequenceNode):
            continue
        for item in value.value:
            if not isinstance(item, MappingNode):
                continue
            fields = {k.value: v for k, v in item.value if isinstance(k, ScalarNode)}
            id_key = next((k for k, _ in item.value if k.value == "id"), None)
            id_value = fields.get("id")
            if isinstance(id_key, ScalarNode) and isinstance(id_value, ScalarNode):
                yield fields, id_key, id_value


def _wrapped(text: str, indent: str) -> list[str]:
    """Plain text, one paragraph per block, wrapped for paper and indented."""
    out = []
    for block in re.split(r"\n\s*\n", plain_text(text)):
        out += textwrap.wrap(
            " ".join(block.split()),
            width=SHEET_WIDTH,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return out


def review_sheet(tree: DecisionTree, handbook: Handbook) -> str:
    """One plain-text document for MED: every path, question, gap, suggestion and note.

    Each outcome is given in full once, with what it rests on, whether it is a gap,
    and whether it has been reviewed against the text it cites.
    """
    waiting = {node.id for node, _ in due(tree, handbook)}
    gaps = [o for o in tree.outcomes if o.gap]
    suggestions = [o for o in tree.outcomes if o.suggestion]
    notes = [o for o in tree.outcomes if o.note]
    title = f"Gennemgangsark for MED: {tree.title}"
    out = [
        title,
        "=" * len(title),
        f"{handbook.title} – {handbook.revision}. Træets fil: {tree.source}.",
        "Alt i træet er programmets tekst; kun ord i «…» er retningslinjens egne, og",
        "check kontrollerer, at de står ord for ord i de afsnit, der citeres.",
        "",
        "",
        "1. Alle veje gennem træet",
        "-------------------------",
        "",
        render_paths(tree, handbook).rstrip("\n"),
        "",
        "",
        "2. Spørgsmålene",
        "---------------",
    ]
    for question in tree.questions:
        out += ["", f"{question.text}  [{question.id}]"]
        if question.hint:
            out += _wrapped(question.hint, "  ")
        if question.cites:
            out.append(f"  Bygger på: {cite_labels(handbook, question.cites)}")
        out += [f"  - {answer.label} → {answer.next}" for answer in question.answers]
    out += ["", "", "3. Resultaterne", "---------------"]
    for outcome in tree.outcomes:
        out += ["", *_outcome_block(outcome, handbook, waiting)]
    out += ["", "", f"4. Huller: {len(gaps)} resultater, hvor retningslinjen ikke dækker"]
    out += ["-" * len(out[-1]), ""]
    out += [f"- {o.title} ({tree.source}:{o.line})" for o in gaps] or ["Ingen."]
    out += ["", "", f"5. Forslag, der ikke kommer fra retningslinjen: {len(suggestions)}"]
    out += ["-" * len(out[-1]), ""]
    for outcome in suggestions:
        out += [f"- {outcome.title} ({tree.source}:{outcome.line}):"]
        out += _wrapped(outcome.suggestion or "", "    ")
    if not suggestions:
        out.append("Ingen.")
    out += ["", "", f"6. Redaktionens noter i træet: {len(notes)}"]
    out += ["-" * len(out[-1]), ""]
    for outcome in notes:
        out += [f"- {outcome.title} ({tree.source}:{outcome.line}):"]
        out += _wrapped(outcome.note or "", "    ")
    if not notes:
        out.append("Ingen.")
    out += ["", "", "7. Gennemgang mod teksten"]
    out += ["-" * len(out[-1]), ""]
    for node in tree.nodes:
        if node.cites:
            state = "skal gennemgås" if node.id in waiting else "gennemgået"
            labels = cite_labels(handbook, node.cites)
            out.append(
                f"- {_kind(node)} '{node.id}' ({tree.source}:{node.line}): {state}, {labels}"
            )
    return "\n".join(out) + "\n"


def _outcome_block(outcome: Outcome, handbook: Handbook, waiting: set[str]) -> list[str]:
    heading = f"{outcome.title}  [{outcome.id}]"
    out = [heading]
    if outcome.gap:
        out.append("  HUL: retningslinjen dækker ikke situationen.")
    out += _wrapped(outcome.body, "  ")
    for quote in outcome.quotes:
        out.append(f"  Citat: «{quote}»")
    out.append(f"  Bygger på: {cite_labels(handbook, outcome.cites)}")
    if outcome.suggestion:
        out.append("  Forslag – ikke fra retningslinjen:")
        out += _wrapped(outcome.suggestion, "    ")
    if outcome.note:
        out.append("  Redaktionens note – ikke en del af retningslinjen:")
        out += _wrapped(outcome.note, "    ")
    state = "skal gennemgås" if outcome.id in waiting else "gennemgået mod teksten"
    out.append(f"  Status: {state}")
    return out
