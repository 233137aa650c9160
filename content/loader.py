"""Load a handbook directory into a :class:`Handbook`, or say what is wrong with it.

A handbook directory holds ``handbook.yaml`` (title, revision, chapters) and
``sections/*.md``: one Markdown file per section, each opening with YAML front
matter. Every problem is reported with its file and line, in words a content
maintainer understands, and all problems are collected before giving up. Files are
read through :mod:`paddehatten.content.files` and YAML through
:mod:`paddehatten.content.yaml_io`, whose nodes give every key its exact line, and
read against their shapes (:data:`HANDBOOK`, :data:`SECTION`) by
:mod:`paddehatten.content.schema`, in its one style of message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from markdown_it.token import Token

from paddehatten.content import files, schema, yaml_io
from paddehatten.content.links import section_link_target
from paddehatten.content.markdown import parser, split_front_matter
from paddehatten.content.model import (
    Chapter,
    ChapterStyle,
    ContentError,
    Handbook,
    Problem,
    Section,
    errors,
    warning,
)
from paddehatten.content.text import markdown_limit_problem, plain_text_of, remember

METADATA_FILE = "handbook.yaml"
SECTIONS_DIR = "sections"
STYLES: tuple[ChapterStyle, ...] = ("numbered", "bullets", "paragraphs")
ID_PATTERN = schema.ID_PATTERN
#: handbook.yaml's optional one-line texts of the edition's frame: words the search
#: suggests, the decision tree opened by default, and its short name in the footer.
FRAME_KEYS = ("search_examples", "default_tree", "tree_label")
#: The most chapters a handbook may have (the guideline has three).
MAX_CHAPTERS = 1_000


def load_handbook(path: str | Path) -> Handbook:
    """Load the handbook in ``path``; raise :class:`ContentError` listing every problem."""
    handbook, problems, _ = _load_and_compare(Path(path))
    if errors(problems) or handbook is None:
        raise ContentError(problems or [Problem(str(path), 0, "håndbogen kunne ikke læses")])
    return handbook


def check_handbook(path: str | Path) -> list[Problem]:
    """Every problem in the handbook directory ``path`` (empty when it is valid)."""
    return load_with_problems(Path(path))[1]


def load_with_problems(root: Path) -> tuple[Handbook | None, list[Problem]]:
    """The handbook as far as it could be read, and every problem found on the way.

    The handbook holds the sections that loaded, so the checks that build on it
    (the decision trees) can still run; it is None when handbook.yaml is unusable.
    """
    handbook, problems, differences = _load_and_compare(root)
    return handbook, problems + differences


def _load_and_compare(root: Path) -> tuple[Handbook | None, list[Problem], list[Problem]]:
    """The handbook, its problems, and where its wording differs from the adopted text.

    A difference makes ``check`` fail, but the handbook still opens for reading: it
    then says nowhere that its text is the guideline's wording (``wording_verified``).
    So does an adopted text that is missing or unreadable: staff can still read.
    """
    handbook, problems, metadata = _load(root)
    differences: list[Problem] = []
    if handbook is not None and handbook.adopted_text is not None:
        from paddehatten.content.check.wording import adopted_words, compare, edition_words

        name = handbook.adopted_text
        try:
            missing = files.kind_of(root / name) is None
        except files.FileProblem:
            missing = False  # reading it says why it cannot be read
        if missing:
            differences.append(
                Problem(
                    METADATA_FILE,
                    _metadata_line(metadata, "adopted_text"),
                    f"den vedtagne tekst '{name}' findes ikke i håndbogsmappen; læg den der, "
                    "eller ret 'adopted_text:'",
                )
            )
            return handbook, problems, differences
        if not _inside(root, root / name):
            differences.append(
                Problem(
                    METADATA_FILE,
                    _metadata_line(metadata, "adopted_text"),
                    f"den vedtagne tekst '{name}' er et link til en fil uden for "
                    "håndbogsmappen; den læses ikke. Læg selve filen i mappen",
                )
            )
            return handbook, problems, differences
        adopted = _read_text(root / name, name, differences)
        if adopted is not None:
            unloaded = unloaded_sections(root, handbook)
            differences = compare(
                edition_words(handbook, metadata),
                adopted_words(adopted, handbook.adopted_text),
                unloaded=unloaded,
            )
            handbook = replace(handbook, wording_verified=not differences)
    return handbook, problems, differences


def _inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every symlink followed, is in the folder ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _metadata_line(metadata: str, key: str) -> int:
    """The line of ``key:`` in handbook.yaml's text (1 when it cannot be told)."""
    document = _compose(metadata, METADATA_FILE, 0, [])
    if document is False or document is None:
        return 1
    return yaml_io.key_lines(document).get(key, 1)


