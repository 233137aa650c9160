"""Load a handbook directory into a :class:`Handbook`, or say what is wrong with it.

A handbook directory holds ``handbook.yaml`` (title, revision, chapters) and
``sections/*.md``: one Markdown file per section, each opening with YAML front
matter. Every problem is reported with its file and line, in words a content
maintainer understands, and all problems are collected before giving up. Files are
read through :mod:`paddehatten.content.files` and YAML through
:mod:`paddehatten.content.yaml_io`, whose nodes give every key its exact line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from paddehatten.content import files, yaml_io
from paddehatten.content.links import section_link_target
from paddehatten.content.model import (
    Chapter,
    ChapterStyle,
    ContentError,
    Handbook,
    Problem,
    Section,
    errors,
)
from paddehatten.content.text import markdown_limit_problem, plain_text, remember

METADATA_FILE = "handbook.yaml"
SECTIONS_DIR = "sections"
STYLES: tuple[ChapterStyle, ...] = ("numbered", "bullets", "paragraphs")
SECTION_KEYS = {"id", "title", "chapter", "number", "note"}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
#: The most chapters a handbook may have (the guideline has three).
MAX_CHAPTERS = 1_000


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of the handbook: CommonMark with front matter.

    Built once: a MarkdownIt costs about half a millisecond to set up.
    """
    return MarkdownIt("commonmark").use(front_matter_plugin)


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
    handbook, problems = _load(root)
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
                    _metadata_line(root, "adopted_text"),
                    f"den vedtagne tekst '{name}' findes ikke i håndbogsmappen; læg den der, "
                    "eller ret 'adopted_text:'",
                )
            )
            return handbook, problems, differences
        if not _inside(root, root / name):
            differences.append(
                Problem(
                    METADATA_FILE,
                    _metadata_line(root, "adopted_text"),
                    f"den vedtagne tekst '{name}' er et link til en fil uden for "
                    "håndbogsmappen; den læses ikke. Læg selve filen i mappen",
                )
            )
            return handbook, problems, differences
        adopted = _read_text(root / name, name, differences)
        metadata = _read_text(root / METADATA_FILE, METADATA_FILE, [])
        if adopted is not None:
            unloaded = unloaded_sections(root, handbook)
            differences = compare(
                edition_words(handbook, metadata or ""),
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


def _metadata_line(root: Path, key: str) -> int:
    """The line of ``key:`` in handbook.yaml (1 when it cannot be told)."""
    text = _read_text(root / METADATA_FILE, METADATA_FILE, []) or ""
    composed = _compose(text, METADATA_FILE, 0, [])
    return yaml_io.key_lines(composed[0]).get(key, 1) if composed else 1


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


def _load(root: Path) -> tuple[Handbook | None, list[Problem]]:
    try:
        kind = files.kind_of(root)
    except files.FileProblem as problem:
        return None, [Problem(files.printable(str(root)), 0, f"mappen {problem.message}")]
    if kind is None:
        return None, [Problem(files.printable(str(root)), 0, "mappen findes ikke")]
    if kind != "dir":
        return None, [
            Problem(files.printable(str(root)), 0, "det er en fil, ikke en håndbogsmappe")
        ]
    problems: list[Problem] = []
    meta = _read_metadata(root, problems)
    sections = _read_sections(root, problems)
    if meta is None:
        return None, problems
    title, revision, institution, chapters, editorial_titles, adopted_text = meta
    chapter_ids = {c.id: position for position, c in enumerate(chapters)}
    seen: dict[str, Section] = {}
    for section in sections:
        if section.id in seen:
            first = seen[section.id]
            problems.append(
                Problem(
                    section.source,
                    1,
                    f"id'et '{section.id}' bruges allerede af {first.source}; "
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
                    1,
                    f"kapitlet '{section.chapter}' er ikke et af kapitlerne i "
                    f"{METADATA_FILE} ({known})",
                )
            )
    unique = [s for s in seen.values() if s.chapter in chapter_ids]
    for link_problem in _check_links(root, unique, set(seen)):
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
    )
    return handbook, problems


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
) -> tuple[yaml_io.Node | None, Any] | None:
    """(node, plain value) of the YAML ``text``, or None with a problem noted."""
    try:
        node = yaml_io.compose(text)
        return node, yaml_io.plain(node)
    except yaml_io.YamlProblem as problem:
        problems.append(Problem(shown, offset + max(problem.line, 1), problem.message))
        return None


