"""Load and validate the decision trees in a handbook's ``trees/`` folder.

The YAML is read into nodes by :func:`paddehatten.content.yaml_io.compose` (the one
YAML path, with its limits), which keep the line of every value, so every problem
comes back as ``file:line`` in words a content maintainer understands. Only scalars
YAML itself can build safely (text, numbers, true/false) are ever read; anything with
another tag is rejected. The file is read by :mod:`paddehatten.content.files`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Literal

from paddehatten.content import files, yaml_io
from paddehatten.content.loader import ID_PATTERN
from paddehatten.content.model import ContentError, Handbook, Problem, errors, warning
from paddehatten.content.text import markdown_limit_problem, plain_text
from paddehatten.content.tree.model import (
    MAX_QUESTIONS,
    Answer,
    DecisionTree,
    Outcome,
    Question,
    Review,
)
from paddehatten.content.tree.refs import DEFAULT_TREE, TREES_DIR, folder_problems, tree_files
from paddehatten.content.yaml_io import MappingNode, Node, ScalarNode, SequenceNode

TREE_KEYS = ("id", "title", "start", "questions", "outcomes")
QUESTION_KEYS = ("id", "text", "hint", "cites", "answers", "reviewed")
ANSWER_KEYS = ("id", "label", "next")
OUTCOME_KEYS = (
    "id",
    "title",
    "body",
    "cites",
    "quotes",
    "note",
    "suggestion",
    "gap",
    "reviewed",
)

#: The most questions, and the most outcomes, one tree may have (the shipped one has
#: a dozen of each); a path asks at most MAX_QUESTIONS of them.
MAX_TREE_ITEMS = 500
#: Words YAML 1.1 reads as true or false. Rejected as ids even when quoted: one
#: missing pair of quotes (in ``next:``, say) would silently turn them into booleans.
BOOLEAN_WORDS = frozenset(
    {"y", "n", "yes", "no", "true", "false", "on", "off"},
)
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
#: What ``paddehatten check --mark-reviewed`` writes as ``reviewed:``.
FINGERPRINT = re.compile(r"^[0-9a-f]{6}( [0-9a-f]{6})*\Z")
#: The fields of a review record, in the order they are written.
REVIEW_KEYS = ("by", "date", "revision", "text")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
#: Text between «» in a body or a hint is a quotation and must be word for word.
_GUILLEMETS = re.compile(r"«([^«»]+)»")


def load_tree(handbook: Handbook, tree_id: str | None = None) -> DecisionTree:
    """The tree ``tree_id`` (default: venneanmodning, or the only one) of ``handbook``.

    Raises :class:`ContentError` with every problem when the tree is missing or
    not valid: the rest of the program only ever sees valid trees.
    """
    path = _find(handbook.root, tree_id)
    tree, problems = _load_file(handbook.root, path, handbook)
    if errors(problems) or tree is None:
        raise ContentError(problems or [Problem(_shown(handbook.root, path), 0, "kan ikke læses")])
    return tree


def check_trees(
    root: Path, handbook: Handbook | None, unloaded: Collection[str] = ()
) -> list[Problem]:
    """Every problem in the trees of the handbook in ``root`` (none when valid)."""
    return [p for _, found in read_trees(root, handbook, unloaded) for p in found]


def read_trees(
    root: Path, handbook: Handbook | None, unloaded: Collection[str] = ()
) -> list[tuple[DecisionTree | None, list[Problem]]]:
    """Each tree of the handbook in ``root`` (None when it has errors) and its problems.

    ``handbook`` may hold only the sections that loaded, and ``unloaded`` names the
    section files that did not: what rests on them is said to be unchecked, never
    passed over in silence. Without a handbook (handbook.yaml unusable) only the
    structure is checked, and each tree says so.
    """
    found: list[tuple[DecisionTree | None, list[Problem]]] = []
    folder = [Problem(shown, 0, message) for shown, message in folder_problems(root)]
    if folder:
        found.append((None, folder))
    for path in tree_files(root):
        tree, problems = _load_file(root, path, handbook, unloaded)
        if handbook is None and not errors(problems):
            problems.append(
                warning(
                    _shown(root, path),
                    0,
                    "træets henvisninger til afsnit og dets citater er ikke kontrolleret, "
                    "fordi håndbogen ikke kunne læses (se ovenfor)",
                )
            )
        found.append((tree, problems))
    return found


def readable_trees(root: Path) -> list[DecisionTree]:
    """Every tree that can be read, whether or not its quotations and paths hold.

    For telling what a change of the text touches: a tree whose quotation the change
    just broke still rests on what it rests on. Never for showing advice.
    """
    found = []
    for path in tree_files(root):
        try:
            document = yaml_io.compose(files.read_text(path))
        except (files.FileProblem, yaml_io.YamlProblem):
            continue
        problems: list[Problem] = []
        tree = _Reader(_shown(root, path), problems).tree(document, path.stem)
        if tree is not None and not problems:
            found.append(tree)
    return found


def _find(root: Path, tree_id: str | None) -> Path:
    files = tree_files(root)
    if not files:
        raise ContentError([Problem(f"{TREES_DIR}/", 0, "håndbogen har ingen beslutningstræer")])
    if tree_id is None:
        chosen = [p for p in files if p.stem == DEFAULT_TREE] or files[:1]
        return chosen[0]
    for path in files:
        if path.stem == tree_id:
            return path
    known = ", ".join(p.stem for p in files)
    raise ContentError(
        [Problem(f"{TREES_DIR}/", 0, f"beslutningstræet '{tree_id}' findes ikke (kendte: {known})")]
    )


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _load_file(
    root: Path, path: Path, handbook: Handbook | None, unloaded: Collection[str] = ()
) -> tuple[DecisionTree | None, list[Problem]]:
    shown = _shown(root, path)
    problems: list[Problem] = []
    try:
        text = files.read_text(path)
        document = yaml_io.compose(text)
    except (files.FileProblem, yaml_io.YamlProblem) as problem:
        return None, [Problem(shown, problem.line, problem.message)]
    reader = _Reader(shown, problems)
    tree = reader.tree(document, path.stem)
    if tree is None or problems:
        # Checking the paths of a half-read tree would only echo these problems.
        return None, problems
    _Checker(shown, problems, tree, handbook, reader.quote_lines, unloaded).run()
    return (None if errors(problems) else tree), problems


class _Reader:
    """Builds the model from YAML nodes, noting every problem with its line."""

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown = shown
        self.problems = problems
        #: The line of each quotation in an outcome's ``quotes:`` list, and of each
        #: body and hint (where a «quotation» in running text is reported).
        self.quote_lines: dict[tuple[str, str], int] = {}

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append(Problem(self.shown, _line(node), message))

    # -- the tree ---------------------------------------------------------------

    def tree(self, document: Node | None, stem: str) -> DecisionTree | None:
        if document is None:
            self.problems.append(
                Problem(self.shown, 1, "filen er tom; et træ skal have id, title, start, ...")
            )
            return None
        fields = self.mapping(document, "træet", TREE_KEYS, ("id", "title", "start"))
        if fields is None:
            return None
        tree_id = self.ident(fields.get("id"), "træets id")
        if tree_id is not None and tree_id != stem:
            self.problem(
                fields["id"],
                f"træets id '{tree_id}' skal være det samme som filens navn ('{stem}')",
            )
        title = self.text(fields.get("title"), "'title:'")
        start = self.ident(fields.get("start"), "'start:'")
        questions = [
            q for q in (self.question(n) for n in self.items(fields, "questions")) if q is not None
        ]
        outcomes = [
            o for o in (self.outcome(n) for n in self.items(fields, "outcomes")) if o is not None
        ]
        if tree_id is None or title is None or start is None:
            return None
        return DecisionTree(
            id=tree_id,
            title=title,
            start=start,
            questions=tuple(questions),
            outcomes=tuple(outcomes),
            source=self.shown,
        )

    def items(self, fields: dict[str, Node], key: str) -> list[Node]:
        node = fields.get(key)
        if node is None:
            self.problems.append(Problem(self.shown, 1, f"'{key}:' mangler"))
            return []
        if not isinstance(node, SequenceNode) or not node.value:
            self.problem(node, f"'{key}:' skal være en liste med mindst ét punkt ('- id: ...')")
            return []
        if len(node.value) > MAX_TREE_ITEMS:
            self.problem(
                node,
                f"'{key}:' har {len(node.value)} punkter; et træ må højst have "
                f"{MAX_TREE_ITEMS} spørgsmål og {MAX_TREE_ITEMS} resultater",
            )
            return []
        return list(node.value)

    def question(self, node: Node) -> Question | None:
        fields = self.mapping(node, "et spørgsmål", QUESTION_KEYS, ("id", "text", "answers"))
        if fields is None:
            return None
        question_id = self.ident(fields.get("id"), "spørgsmålets id")
        text = self.text(fields.get("text"), "'text:'")
        hint = self.text(fields["hint"], "'hint:'") if "hint" in fields else None
        if question_id is not None and "hint" in fields:
            self.quote_lines[(question_id, "«»")] = _line(fields["hint"])
        cites = self.idents(fields.get("cites"), "'cites:'")
        answers = self.answer_list(fields["answers"])
        reviewed, review = self.review(fields.get("reviewed"))
        if question_id is None or text is None or cites is None or answers is None:
            return None
        if ("hint" in fields and hint is None) or reviewed is False:
            return None
        return Question(
            review=review,
            id=question_id,
            text=text,
            answers=tuple(answers),
            hint=hint,
            cites=tuple(cites),
            line=_line(node),
            reviewed=reviewed,
        )

    def answer_list(self, node: Node) -> list[Answer] | None:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return []  # "answers:" with nothing after it: reported as a dead end later
        if not isinstance(node, SequenceNode):
            self.problem(node, "'answers:' skal være en liste af svar ('- id: ...')")
            return None
        answers = [self.answer(item) for item in node.value]
        if None in answers:
            return None
        return [a for a in answers if a is not None]

    def answer(self, node: Node) -> Answer | None:
        fields = self.mapping(node, "et svar", ANSWER_KEYS, ANSWER_KEYS)
        if fields is None:
            return None
        answer_id = self.ident(fields.get("id"), "svarets id")
        label = self.text(fields.get("label"), "'label:'")
        target = self.ident(fields.get("next"), "'next:'")
        if answer_id is None or label is None or target is None:
            return None
        return Answer(answer_id, label, target, line=_line(fields["next"]))

    def outcome(self, node: Node) -> Outcome | None:
        fields = self.mapping(node, "et resultat", OUTCOME_KEYS, ("id", "title", "body"))
        if fields is None:
            return None
        outcome_id = self.ident(fields.get("id"), "resultatets id")
        title = self.text(fields.get("title"), "'title:'")
        body = self.text(fields.get("body"), "'body:'")
        too_costly = markdown_limit_problem(body) if body is not None else None
        if too_costly is not None:
            self.problem(fields.get("body"), f"'body:' {too_costly}")
            body = None
        if outcome_id is not None:
            self.quote_lines[(outcome_id, "«»")] = _line(fields.get("body"))
        cites = self.idents(fields.get("cites"), "'cites:'")
        if cites is not None and not cites:
            self.problem(
                fields.get("cites") or node,
                "et resultat skal bygge på mindst ét afsnit: skriv fx 'cites: [husk-5]'",
            )
            cites = None
        quote_nodes = self.texts(fields.get("quotes"), "'quotes:'")
        quotes = None if quote_nodes is None else [text for text, _ in quote_nodes]
        for text, line in quote_nodes or []:
            self.quote_lines[(outcome_id or "", text)] = line
        note = self.text(fields["note"], "'note:'") if "note" in fields else None
        suggestion = (
            self.text(fields["suggestion"], "'suggestion:'") if "suggestion" in fields else None
        )
        gap = self.flag(fields.get("gap"), "'gap:'")
        reviewed, review = self.review(fields.get("reviewed"))
        if reviewed is False:
            return None
        if (
            outcome_id is None
            or title is None
            or body is None
            or cites is None
            or quotes is None
            or gap is None
            or ("note" in fields and note is None)
            or ("suggestion" in fields and suggestion is None)
        ):
            return None
        return Outcome(
            review=review,
            id=outcome_id,
            title=title,
            body=body,
            cites=tuple(cites),
            quotes=tuple(quotes),
            note=note,
            suggestion=suggestion,
            gap=gap,
            line=_line(node),
            reviewed=reviewed,
        )

    # -- YAML building blocks ---------------------------------------------------

    def mapping(
        self, node: Node, what: str, known: Sequence[str], required: Sequence[str]
    ) -> dict[str, Node] | None:
        """The keys of a mapping node; duplicate, unknown and missing keys are problems."""
        if not isinstance(node, MappingNode):
            keys = ", ".join(required)
            self.problem(node, f"{what} skal være linjer med 'nøgle: værdi' ({keys})")
            return None
        fields: dict[str, Node] = {}
        seen: set[str] = set()
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if isinstance(key, str):
                seen.add(key)
            if not isinstance(key, str) or key_node.tag != _STR:
                self.problem(key_node, f"{what}: nøglen {key!r} skal være et ord som 'id'")
                ok = False
            elif key in fields:
                self.problem(
                    key_node,
                    f"{what}: nøglen '{key}' står to gange (også linje {_line(fields[key])}); "
                    "YAML ville bare bruge den sidste",
                )
                ok = False
            elif key not in known:
                self.problem(key_node, f"ukendt nøgle '{key}' (kendte: {', '.join(known)})")
                ok = False
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields and key not in seen:
                self.problem(node, f"{what} mangler '{key}:'")
                ok = False
        return fields if ok else None

    def ident(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, f"{what} skal være et id, ikke en liste eller en tabel")
            return None
        if node.tag == _BOOL:
            self.problem(
                node,
                f"{what}: YAML læser {node.value} som sandhedsværdien "
                f"{'true' if _yaml_bool(node.value) else 'false'}, ikke som et id; "
                "vælg et andet id, fx 'ja' eller 'nej'",
            )
            return None
        if node.tag != _STR:
            self.problem(node, f"{what}: '{node.value}' skal være et id af bogstaver, fx 'hvem'")
            return None
        value = str(node.value)
        if value.lower() in BOOLEAN_WORDS:
            self.problem(
                node,
                f"{what}: '{value}' kan læses som en sandhedsværdi i YAML; "
                "vælg et andet id, fx 'ja' eller 'nej'",
            )
            return None
        if not ID_PATTERN.match(value):
            self.problem(node, f"{what}: '{value}' må kun have små bogstaver a-z, tal og '-'")
            return None
        return value

    def idents(self, node: Node | None, what: str) -> list[str] | None:
        """A list of ids; a missing key is an empty list."""
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} skal være en liste af id'er, fx [husk-1, raad-8]")
            return None
        values = [self.ident(item, what) for item in node.value]
        if None in values:
            return None
        return [v for v in values if v is not None]

    def text(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag != _STR or not str(node.value).strip():
            self.problem(node, f"{what} skal være tekst, og den må ikke være tom")
            return None
        return str(node.value).strip()

    def texts(self, node: Node | None, what: str) -> list[tuple[str, int]] | None:
        """A list of texts, each with its line; a missing key is an empty list."""
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} skal være en liste af citater ('- \"...\"')")
            return None
        values = [(self.text(item, what), _line(item)) for item in node.value]
        if any(text is None for text, _ in values):
            return None
        return [(text, line) for text, line in values if text is not None]

    def review(self, node: Node | None) -> tuple[str | Literal[False] | None, Review | None]:
        """``reviewed:``: a bare fingerprint (a mark that names no reviewer), or the
        record ``check --mark-reviewed --by`` writes: ``{by, date, revision, text}``."""
        if not isinstance(node, MappingNode):
            return self.fingerprint(node), None
        fields: dict[str, str] = {}
        for key, value in node.value:
            if (
                isinstance(key, ScalarNode)
                and key.value in REVIEW_KEYS
                and isinstance(value, ScalarNode)
                and value.tag == _STR
                and key.value not in fields
            ):
                fields[str(key.value)] = " ".join(str(value.value).split())
            else:
                fields = {}
                break
        if (
            set(fields) != set(REVIEW_KEYS)
            or not all(fields.values())
            or not FINGERPRINT.match(fields["text"])
            or not _ISO_DAY.match(fields["date"])
        ):
            self.problem(
                node,
                "'reviewed:' skal være det, paddehatten check --mark-reviewed --by NAVN "
                'skriver: {by: "navn", date: "2026-12-03", revision: "…", text: '
                '"3f9a2c 81d0e4"}; ret det ikke i hånden',
            )
            return False, None
        review = Review(fields["by"], fields["date"], fields["revision"], fields["text"])
        return review.text, review

    def fingerprint(self, node: Node | None) -> str | Literal[False] | None:
        """``reviewed:``: None when absent, False (and a problem) when malformed."""
        if node is None:
            return None
        if (
            not isinstance(node, ScalarNode)
            or node.tag != _STR
            or not FINGERPRINT.match(node.value)
        ):
            self.problem(
                node,
                "'reviewed:' skal være et fingeraftryk, som paddehatten check --mark-reviewed "
                'skriver (fx "3f9a2c 81d0e4"); ret det ikke i hånden',
            )
            return False
        return str(node.value)

    def flag(self, node: Node | None, what: str) -> bool | None:
        if node is None:
            return False
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            self.problem(node, f"{what} skal være true eller false")
            return None
        return _yaml_bool(str(node.value))


def _yaml_bool(value: str) -> bool:
    return value.lower() in ("yes", "true", "on", "y")


def _line(node: Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _normalise(text: str) -> str:
    return " ".join(text.split())


class _Checker:
    """The checks that need the whole tree (and the handbook for cites and quotes)."""

    def __init__(
        self,
        shown: str,
        problems: list[Problem],
        tree: DecisionTree,
        handbook: Handbook | None,
        quote_lines: dict[tuple[str, str], int],
        unloaded: Collection[str] = (),
    ) -> None:
        self.quote_lines = quote_lines
        self.unloaded = sorted(unloaded)
        self.shown = shown
        self.problems = problems
        self.tree = tree
        self.handbook = handbook
        self.nodes: dict[str, Question | Outcome] = {}

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def run(self) -> None:
        self.unique_ids()
        self.answers()
        self.start()
        if not self.dangling():
            self.cycles_and_reach()
        self.sources()

    def unique_ids(self) -> None:
        for node in self.tree.nodes:
            first = self.nodes.get(node.id)
            if first is not None:
                self.add(
                    node.line,
                    f"id'et '{node.id}' bruges allerede (linje {first.line}); "
                    "hvert spørgsmål og resultat skal have sit eget id",
                )
            else:
                self.nodes[node.id] = node

    def answers(self) -> None:
        for question in self.tree.questions:
            if not question.answers:
                self.add(
                    question.line,
                    f"spørgsmålet '{question.id}' har ingen svar, så vejen ender her uden "
                    "et resultat; giv det mindst to svar",
                )
                continue
            if len(question.answers) < 2:
                self.add(
                    question.line,
                    f"spørgsmålet '{question.id}' har kun ét svar; et spørgsmål skal have "
                    "mindst to forskellige svar",
                )
            seen_ids: set[str] = set()
            seen_labels: set[str] = set()
            for answer in question.answers:
                if answer.id in seen_ids:
                    self.add(
                        answer.line,
                        f"spørgsmålet '{question.id}' har to svar med id'et '{answer.id}'",
                    )
                if answer.label.casefold() in seen_labels:
                    self.add(
                        answer.line,
                        f"spørgsmålet '{question.id}' har to svar med teksten '{answer.label}'",
                    )
                seen_ids.add(answer.id)
                seen_labels.add(answer.label.casefold())
            if len(question.answers) >= 2 and len({a.next for a in question.answers}) == 1:
                self.add(
                    question.line,
                    f"alle svar på '{question.id}' fører til '{question.answers[0].next}', "
                    "så spørgsmålet gør ingen forskel",
                )

    def start(self) -> None:
        node = self.nodes.get(self.tree.start)
        if node is None:
            self.add(1, f"'start: {self.tree.start}' er ikke et af spørgsmålene i filen")
        elif not isinstance(node, Question):
            self.add(1, f"'start: {self.tree.start}' skal være et spørgsmål, ikke et resultat")

    def dangling(self) -> bool:
        found = False
        for question in self.tree.questions:
            for answer in question.answers:
                if answer.next not in self.nodes:
                    self.add(
                        answer.line,
                        f"'next: {answer.next}' peger på et spørgsmål eller resultat, "
                        "som ikke findes",
                    )
                    found = True
        return found or self.tree.start not in self.nodes

    def cycles_and_reach(self) -> None:
        """Loops, nodes no answer leads to, and paths with too many questions."""
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        order: list[str] = []
        cyclic = False

        def visit(first: str) -> None:
            # Depth first with a stack of its own: a chain of any length cannot
            # exhaust Python's recursion.
            nonlocal cyclic
            state[first] = 1
            trail = [first]
            stack = [(first, iter(self._answers(first)))]
            while stack:
                node_id, answers = stack[-1]
                for answer in answers:
                    if state.get(answer.next) == 1:
                        loop = [*trail[trail.index(answer.next) :], answer.next]
                        self.add(
                            answer.line,
                            f"løkke: svaret '{answer.id}' fører tilbage til '{answer.next}' "
                            f"({' → '.join(loop)}); en vej skal ende i et resultat",
                        )
                        cyclic = True
                    elif answer.next not in state:
                        state[answer.next] = 1
                        trail.append(answer.next)
                        stack.append((answer.next, iter(self._answers(answer.next))))
                        break
                else:
                    stack.pop()
                    trail.pop()
                    state[node_id] = 2
                    order.append(node_id)

        visit(self.tree.start)
        reached = set(state)
        for node_id, node in self.nodes.items():
            if node_id not in reached:
                kind = "spørgsmålet" if isinstance(node, Question) else "resultatet"
                self.add(
                    node.line,
                    f"{kind} '{node_id}' kan ikke nås: intet svar på vejen fra "
                    f"'{self.tree.start}' fører hertil",
                )
        for node_id in self.nodes:
            if node_id not in state:
                visit(node_id)  # loops among the unreachable nodes, too
        if not cyclic:
            self.depth(reversed(order))

    def _answers(self, node_id: str) -> tuple[Answer, ...]:
        node = self.nodes[node_id]
        return node.answers if isinstance(node, Question) else ()

    def depth(self, topological: Iterable[str]) -> None:
        """Report each question a path reaches as question number MAX_QUESTIONS + 1."""
        deepest: dict[str, tuple[int, tuple[str, ...]]] = {}
        start = self.tree.start
        deepest[start] = (1, (start,))
        for node_id in topological:
            if node_id not in deepest:
                continue
            node = self.nodes[node_id]
            if not isinstance(node, Question):
                continue
            number, trail = deepest[node_id]
            if number == MAX_QUESTIONS + 1:
                self.add(
                    node.line,
                    f"spørgsmålet '{node_id}' bliver spørgsmål nr. {number} på vejen "
                    f"{' → '.join(trail)}; højst {MAX_QUESTIONS} spørgsmål på en vej",
                )
            for answer in node.answers:
                target = self.nodes[answer.next]
                if isinstance(target, Question):
                    known = deepest.get(answer.next)
                    if known is None or known[0] < number + 1:
                        deepest[answer.next] = (number + 1, (*trail, answer.next))

    def sources(self) -> None:
        """Cited sections exist; quotations are word for word in a cited section.

        A cited section that is missing because its file failed to load is said to
        be unchecked (a warning: the file's own problem is the error).
        """
        if self.handbook is None:
            return
        handbook = self.handbook
        texts = {s.id: _normalise(plain_text(s.body)) for s in handbook.sections}
        stems = {Path(name).stem: name for name in self.unloaded}
        for node in self.tree.nodes:
            missing = [c for c in node.cites if c not in texts]
            for cite in missing:
                if self.unloaded:
                    where = stems.get(cite) or ", ".join(self.unloaded)
                    self.problems.append(
                        warning(
                            self.shown,
                            node.line,
                            f"'{node.id}' bygger på afsnittet '{cite}', som ikke kunne "
                            f"indlæses ({where}; se ovenfor): det, '{node.id}' bygger på "
                            "og citerer derfra, er ikke kontrolleret",
                        )
                    )
                else:
                    close = ", ".join(handbook.ids)
                    self.add(
                        node.line,
                        f"'{node.id}' bygger på afsnittet '{cite}', som ikke findes "
                        f"(afsnittene hedder: {close})",
                    )
            cited = [texts[c] for c in node.cites if c in texts]
            running = node.body if isinstance(node, Outcome) else node.hint or ""
            own = node.quotes if isinstance(node, Outcome) else ()
            quotes = [(q, (node.id, q)) for q in own]
            quotes += [(q, (node.id, "«»")) for q in _GUILLEMETS.findall(running)]
            for raw, where_key in quotes:
                quote = _normalise(raw)
                if any(quote in text for text in cited):
                    continue
                line = self.quote_lines.get(where_key, node.line)
                if missing and self.unloaded:
                    self.problems.append(
                        warning(
                            self.shown,
                            line,
                            f"citatet «{quote}» i '{node.id}' kan ikke kontrolleres, fordi "
                            f"afsnittet {', '.join(missing)} ikke kunne indlæses",
                        )
                    )
                    continue
                where = ", ".join(node.cites) or "ingen afsnit"
                self.add(
                    line,
                    f"citatet «{quote}» i '{node.id}' står ikke ord for ord i de afsnit, "
                    f"det bygger på ({where})",
                )
        from paddehatten.content.tree.rules import guideline_rules

        rules = guideline_rules(self.tree, handbook, self.quote_lines, partial=bool(self.unloaded))
        for line, message in rules:
            self.add(line, message)


def quote_source(handbook: Handbook, outcome: Outcome, quote: str) -> str | None:
    """The id of the cited section a quotation comes from, if any."""
    wanted = _normalise(quote)
    for cite in outcome.cites:
        section = handbook.get(cite)
        if section is not None and wanted in _normalise(plain_text(section.body)):
            return cite
    return None
