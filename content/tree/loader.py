"""Load and validate the decision trees in a handbook's ``trees/`` folder.

The YAML is read into nodes by :func:`paddehatten.content.yaml_io.compose` (the one
YAML path, with its limits), which keep the line of every value, and against the
tree's shape (:data:`TREE`) by :mod:`paddehatten.content.schema`, so every problem
comes back as ``file:line`` in the one style of message. What is not about shape
(ids used once, answers that lead somewhere, quotations word for word) is checked
here, worded the same way. Only scalars
YAML itself can build safely (text, numbers, true/false) are ever read; anything with
another tag is rejected. The file is read by :mod:`paddehatten.content.files`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Literal

from paddehatten.content import files, schema, yaml_io
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
from paddehatten.content.tree.refs import TREES_DIR, folder_problems, tree_files
from paddehatten.content.yaml_io import MappingNode, Node, ScalarNode

#: The most questions, and the most outcomes, one tree may have (the shipped one has
#: a dozen of each); a path asks at most MAX_QUESTIONS of them.
MAX_TREE_ITEMS = 500
#: Words YAML 1.1 reads as true or false. Rejected as ids even when quoted: one
#: missing pair of quotes (in ``next:``, say) would silently turn them into booleans.
BOOLEAN_WORDS = schema.BOOLEAN_WORDS
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
    """The tree ``tree_id`` of ``handbook``; without one, the handbook's default tree
    (``default_tree:`` in handbook.yaml), else the only one, else the first by name.

    Raises :class:`ContentError` with every problem when the tree is missing or
    not valid: the rest of the program only ever sees valid trees.
    """
    path = _find(handbook.root, tree_id, handbook.default_tree)
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


def _find(root: Path, tree_id: str | None, default_tree: str | None = None) -> Path:
    files = tree_files(root)
    if not files:
        raise ContentError([Problem(f"{TREES_DIR}/", 0, "håndbogen har ingen beslutningstræer")])
    if tree_id is None:
        wanted = default_tree
        chosen = [p for p in files if p.stem == wanted] or files[:1]
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


#: An id in a tree: also a quoted 'yes' is refused (one lost pair of quotes away
#: from true).
TREE_ID = schema.Ident(example="'hvem'", no_boolean_words=True)
SECTION_IDS = schema.ListOf(schema.Ident(example="'husk-1'"), suffix=", fx [husk-1, raad-8]")
#: One answer under a question's ``answers:``.
ANSWER = schema.Fields(
    {
        "id": schema.Key(TREE_ID, required=True),
        "label": schema.Key(schema.Text(), required=True),
        "next": schema.Key(schema.At(TREE_ID), required=True),
    }
)
#: One question under ``questions:``.
QUESTION = schema.Fields(
    {
        "id": schema.Key(TREE_ID, required=True),
        "text": schema.Key(schema.Text(), required=True),
        "hint": schema.Key(schema.At(schema.Text())),
        "cites": schema.Key(SECTION_IDS, default=()),
        # Nothing after 'answers:' is no answers: a dead end, told by the checker.
        "answers": schema.Key(schema.ListOf(ANSWER, noun="et svar"), required=True),
        "reviewed": schema.Key(schema.Raw()),
    }
)
#: One outcome under ``outcomes:``.
OUTCOME = schema.Fields(
    {
        "id": schema.Key(TREE_ID, required=True),
        "title": schema.Key(schema.Text(), required=True),
        "body": schema.Key(schema.At(schema.Text()), required=True),
        # An outcome rests on at least one section of the handbook.
        "cites": schema.Key(
            schema.ListOf(schema.Ident(example="'husk-5'"), min_items=1, suffix=", fx [husk-5]"),
            required=True,
        ),
        "quotes": schema.Key(
            schema.ListOf(schema.At(schema.Text()), noun="et citat", suffix=" ('- \"...\"')"),
            default=(),
        ),
        "note": schema.Key(schema.Text()),
        "suggestion": schema.Key(schema.Text()),
        "gap": schema.Key(schema.Flag(), default=False),
        "reviewed": schema.Key(schema.Raw()),
    }
)
#: A tree file.
TREE = schema.Fields(
    {
        "id": schema.Key(TREE_ID, required=True),
        "title": schema.Key(schema.Text(), required=True),
        "start": schema.Key(TREE_ID, required=True),
        "questions": schema.Key(
            schema.ListOf(QUESTION, noun="et spørgsmål", min_items=1, max_items=MAX_TREE_ITEMS),
            required=True,
        ),
        "outcomes": schema.Key(
            schema.ListOf(OUTCOME, noun="et resultat", min_items=1, max_items=MAX_TREE_ITEMS),
            required=True,
        ),
    }
)
TREE_KEYS = tuple(TREE.keys)
QUESTION_KEYS = tuple(QUESTION.keys)
ANSWER_KEYS = tuple(ANSWER.keys)
OUTCOME_KEYS = tuple(OUTCOME.keys)


class _Reader:
    """Builds the model from a tree file's nodes (read by :data:`TREE`), noting every
    problem with its line."""

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown = shown
        self.problems = problems
        self.reader = schema.Reader(shown, problems)
        #: The line of each quotation in an outcome's ``quotes:`` list, and of each
        #: body and hint (where a «quotation» in running text is reported).
        self.quote_lines: dict[tuple[str, str], int] = {}

    def problem(self, node: Node | None, message: str) -> None:
        self.reader.problem(node, message)

    def tree(self, document: Node | None, stem: str) -> DecisionTree | None:
        fields = self.reader.read(TREE, document)
        if fields is None:
            return None
        tree_id = fields.get("id")
        if tree_id is not None and tree_id != stem:
            self.reader.problem_at(
                fields.line_of("id"),
                f"'id: {tree_id}' skal være det samme som filens navn ('{stem}')",
            )
        questions = [self.question(q) for q in fields.get("questions", []) if q.complete]
        outcomes = [self.outcome(o) for o in fields.get("outcomes", []) if o.complete]
        if not self.reader.ok:
            return None
        return DecisionTree(
            id=fields["id"],
            title=fields["title"],
            start=fields["start"],
            questions=tuple(q for q in questions if q is not None),
            outcomes=tuple(o for o in outcomes if o is not None),
            source=self.shown,
        )

    def question(self, fields: schema.Record) -> Question | None:
        question_id: str = fields["id"]
        hint: schema.Spot[str] | None = fields.get("hint")
        if hint is not None:
            self.quote_lines[(question_id, "«»")] = hint.line
        reviewed, review = self.review(fields.get("reviewed"))
        if reviewed is False:
            return None
        return Question(
            review=review,
            id=question_id,
            text=fields["text"],
            answers=tuple(
                Answer(a["id"], a["label"], a["next"].value, line=a["next"].line)
                for a in fields["answers"]
                if a.complete
            ),
            hint=None if hint is None else hint.value,
            cites=tuple(fields["cites"]),
            line=fields.line,
            reviewed=reviewed,
        )

    def outcome(self, fields: schema.Record) -> Outcome | None:
        outcome_id: str = fields["id"]
        body: schema.Spot[str] = fields["body"]
        too_costly = markdown_limit_problem(body.value)
        if too_costly is not None:
            self.reader.problem_at(body.line, f"'body:' i '{outcome_id}' {too_costly}")
            return None
        self.quote_lines[(outcome_id, "«»")] = body.line
        quotes: list[schema.Spot[str]] = list(fields["quotes"])
        for quote in quotes:
            self.quote_lines[(outcome_id, quote.value)] = quote.line
        reviewed, review = self.review(fields.get("reviewed"))
        if reviewed is False:
            return None
        return Outcome(
            review=review,
            id=outcome_id,
            title=fields["title"],
            body=body.value,
            cites=tuple(fields["cites"]),
            quotes=tuple(q.value for q in quotes),
            note=fields.get("note"),
            suggestion=fields.get("suggestion"),
            gap=fields["gap"],
            line=fields.line,
            reviewed=reviewed,
        )

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
                    f"'id: {node.id}' bruges allerede (linje {first.line}); "
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
