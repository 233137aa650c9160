"""Has each question and outcome been reviewed, by whom, against which text?

A review is made by a named person or body, on a day, against a revision of the
guideline. ``paddehatten check --mark-reviewed --by "NAVN"`` writes it into the tree
file, on each question and outcome it marks::

    reviewed: {by: "MED", date: "2026-12-03", revision: "Revideret i MED april 2018",
               text: "f9134c a143e9"}

``text`` is a short fingerprint of the cited sections' words (ids and words; not
spaces, not Markdown) as they stood then. ``paddehatten check`` warns, with file and
line, about every question and outcome that no one has reviewed and every one whose
cited text changed since its review. A bare fingerprint (``reviewed: "f9134c"``, as
earlier versions wrote) names no reviewer: it counts as «ikke gennemgået».

The file is edited through its parsed YAML (node positions): only the ``reviewed:``
values change; comments, line endings (LF, CRLF, CR, mixed), a byte order mark and
aliases stay as they are. It is written beside the file and renamed over it in one
step; a symlink stays a symlink (its target is written), a read-only file or folder
is left alone with a Danish message, the owner and mode are kept, and a temporary
file left by a killed run is removed on the next one.

Also here: the review sheet for MED, every path, gap and suggestion as one text.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import stat
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from paddehatten.content import files, yaml_io
from paddehatten.content.model import Handbook, Problem, warning
from paddehatten.content.text import plain_text
from paddehatten.content.tree.export import cite_labels, render_paths
from paddehatten.content.tree.model import DecisionTree, Outcome, Question, Review
from paddehatten.content.yaml_io import MappingNode, Node, ScalarNode, SequenceNode

#: The command that writes the reviews, as the warnings name it.
MARK_COMMAND = 'paddehatten check --mark-reviewed --by "NAVN"'
#: The review sheet's lines are wrapped at this width, for reading and printing.
SHEET_WIDTH = 88
#: What a temporary file of --mark-reviewed ends with (never ".yaml": not a tree).
TEMPORARY_SUFFIX = ".paddehatten-tmp"
#: The longest name ``--by`` takes.
MAX_REVIEWER = 120
#: Said of a question or outcome no person has reviewed.
NOT_REVIEWED = "ikke gennemgået"


class MarkProblem(Exception):
    """``--mark-reviewed`` cannot write: ``message`` says why, in Danish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
    if node.review is None:
        return None
    before, now = node.review.text.split(), current.split()
    if len(before) != len(now):
        return None
    ids = sorted(set(node.cites))
    return [ids[i] for i, (old, new) in enumerate(zip(before, now, strict=True)) if old != new]


State = Literal["gennemgået", "ændret", "ikke gennemgået"]


def review_state(node: Question | Outcome, handbook: Handbook) -> State:
    """Reviewed by a person against the text as it is now, reviewed against text that
    has changed since, or not reviewed by anyone."""
    if node.review is None:
        return "ikke gennemgået"
    return "gennemgået" if node.review.text == fingerprint(handbook, node.cites) else "ændret"


def review_status(node: Question | Outcome, handbook: Handbook) -> str:
    """The review status in plain Danish, as the review sheet and the app say it."""
    state = review_state(node, handbook)
    review = node.review
    if review is None:
        return NOT_REVIEWED
    done = f"{review.by} {review.date} mod «{review.revision}»"
    if state == "gennemgået":
        return f"gennemgået af {done}"
    changed = changed_sections(node, fingerprint(handbook, node.cites) or "")
    what = f"ordlyden i {cite_labels(handbook, tuple(changed))}" if changed else "det, det citerer,"
    return f"skal gennemgås igen: {what} er ændret siden gennemgangen ({done})"


def tree_review_status(tree: DecisionTree, handbook: Handbook) -> str:
    """The whole tree's review status in plain Danish: the sheet's and the app's line."""
    citing = [node for node in tree.nodes if node.cites]
    reviewed = [n for n in citing if review_state(n, handbook) == "gennemgået"]
    if not reviewed:
        return (
            "ikke gennemgået: ingen person har gennemgået træet mod retningslinjens tekst. "
            "Kun ordlyden af citaterne er kontrolleret, af programmet."
        )
    people = sorted({f"{n.review.by} {n.review.date}" for n in reviewed if n.review})
    if len(reviewed) == len(citing):
        return f"gennemgået af {', '.join(people)} mod «{handbook.revision}»"
    return (
        f"delvist gennemgået: {len(reviewed)} af {len(citing)} spørgsmål og resultater er "
        f"gennemgået ({', '.join(people)}); resten er ikke gennemgået mod den nuværende tekst"
    )