def _read_metadata(
    root: Path, problems: list[Problem]
) -> tuple[str, str, str, list[Chapter], bool, str | None] | None:
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
    composed = _compose(text, METADATA_FILE, 0, problems)
    if composed is None:
        return None
    document, data = composed
    if not isinstance(data, dict):
        problems.append(Problem(METADATA_FILE, 1, "forventede nøgler som 'title:' og 'chapters:'"))
        return None
    lines = yaml_io.key_lines(document)
    ok = True
    strings: dict[str, str] = {}
    for key in ("title", "revision"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(METADATA_FILE, lines.get(key, 1), f"'{key}:' mangler eller er tom")
            )
            ok = False
        else:
            strings[key] = value.strip()
    institution = data.get("institution", "")
    editorial = data.get("editorial_titles", False)
    if not isinstance(editorial, bool):
        where = lines.get("editorial_titles", 1)
        problems.append(
            Problem(METADATA_FILE, where, "'editorial_titles:' skal være true eller false")
        )
        ok = False
    adopted = _adopted_text(data.get("adopted_text"), lines.get("adopted_text", 1), problems)
    chapters = _read_chapters(
        data.get("chapters"),
        lines.get("chapters", 1),
        yaml_io.value_node(document, "chapters"),
        problems,
    )
    if chapters is None or not ok or adopted is False:
        return None
    title, revision = strings["title"], strings["revision"]
    return title, revision, str(institution or ""), chapters, editorial, adopted