def unloaded_sections(root: Path, handbook: Handbook) -> list[str]:
    """The section files that are not (wholly) in the handbook: they failed to load."""
    loaded = {s.source for s in handbook.sections}
    try:
        names, bad = files.list_folder(root / SECTIONS_DIR, ".md")
    except files.FileProblem:
        return []  # the folder's own problem is reported by the loader
    found = [f"{SECTIONS_DIR}/{p.name}" for p in names]
    found += [f"{SECTIONS_DIR}/{name}" for name, _ in bad]
    return sorted(name for name in found if name not in loaded)


def _load(root: Path) -> tuple[Handbook | None, list[Problem], str]:
    """The handbook, its problems, and the text of handbook.yaml (read once, here)."""
    try:
        kind = files.kind_of(root)
    except files.FileProblem as problem:
        return None, [Problem(files.printable(str(root)), 0, f"mappen {problem.message}")], ""
    if kind is None:
        return None, [Problem(files.printable(str(root)), 0, "mappen findes ikke")], ""
    if kind != "dir":
        where = files.printable(str(root))
        return None, [Problem(where, 0, "det er en fil, ikke en håndbogsmappe")], ""
    problems: list[Problem] = []
    metadata: list[str] = []
    meta = _read_metadata(root, problems, metadata)
    #: The links of each section (href, line in its body), from its one parse.
    links: dict[str, list[tuple[str, int]]] = {}
    #: The line of each front-matter key of each section, for the checks below.
    key_lines: dict[str, dict[str, int]] = {}
    sections = _read_sections(root, problems, links, key_lines)
    if meta is None:
        return None, problems, ""
    title, revision, institution, chapters, editorial_titles, adopted_text, frame = meta
    chapter_ids = {c.id: position for position, c in enumerate(chapters)}
    seen: dict[str, Section] = {}
    for section in sections:
        if section.id in seen:
            first = seen[section.id]
            problems.append(
                Problem(
                    section.source,
                    key_lines[section.source]["id"],
                    f"'id: {section.id}' bruges allerede af {first.source}; "
                    "hvert afsnit skal have sit eget id",
                )
            )
            continue
        seen[section.id] = section
        if section.chapter not in chapter_ids:
            known = ", ".join(chapter_ids) or "ingen"
            problems.append(
                Problem(
                    section.source,
                    key_lines[section.source]["chapter"],
                    f"'chapter: {section.chapter}' er ikke et af kapitlerne i "
                    f"{METADATA_FILE} ({known})",
                )
            )
    unique = [s for s in seen.values() if s.chapter in chapter_ids]
    for link_problem in _check_links(unique, links, set(seen)):
        problems.append(link_problem)
    if not unique and not problems:
        problems.append(Problem(f"{SECTIONS_DIR}/", 0, "håndbogen har ingen afsnit"))
    ordered = tuple(sorted(unique, key=lambda s: (chapter_ids[s.chapter], _natural(s.source))))
    handbook = Handbook(
        title=title,
        revision=revision,
        chapters=tuple(chapters),
        sections=ordered,
        root=root,
        institution=institution,
        editorial_titles=editorial_titles,
        adopted_text=adopted_text,
        search_examples=frame.get("search_examples", ""),
        default_tree=frame.get("default_tree"),
        tree_label=frame.get("tree_label", ""),
    )
    return handbook, problems, metadata[0] if metadata else ""