def _kind(node: Question | Outcome) -> str:
    return "spørgsmålet" if isinstance(node, Question) else "resultatet"


def due(tree: DecisionTree, handbook: Handbook) -> list[tuple[Question | Outcome, str]]:
    """The questions and outcomes to review, each with its current fingerprint."""
    found = []
    for node in tree.nodes:
        if not node.cites:
            continue
        current = fingerprint(handbook, node.cites)
        if current is not None and (node.review is None or node.review.text != current):
            found.append((node, current))
    return found


def review_warnings(tree: DecisionTree, handbook: Handbook) -> list[Problem]:
    """A warning for each question and outcome no one reviewed or whose text changed.

    A tree no one has reviewed at all is one warning, not one per question.
    """
    waiting = due(tree, handbook)
    citing = [node for node in tree.nodes if node.cites]
    if citing and all(node.review is None for node in citing):
        return [
            warning(
                tree.source,
                1,
                f"træet '{tree.id}' er ikke gennemgået af en person: ingen af dets "
                f"{len(citing)} spørgsmål og resultater er gennemgået mod teksten. Gennemgå "
                f"det (paddehatten tree {tree.id} --review-sheet), og kør {MARK_COMMAND}",
            )
        ]
    problems = []
    for node, current in waiting:
        labels = cite_labels(handbook, node.cites)
        changed = changed_sections(node, current)
        if node.review is None:
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


def cut_quote_warnings(tree: DecisionTree, handbook: Handbook) -> list[Problem]:
    """A warning for each quotation that stops inside a sentence, where no person has
    reviewed the question or outcome yet: a person must judge whether the words left
    out change what it says. The review sheet lists them all."""
    from paddehatten.content.tree.rules import cut_quotes

    problems = []
    for cut in cut_quotes(tree, handbook):
        if review_state(tree.node(cut.node), handbook) == "gennemgået":
            continue
        section = handbook.get(cut.section)
        label = handbook.label(section) if section is not None else cut.section
        problems.append(
            warning(
                tree.source,
                cut.line,
                f"citatet «{_short(cut.quote)}» i '{cut.node}' stopper midt i en sætning i "
                f"{label}; resten er «{cut.rest}»: en person skal vurdere, om resten ændrer "
                "meningen (se gennemgangsarket: paddehatten tree --review-sheet)",
            )
        )
    return problems


def _short(quote: str, words: int = 8) -> str:
    parts = quote.split()
    return quote if len(parts) <= words else " ".join(["…", *parts[-words:]])


def reviewer_problem(by: str) -> str | None:
    """Why ``--by`` cannot be recorded as a reviewer (Danish), or None."""
    name = " ".join(by.split())
    if not name:
        return 'skriv, hvem der har gennemgået træet: --by "navn" (en person eller fx "MED")'
    if len(name) > MAX_REVIEWER:
        return f"--by må højst være {MAX_REVIEWER} tegn"
    if any(not ch.isprintable() for ch in name):
        return "--by må ikke indeholde kontroltegn"
    return None


def mark_reviewed(
    path: Path,
    tree: DecisionTree,
    handbook: Handbook,
    by: str,
    today: datetime.date | None = None,
) -> list[Question | Outcome]:
    """Record that ``by`` reviewed every question and outcome that is due, today,
    against the handbook's revision and the cited text as it is now.

    Raises :class:`MarkProblem` (nothing written) when the file cannot be written
    safely; see the module's description.
    """
    problem = reviewer_problem(by)
    if problem:
        raise MarkProblem(problem)
    target = _target(path)
    _remove_leftovers(target)
    todo = {node.id: current for node, current in due(tree, handbook)}
    if not todo:
        return []
    day = (today or datetime.date.today()).isoformat()
    name = " ".join(by.split())
    data = files.read_bytes(target).decode("utf-8")
    bom = "\ufeff" if data.startswith("\ufeff") else ""
    text = data.removeprefix(bom)
    records = {
        node_id: _record(Review(name, day, handbook.revision, current))
        for node_id, current in todo.items()
    }
    new_text, done = _edited(text, records)
    _same_apart_from_reviews(text, new_text)
    _replace(target, (bom + new_text).encode("utf-8"))
    return [node for node in tree.nodes if node.id in done]