def _adopted_text(value: object, line: int, problems: list[Problem]) -> str | Literal[False] | None:
    """``adopted_text:``: the adopted text's file in the folder; None if not named.

    False (and a problem) when it is named but cannot be used.
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(
            Problem(
                METADATA_FILE, line, "'adopted_text:' skal være et filnavn, fx vedtaget-tekst.txt"
            )
        )
        return False
    name = value.strip()
    inside = Path(name).parts and not Path(name).is_absolute() and ".." not in Path(name).parts
    if not inside:
        problems.append(
            Problem(
                METADATA_FILE,
                line,
                f"'adopted_text: {name}' skal være en fil i håndbogsmappen, fx vedtaget-tekst.txt",
            )
        )
        return False
    return Path(name).as_posix()


def _read_chapters(
    value: object, line: int, node: yaml_io.Node | None, problems: list[Problem]
) -> list[Chapter] | None:
    if not isinstance(value, list) or not value:
        problems.append(Problem(METADATA_FILE, line, "'chapters:' skal nævne mindst ét kapitel"))
        return None
    if len(value) > MAX_CHAPTERS:
        problems.append(
            Problem(
                METADATA_FILE,
                line,
                f"'chapters:' nævner {len(value)} kapitler; en håndbog må højst have "
                f"{MAX_CHAPTERS}",
            )
        )
        return None
    item_lines = yaml_io.item_lines(node)
    item_nodes = list(node.value) if isinstance(node, yaml_io.SequenceNode) else []
    chapters: list[Chapter] = []
    known: set[str] = set()
    for position, item in enumerate(value):
        where = item_lines[position] if position < len(item_lines) else line
        if not isinstance(item, dict):
            problems.append(Problem(METADATA_FILE, where, "et kapitel skal have 'id:' og 'title:'"))
            continue
        cid, title = item.get("id"), item.get("title")
        style = item.get("style", "paragraphs")
        if not isinstance(cid, str) or not ID_PATTERN.match(cid):
            problems.append(
                Problem(
                    METADATA_FILE,
                    where,
                    f"kapitel-id {cid!r} må kun have små bogstaver a-z, tal og '-'",
                )
            )
            continue
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem(METADATA_FILE, where, f"kapitlet '{cid}' har ingen titel"))
            continue
        if style not in STYLES:
            problems.append(
                Problem(
                    METADATA_FILE,
                    where,
                    f"kapitlet '{cid}': style skal være en af {', '.join(STYLES)}",
                )
            )
            continue
        editorial = item.get("editorial", False)
        if not isinstance(editorial, bool):
            keys = yaml_io.key_lines(item_nodes[position]) if position < len(item_nodes) else {}
            problems.append(
                Problem(
                    METADATA_FILE,
                    keys.get("editorial", where),
                    f"kapitlet '{cid}': 'editorial:' skal være true eller false",
                )
            )
            continue
        if cid in known:
            problems.append(Problem(METADATA_FILE, where, f"kapitel-id'et '{cid}' bruges to gange"))
            continue
        known.add(cid)
        chapters.append(
            Chapter(
                id=cid,
                title=title.strip(),
                style=style,
                label=str(item.get("label") or ""),
                editorial=editorial,
            )
        )
    return chapters if len(chapters) == len(value) else None


def _read_sections(root: Path, problems: list[Problem]) -> list[Section]:
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
            section = _parse_section(text, shown, problems)
            if section is not None:
                sections.append(section)
    return sections


def _parse_section(text: str, shown: str, problems: list[Problem]) -> Section | None:
    too_costly = markdown_limit_problem(text)
    if too_costly is not None:
        problems.append(Problem(shown, 1, too_costly))
        return None
    tokens = markdown_parser().parse(text)
    front = next((t for t in tokens if t.type == "front_matter"), None)
    if front is None or not text.startswith("---"):
        problems.append(
            Problem(
                shown,
                1,
                "filen skal starte med front matter: en linje '---', "
                "'id:', 'title:' og 'chapter:', så '---'",
            )
        )
        return None
    composed = _compose(front.content, shown, 1, problems)
    if composed is None:
        return None
    document, data = composed
    if not isinstance(data, dict):
        problems.append(
            Problem(
                shown, 2, "front matter skal være linjer med 'nøgle: værdi' (id, title, chapter)"
            )
        )
        return None
    lines = {k: v + 1 for k, v in yaml_io.key_lines(document).items()}
    ok = True
    for key in sorted(set(data) - SECTION_KEYS, key=str):
        problems.append(
            Problem(
                shown,
                lines.get(str(key), 2),
                f"ukendt nøgle '{key}' (kendte: {', '.join(sorted(SECTION_KEYS))})",
            )
        )
        ok = False
    values: dict[str, str] = {}
    for key in ("id", "title", "chapter"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(shown, lines.get(key, 2), f"'{key}:' mangler eller er tom"))
            ok = False
        else:
            values[key] = value.strip()
    if "id" in values and not ID_PATTERN.match(values["id"]):
        problems.append(
            Problem(
                shown,
                lines["id"],
                f"id'et '{values['id']}' må kun have små bogstaver a-z, tal og '-'",
            )
        )
        ok = False
    number = data.get("number")
    if number is not None and (
        not isinstance(number, int) or isinstance(number, bool) or number < 0
    ):
        problems.append(Problem(shown, lines.get("number", 2), "'number:' skal være et helt tal"))
        ok = False
    note = read_note(data.get("note"), shown, lines.get("note", 2), problems)
    if note is False:
        ok = False
    end_line = front.map[1] if front.map else 0
    body = "\n".join(text.splitlines()[end_line:]).strip()
    body_line = (
        end_line
        + 1
        + next((i for i, row in enumerate(text.splitlines()[end_line:]) if row.strip()), 0)
    )
    if not body:
        problems.append(
            Problem(shown, end_line + 1, "afsnittet har ingen tekst efter sin front matter")
        )
        ok = False
    elif not _seen_text(body):
        problems.append(
            Problem(
                shown,
                body_line,
                "afsnittet har ingen tekst, som læseren ser: kun HTML (fx en kommentar "
                "<!-- … -->); skriv afsnittets tekst",
            )
        )
        ok = False
    if not ok:
        return None
    return Section(
        id=values["id"],
        title=values["title"],
        chapter=values["chapter"],
        body=body,
        source=shown,
        line=body_line,
        number=number,
        **(note or {}),
    )


def _seen_text(body: str) -> bool:
    """True when the body has text a reader sees (not only HTML); the plain text is
    remembered, so search and plain output need not convert the body again."""
    shown = plain_text(body)
    remember(body, shown)
    return bool(shown.strip())


NOTE_KEYS = ("text", "checked", "checked_by", "sources", "legal")


def read_note(
    value: object, shown: str, line: int, problems: list[Problem]
) -> dict[str, Any] | Literal[False] | None:
    """``note:`` as the Section's fields; None when there is none, False when broken.

    A note is a text, or a table with ``text``, ``checked`` (the date a person last
    checked it, 2026-12-01) with ``checked_by`` (that person's name: the two go
    together), ``sources`` (a list) and ``legal: true`` (it says what a law says
    today; it must have sources, and until a person has checked it, it says so).
    """
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return {"note": value.strip()}
    if not isinstance(value, dict):
        problems.append(Problem(shown, line, "'note:' skal være tekst eller en tabel med 'text:'"))
        return False
    fields: dict[str, Any] = {}
    ok = True
    for key in sorted(set(value) - set(NOTE_KEYS), key=str):
        problems.append(
            Problem(
                shown, line, f"'note:' har en ukendt nøgle '{key}' (kendte: {', '.join(NOTE_KEYS)})"
            )
        )
        ok = False
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(shown, line, "'note:' mangler 'text:' med notens tekst"))
        ok = False
    else:
        fields["note"] = text.strip()
    checked = value.get("checked")
    if checked is not None:
        day = _iso_date(checked)
        if day is None:
            problems.append(
                Problem(shown, line, f"'checked: {checked}' skal være en dato som 2026-12-01")
            )
            ok = False
        fields["note_checked"] = day
    checked_by = value.get("checked_by")
    if checked_by is not None and (not isinstance(checked_by, str) or not checked_by.strip()):
        problems.append(
            Problem(shown, line, "'checked_by:' skal være navnet på den, der kontrollerede noten")
        )
        ok = False
    elif (checked is None) != (checked_by is None):
        problems.append(
            Problem(
                shown,
                line,
                "'checked:' og 'checked_by:' hører sammen: en note er kun kontrolleret, når "
                "en person har gjort det, så skriv både datoen og personens navn (eller "
                "ingen af dem)",
            )
        )
        ok = False
    else:
        fields["note_checked_by"] = checked_by.strip() if checked_by else None
    sources = value.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s.strip() for s in sources):
        problems.append(Problem(shown, line, "'sources:' skal være en liste af kilder ('- ...')"))
        ok = False
    else:
        fields["note_sources"] = tuple(s.strip() for s in sources)
    legal = value.get("legal", False)
    if not isinstance(legal, bool):
        problems.append(Problem(shown, line, "'legal:' skal være true eller false"))
        ok = False
    elif legal and not fields.get("note_sources"):
        problems.append(
            Problem(
                shown,
                line,
                "en note om loven ('legal: true') skal have 'sources:' (hvor det kan læses)",
            )
        )
        ok = False
    fields["note_legal"] = legal is True
    return fields if ok else False


def _iso_date(value: object) -> str | None:
    import datetime

    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _links(tokens: list[Token]) -> Iterator[tuple[str, int]]:
    """(href, line offset in the body) of every link in the parsed body."""
    for token in tokens:
        if token.type == "inline" and token.children:
            offset = token.map[0] if token.map else 0
            for child in token.children:
                if child.type == "link_open":
                    yield str(child.attrs.get("href", "")), offset


def _check_links(root: Path, sections: list[Section], ids: set[str]) -> Iterator[Problem]:
    parser = markdown_parser()
    for section in sections:
        for href, offset in _links(parser.parse(section.body)):
            target = section_link_target(href)
            if target is not None and target not in ids:
                yield Problem(
                    section.source,
                    section.line + offset,
                    f"linket '{href}' peger på et afsnit, som ikke findes",
                )