def _natural(text: str) -> tuple[Any, ...]:
    """Sort key that puts raad-2 before raad-10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    try:
        return files.read_text(path)
    except files.FileProblem as problem:
        problems.append(Problem(shown, problem.line, problem.message))
        return None


def _compose(
    text: str, shown: str, offset: int, problems: list[Problem]
) -> yaml_io.Node | Literal[False] | None:
    """The nodes of the YAML ``text`` (None when it is empty), or False with a problem
    noted."""
    try:
        return yaml_io.compose(text)
    except yaml_io.YamlProblem as problem:
        problems.append(Problem(shown, offset + max(problem.line, 1), problem.message))
        return False


def _adopted_name(name: str) -> str | None:
    """Why ``adopted_text:`` cannot name the file ``name`` (None when it can)."""
    path = Path(name)
    if path.parts and not path.is_absolute() and ".." not in path.parts:
        return None
    return f"skal være en fil i håndbogsmappen, fx vedtaget-tekst.txt ('{name}' er ikke)"


#: One chapter under ``chapters:``.
CHAPTER = schema.Fields(
    {
        "id": schema.Key(schema.Ident(example="'raad'"), required=True),
        "title": schema.Key(schema.Text(), required=True),
        "label": schema.Key(schema.Text(), default=""),
        "style": schema.Key(schema.Choice(STYLES), default="paragraphs"),
        "editorial": schema.Key(schema.Flag(), default=False),
    }
)
#: handbook.yaml.
HANDBOOK = schema.Fields(
    {
        "title": schema.Key(schema.Text(), required=True),
        "revision": schema.Key(schema.Text(), required=True),
        "institution": schema.Key(schema.Text(), default=""),
        "adopted_text": schema.Key(
            schema.Check(schema.Line(example="vedtaget-tekst.txt"), _adopted_name)
        ),
        "editorial_titles": schema.Key(schema.Flag(), default=False),
        **{key: schema.Key(schema.Line()) for key in FRAME_KEYS},
        "chapters": schema.Key(
            schema.ListOf(CHAPTER, noun="et kapitel", min_items=1, max_items=MAX_CHAPTERS),
            required=True,
        ),
    }
)


def _read_metadata(
    root: Path, problems: list[Problem], read: list[str]
) -> tuple[str, str, str, list[Chapter], bool, str | None, dict[str, str]] | None:
    path = root / METADATA_FILE
    try:
        missing = files.kind_of(path) is None
    except files.FileProblem:
        missing = False  # reading it says why it cannot be read
    if missing:
        problems.append(
            Problem(METADATA_FILE, 0, "mangler: en håndbogsmappe skal have en handbook.yaml")
        )
        return None
    text = _read_text(path, METADATA_FILE, problems)
    if text is None:
        return None
    read.append(text)
    document = _compose(text, METADATA_FILE, 0, problems)
    if document is False:
        return None
    reader = schema.Reader(METADATA_FILE, problems)
    data = reader.read(HANDBOOK, document)
    if data is None:
        return None
    chapters: list[Chapter] = []
    known: dict[str, int] = {}
    for item in data.get("chapters", []):
        if not item.complete:
            continue
        cid = item["id"]
        if cid in known:
            reader.problem_at(
                item.line_of("id"),
                f"'id: {cid}' bruges af to kapitler (også linje {known[cid]}); "
                "hvert kapitel skal have sit eget id",
            )
            continue
        known[cid] = item.line_of("id")
        chapters.append(
            Chapter(
                id=cid,
                title=item["title"],
                style=item["style"],
                label=item["label"],
                editorial=item["editorial"],
            )
        )
    if not reader.ok or not data.complete:
        return None
    frame = {key: data[key] for key in FRAME_KEYS if key in data}
    tree = frame.get("default_tree")
    if tree is not None and not (root / "trees" / f"{tree}.yaml").is_file():
        # A warning: the handbook still opens, and the first tree stands in.
        problems.append(
            warning(
                METADATA_FILE,
                data.line_of("default_tree"),
                f"'default_tree: {tree}': håndbogen har ingen trees/{tree}.yaml; "
                "det første træ åbnes i stedet",
            )
        )
    adopted = data.get("adopted_text")
    return (
        data["title"],
        data["revision"],
        data["institution"],
        chapters,
        data["editorial_titles"],
        None if adopted is None else Path(adopted).as_posix(),
        frame,
    )


def _read_sections(
    root: Path,
    problems: list[Problem],
    links: dict[str, list[tuple[str, int]]],
    key_lines: dict[str, dict[str, int]],
) -> list[Section]:
    folder = root / SECTIONS_DIR
    try:
        kind = files.kind_of(folder)
        if kind == "dir":
            paths, bad = files.list_folder(folder, ".md")
    except files.FileProblem as problem:
        problems.append(Problem(f"{SECTIONS_DIR}/", 0, problem.message))
        return []
    if kind != "dir":
        problems.append(Problem(f"{SECTIONS_DIR}/", 0, "mangler: mappen sections findes ikke"))
        return []
    problems += [Problem(f"{SECTIONS_DIR}/{name}", 0, message) for name, message in bad]
    sections: list[Section] = []
    for path in sorted(paths, key=lambda p: _natural(p.name)):
        shown = f"{SECTIONS_DIR}/{path.name}"
        text = _read_text(path, shown, problems)
        if text is not None:
            section = _parse_section(text, shown, problems, links, key_lines)
            if section is not None:
                sections.append(section)
    return sections


def _parse_section(
    text: str,
    shown: str,
    problems: list[Problem],
    links: dict[str, list[tuple[str, int]]],
    key_lines: dict[str, dict[str, int]],
) -> Section | None:
    """The section in the file ``text``: its front matter checked, its body's Markdown
    parsed once (for the plain text and the links: :func:`_check_links`)."""
    too_costly = markdown_limit_problem(text)
    if too_costly is not None:
        problems.append(Problem(shown, 1, too_costly))
        return None
    front = split_front_matter(text)
    if front is None:
        problems.append(
            Problem(
                shown,
                1,
                "filen skal starte med front matter: en linje '---', "
                "'id:', 'title:' og 'chapter:', så '---'",
            )
        )
        return None
    document = _compose(front.yaml, shown, 1, problems)
    if document is False:
        return None
    reader = schema.Reader(shown, problems, offset=1)
    data = reader.read(SECTION, document, "front matter")
    note = _note_fields(reader, data.get("note") if data is not None else None)
    ok = reader.ok and data is not None
    end_line = front.end_line
    rows = text.splitlines()[end_line:]
    body = "\n".join(rows).strip()
    body_line = end_line + 1 + next((i for i, row in enumerate(rows) if row.strip()), 0)
    tokens = parser().parse(body) if body else []
    if not body:
        problems.append(
            Problem(shown, end_line + 1, "afsnittet har ingen tekst efter sin front matter")
        )
        ok = False
    elif not _seen_text(body, tokens):
        problems.append(
            Problem(
                shown,
                body_line,
                "afsnittet har ingen tekst, som læseren ser: kun HTML (fx en kommentar "
                "<!-- … -->); skriv afsnittets tekst",
            )
        )
        ok = False
    if not ok or data is None:
        return None
    section = Section(
        id=data["id"],
        title=data["title"],
        chapter=data["chapter"],
        body=body,
        source=shown,
        line=body_line,
        number=data.get("number"),
        **note,
    )
    links[section.source] = list(_links(tokens))
    key_lines[section.source] = data.key_lines
    return section


def _seen_text(body: str, tokens: list[Token]) -> bool:
    """True when the body has text a reader sees (not only HTML); the plain text is
    remembered, so search, plain output and the wording check never parse it again."""
    shown = plain_text_of(tokens)
    remember(body, shown)
    return bool(shown.strip())


#: A section's ``note:`` as a table.
NOTE = schema.Fields(
    {
        "text": schema.Key(schema.Text(), required=True),
        "checked": schema.Key(schema.Day()),
        "checked_by": schema.Key(schema.Text()),
        "sources": schema.Key(schema.ListOf(schema.Text(), noun="en kilde"), default=()),
        "legal": schema.Key(schema.Flag(), default=False),
    }
)
#: A section's front matter.
SECTION = schema.Fields(
    {
        "id": schema.Key(schema.Ident(), required=True),
        "title": schema.Key(schema.Text(), required=True),
        "chapter": schema.Key(schema.Ident(example="'raad'"), required=True),
        "number": schema.Key(schema.Count()),
        "note": schema.Key(schema.Either(schema.Text(), NOTE)),
    }
)


def _note_fields(reader: schema.Reader, note: str | schema.Record | None) -> dict[str, Any]:
    """``note:`` as the Section's fields (none when there is no note).

    A note is a text, or a table with ``text``, ``checked`` (the date a person last
    checked it, 2026-12-01) with ``checked_by`` (that person's name: the two go
    together), ``sources`` (a list) and ``legal: true`` (it says what a law says
    today; it must have sources, and until a person has checked it, it says so).
    """
    if note is None:
        return {}
    if isinstance(note, str):
        return {"note": note}
    checked, checked_by = note.get("checked"), note.get("checked_by")
    # The pair is judged by what is written after the keys: an empty 'checked_by:'
    # names no person, so a date with it is no check. A value that did not fit is
    # told already (and is not also a missing half).
    has_checked = checked is not None or "checked" in note.failed
    has_checked_by = checked_by is not None or "checked_by" in note.failed
    if has_checked != has_checked_by:
        given, other = ("checked", "checked_by") if has_checked else ("checked_by", "checked")
        where = other if note.empty(other) else given
        reader.problem_at(
            note.line_of(where),
            "'checked:' og 'checked_by:' hører sammen under 'note:': en note er kun "
            "kontrolleret, når en person har gjort det, så skriv både datoen og personens "
            "navn (eller ingen af dem)",
        )
        checked = checked_by = None  # half a check is no check
    sources = tuple(note.get("sources", ()))
    legal = note.get("legal") is True
    sources_failed = "sources" in note.key_lines and "sources" not in note  # told already
    if legal and not sources and not sources_failed:
        reader.problem_at(
            note.line_of("legal"),
            "'legal: true' under 'note:' kræver 'sources:': en note om loven skal sige, "
            "hvor det kan læses",
        )
    return {
        "note": note.get("text", ""),
        "note_checked": checked,
        "note_checked_by": checked_by,
        "note_sources": sources,
        "note_legal": legal,
    }


def _links(tokens: list[Token]) -> Iterator[tuple[str, int]]:
    """(href, line offset in the body) of every link in the parsed body."""
    for token in tokens:
        if token.type == "inline" and token.children:
            offset = token.map[0] if token.map else 0
            for child in token.children:
                if child.type == "link_open":
                    yield str(child.attrs.get("href", "")), offset


def _check_links(
    sections: list[Section], links: dict[str, list[tuple[str, int]]], ids: set[str]
) -> Iterator[Problem]:
    for section in sections:
        for href, offset in links.get(section.source, []):
            target = section_link_target(href)
            if target is not None and target not in ids:
                yield Problem(
                    section.source,
                    section.line + offset,
                    f"linket '{href}' peger på et afsnit, som ikke findes",
                )