def _record(review: Review) -> str:
    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    return (
        f"{{by: {quoted(review.by)}, date: {quoted(review.date)}, "
        f"revision: {quoted(review.revision)}, text: {quoted(review.text)}}}"
    )


def _edited(text: str, records: dict[str, str]) -> tuple[str, set[str]]:
    """``text`` with the records written as the nodes' ``reviewed:`` values."""
    edits: list[tuple[int, int, str]] = []
    done: set[str] = set()
    for item, id_key, id_value in _node_mappings(text):
        record = records.get(str(id_value.value))
        if record is None:
            continue
        old = _field(item, "reviewed")
        if old is not None:
            start, end = _value_span(text, *old)
            edits.append((start, end, record))
            done.add(str(id_value.value))
            continue
        alias = id_value.start_mark.index < id_key.end_mark.index
        if _flow(text, id_key):
            continue  # "{id: x, ...}" on one line: left alone, and not said to be marked
        # A new line under the id, indented like it, ended as that line is ended.
        after = id_key.end_mark.index if alias else id_value.end_mark.index
        end = _line_end(text, after)
        newline = _newline_at(text, end)
        row = f"{newline}{' ' * id_key.start_mark.column}reviewed: {record}"
        edits.append((end, end, row))
        done.add(str(id_value.value))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text, done


def _value_span(text: str, key: ScalarNode, value: Node) -> tuple[int, int]:
    """Where the value written after ``key`` stands: an alias (``*x``) is the alias
    itself, never the anchored value it stands for."""
    if value.start_mark.index < key.end_mark.index:
        match = re.compile(r"\s*:\s*(\*[^\s,\[\]{}#]+)").match(text, key.end_mark.index)
        if match is None:
            raise MarkProblem("'reviewed:' står på en måde, der ikke kan skrives sikkert")
        return match.start(1), match.end(1)
    end = value.end_mark.index
    if isinstance(value, (MappingNode, SequenceNode)) and not value.flow_style:
        end = _last_end(value)
    return value.start_mark.index, end


def _last_end(node: Node) -> int:
    """Where a block collection's last value ends (not the next key's start)."""
    if isinstance(node, MappingNode) and node.value:
        return _last_end(node.value[-1][1])
    if isinstance(node, SequenceNode) and node.value:
        return _last_end(node.value[-1])
    return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    ends = [i for i in (text.find("\r", index), text.find("\n", index)) if i >= 0]
    return min(ends) if ends else len(text)


def _newline_at(text: str, end: int) -> str:
    """The line break at ``end``; at the end of the file, the file's most common one."""
    if text.startswith("\r\n", end):
        return "\r\n"
    if end < len(text):
        return text[end]
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    return max(counts, key=lambda k: counts[k]) if any(counts.values()) else "\n"


def _same_apart_from_reviews(before: str, after: str) -> None:
    """The edit changed nothing but ``reviewed:`` values: else nothing is written."""

    def shape(text: str) -> object:
        data = yaml_io.plain(yaml_io.compose(text))
        if isinstance(data, dict):
            for key in ("questions", "outcomes"):
                for item in data.get(key) or []:
                    if isinstance(item, dict):
                        item.pop("reviewed", None)
        return data

    try:
        same = shape(before) == shape(after)
    except yaml_io.YamlProblem:
        same = False
    if not same:
        raise MarkProblem(
            "træfilen kunne ikke ændres sikkert (kun 'reviewed:' må ændre sig); den er ikke ændret"
        )


def _target(path: Path) -> Path:
    """The file to write: a symlink's target, so the link stays a link."""
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
        folder = os.stat(target.parent)
    except OSError as error:
        raise MarkProblem(f"træfilen kan ikke læses: {files.os_reason(error)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise MarkProblem("træfilen er ikke en almindelig fil")
    if not st.st_mode & 0o222:
        raise MarkProblem(
            "træfilen er skrivebeskyttet, så den er ikke ændret; gør den skrivbar "
            "(fx chmod u+w), hvis træet skal markeres som gennemgået"
        )
    if not folder.st_mode & 0o222 or not os.access(target.parent, os.W_OK | os.X_OK):
        raise MarkProblem(
            "mappen med træfilen er skrivebeskyttet, så intet er ændret; gør mappen "
            "skrivbar, hvis træet skal markeres som gennemgået"
        )
    return target


def _remove_leftovers(target: Path) -> None:
    """Remove this program's temporary files for ``target`` that a killed run left:
    only regular files (never a link) owned by this user, with this program's names."""
    prefixes = (f".{target.name}.",)
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        ours = name.startswith(prefixes) and name.endswith(TEMPORARY_SUFFIX)
        legacy = name.startswith(".tmp-") and name.endswith(".yaml")  # earlier versions
        if not (ours or legacy):
            continue
        leftover = target.parent / name
        try:
            st = os.lstat(leftover)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid():
                leftover.unlink()
        except OSError:
            continue


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` beside ``target`` and rename it over ``target`` in one step,
    with ``target``'s mode and (when allowed) owner."""
    st = os.stat(target)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise MarkProblem(
            f"kan ikke skrive i mappen med træfilen: {files.os_reason(error)}; intet er ændret"
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(st.st_mode))  # who may read and write it
        if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(PermissionError):  # run as root: the owner stays
                os.chown(temporary, st.st_uid, st.st_gid)
        os.replace(temporary, target)
    except OSError as error:
        raise MarkProblem(
            f"træfilen kunne ikke skrives: {files.os_reason(error)}; den er ikke ændret"
        ) from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _flow(text: str, key: ScalarNode) -> bool:
    """True when the mapping that holds ``key`` is written inline: ``{id: x, ...}``."""
    start = max(
        text.rfind("\n", 0, key.start_mark.index), text.rfind("\r", 0, key.start_mark.index)
    )
    return "{" in text[start + 1 : key.start_mark.index]


def _node_mappings(text: str) -> Iterator[tuple[MappingNode, ScalarNode, ScalarNode]]:
    """(the mapping, id key, id value) of every question and outcome in a tree file."""
    document = yaml_io.compose(text)
    if not isinstance(document, MappingNode):
        return
    for key, value in document.value:
        if key.value not in ("questions", "outcomes") or not isinstance(value, SequenceNode):
            continue
        for item in value.value:
            if not isinstance(item, MappingNode):
                continue
            pair = _field(item, "id")
            if pair is not None and isinstance(pair[1], ScalarNode):
                yield item, pair[0], pair[1]


def _field(mapping: MappingNode, name: str) -> tuple[ScalarNode, Node] | None:
    for key, value in mapping.value:
        if isinstance(key, ScalarNode) and key.value == name:
            return key, value
    return None


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
        *_wrapped(f"Gennemgang: {tree_review_status(tree, handbook)}", ""),
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
        out += ["", *_outcome_block(outcome, handbook)]
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
    from paddehatten.content.tree.rules import cut_quotes

    cuts = cut_quotes(tree, handbook)
    out += ["", "", f"7. Citater, der stopper midt i en sætning: {len(cuts)}"]
    out += ["-" * len(out[-1]), ""]
    if cuts:
        out += _wrapped(
            "En person skal vurdere hvert af dem: ændrer resten af sætningen, hvad citatet "
            "siger? Så skal citatet tage resten med.",
            "",
        )
        out.append("")
    for cut in cuts:
        section = handbook.get(cut.section)
        label = handbook.label(section) if section is not None else cut.section
        out.append(f"- '{cut.node}' ({tree.source}:{cut.line}), {label}:")
        out += _wrapped(f"Citat: «{cut.quote}»", "    ")
        out += _wrapped(f"Resten af sætningen: «{cut.rest}»", "    ")
    if not cuts:
        out.append("Ingen.")
    out += ["", "", "8. Gennemgang mod teksten"]
    out += ["-" * len(out[-1]), ""]
    for node in tree.nodes:
        if node.cites:
            state = review_status(node, handbook)
            labels = cite_labels(handbook, node.cites)
            out.append(
                f"- {_kind(node)} '{node.id}' ({tree.source}:{node.line}): {state}, {labels}"
            )
    return "\n".join(out) + "\n"


def _outcome_block(outcome: Outcome, handbook: Handbook) -> list[str]:
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
    out += _wrapped(f"Gennemgang: {review_status(outcome, handbook)}", "  ")
    return out
