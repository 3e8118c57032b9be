"""PyYAML's syntax errors in plain words, at the line where the mistake is.

PyYAML names its own parser states ("expected <block end>, but found '<block mapping start>'")
and marks where it gave up, which is often not where the mistake is: a key pulled two spaces to
the left is reported at the line *after* it, a quote left open at the line where the next quote
happens to close it, a ``{`` left open at the next line. ``explain`` reads the error's two marks
(``problem_mark``: where PyYAML stopped; ``context_mark``: where the construct it was reading
began) together with the text and PyYAML's own tokens, and says what is wrong and where, in the
words of someone who writes the file. What it does not recognise keeps PyYAML's wording.
"""

from __future__ import annotations

import re
from functools import cached_property

import yaml

SHOWN = 40  # a quoted piece of the file is shown at most this long


def explain(text: str, exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """(line, message) for a syntax error of ``text``; the line is 1-based, None when unknown."""
    mark = exc.problem_mark
    plain = (mark.line + 1 if mark else None), f"YAML syntax error: {exc.problem or exc}"
    if mark is None:
        return plain
    try:
        return _Explainer(text, exc).explain()
    except Exception:  # noqa: BLE001 - a reading of the text that fails must not hide the error itself
        return plain


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


class _Explainer:
    def __init__(self, text: str, exc: yaml.MarkedYAMLError):
        self.lines = text.splitlines()
        self.text = text
        self.problem = exc.problem or ""
        self.context = exc.context or ""
        self.mark = exc.problem_mark
        self.start = exc.context_mark  # where the construct PyYAML was reading began (may be None)

    # --- the text around the marks -------------------------------------------------------------

    def line_text(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def indent(self, line: int) -> int:
        text = self.line_text(line)
        return len(text) - len(text.lstrip(" "))

    def is_content(self, line: int) -> bool:
        stripped = self.line_text(line).strip()
        return bool(stripped) and not stripped.startswith("#")

    def above(self, line: int, deepest: int | None = None) -> int | None:
        """The nearest line above ``line`` with content (indented at most ``deepest`` spaces)."""
        for i in range(line - 1, -1, -1):
            if self.is_content(i) and (deepest is None or self.indent(i) <= deepest):
                return i
        return None

    def below(self, line: int, deepest: int | None = None) -> int | None:
        """The nearest line below ``line`` with content (indented at most ``deepest`` spaces)."""
        for i in range(line + 1, len(self.lines)):
            if self.is_content(i) and (deepest is None or self.indent(i) <= deepest):
                return i
        return None

    def opens_block(self, line: int) -> bool:
        """``key:`` with nothing after it (but a comment): the lines below it are its value."""
        return self.line_text(line).split(" #")[0].rstrip().endswith(":")

    @cached_property
    def step(self) -> int:
        """How far this file indents a block under its key (most often 2)."""
        steps: dict[int, int] = {}
        for i in range(len(self.lines)):
            below = self.below(i) if self.is_content(i) and self.opens_block(i) else None
            if below is not None and self.indent(below) > self.indent(i):
                step = self.indent(below) - self.indent(i)
                steps[step] = steps.get(step, 0) + 1
        return max(steps, key=lambda s: steps[s]) if steps else 2

    def tokens_before(self) -> list[yaml.Token]:
        """PyYAML's tokens up to the one it stopped at (the scanner reads ahead, and may itself fail
        further on: what it read before that is kept)."""
        found: list[yaml.Token] = []
        try:
            for token in yaml.scan(self.text, Loader=yaml.SafeLoader):
                if token.start_mark.index >= self.mark.index:
                    break
                found.append(token)
        except yaml.MarkedYAMLError:
            pass
        return found

    @cached_property
    def last_scalar(self) -> yaml.ScalarToken | None:
        """The last value PyYAML read before it stopped."""
        scalars = [t for t in self.tokens_before() if isinstance(t, yaml.ScalarToken)]
        return scalars[-1] if scalars else None

    # --- the kinds of error ----------------------------------------------------------------------

    def explain(self) -> tuple[int, str]:
        line, column = self.mark.line, self.mark.column
        problem, context = self.problem, self.context
        if problem.startswith("found character '\\t'"):
            return self.tab(line, column)
        if problem.startswith("found character") and "cannot start any token" in problem:
            char = problem.split("'")[1]
            return line + 1, (f"a value cannot start with {char!r} (column {column + 1}): put the value in quotes, "
                              f"e.g. \"{char}…\"")
        if problem.startswith("found unknown escape character"):
            char = problem.split("'")[1] if "'" in problem else ""
            return line + 1, (f"\\{char} inside double quotes (column {column + 1}) is not an escape YAML knows: "
                              "write \\\\ for a backslash, or use single quotes ('…')")
        if "quoted scalar" in context and self.start is not None:
            return self.unclosed_quote(self.start.line, self.start.column)
        scalar = self.last_scalar
        if scalar is not None and scalar.style in ('"', "'") and scalar.start_mark.line < line == scalar.end_mark.line:
            # A quote opened on an earlier line was closed by the next quote, on this line: what
            # follows it here no longer fits, but the mistake is where the quote opened.
            return self.unclosed_quote(scalar.start_mark.line, scalar.start_mark.column)
        if context == "while scanning a simple key" and self.start is not None:
            return self.start.line + 1, (
                f"{_shown(self.line_text(self.start.line))} is not `key: value`: a ':' is missing, or the space after "
                "it (write `key: value`, with a space after the colon)")
        if problem == "mapping values are not allowed here":
            return self.colon_in_value(line, column)
        if context.startswith(("while parsing a flow mapping", "while parsing a flow sequence")):
            return self.flow(line, column)
        if context == "while parsing a flow node" and "but found ','" in problem:
            return line + 1, f"two commas with nothing between them (column {column + 1}): remove one"
        if problem.startswith("expected the node content"):
            found = problem.rpartition("but found ")[2]
            what = "a key" if found == "'?'" else found
            return line + 1, (f"{what} at column {column + 1}, where a value should be: remove it, or put the value in "
                              "quotes if it is text")
        if problem.startswith("expected alphabetic or numeric character") and self.start is not None:
            sign = self.line_text(self.start.line)[self.start.column:self.start.column + 1]
            return self.start.line + 1, (
                f"{sign!r} at column {self.start.column + 1} starts an {'alias' if sign == '*' else 'anchor'} name, "
                "which is letters and digits only: put the value in quotes if it is text")
        if problem.startswith("expected <block end>"):
            return self.block(line, column)
        if problem.startswith("found undefined alias"):
            name = problem.split("'")[1]
            return line + 1, (f"*{name} refers to an anchor &{name} that is not defined above it: define it, or put "
                              "the value in quotes if the * is meant as text")
        if context.startswith("found duplicate anchor") and self.start is not None:
            name = context.split("'")[1]
            return line + 1, (f"the anchor &{name} is defined a second time (first on line {self.start.line + 1}): "
                              "rename one")
        if context == "expected a single document in the stream":
            return line + 1, ("a second YAML document starts here ('---'): the configuration is one document; "
                              "remove the '---' line")
        where = f" ({context} started on line {self.start.line + 1})" if context and self.start else ""
        return line + 1, f"YAML syntax error: {problem}{where}"

    def tab(self, line: int, column: int) -> tuple[int, str]:
        before = self.line_text(line)[:column]
        if not before.strip():
            return line + 1, "a tab character; indent with spaces (YAML does not allow tabs in indentation)"
        return line + 1, (f"a tab character after {_shown(before.strip())} (column {column + 1}); YAML does not allow "
                          "it there: use a space")

    def unclosed_quote(self, line: int, column: int) -> tuple[int, str]:
        quote = self.line_text(line)[column:column + 1] or '"'
        return line + 1, (f"the quote {quote} at column {column + 1} is not closed: end the text with {quote} on "
                          "the same line")

    def colon_in_value(self, line: int, column: int) -> tuple[int, str]:
        scalar = self.last_scalar
        if scalar is not None and scalar.style is None and scalar.start_mark.line < line:
            # A plain text that ran on from an earlier line: that line has no `key:`, or this line
            # is indented under a key that already has its value.
            start = scalar.start_mark.line
            before = self.line_text(start)[:scalar.start_mark.column]
            if before.strip():  # the text is a value: this line was read as more of it
                prior = self.above(start)
                if prior is not None and self.indent(prior) == self.indent(line) != self.indent(start):
                    # the value's own line is the odd one out: the lines around it agree
                    return start + 1, self.misfit(start, prior)
                if (prior is not None and self.opens_block(prior)
                        and self.indent(prior) == self.indent(start) < self.indent(line)):
                    # `key:` then its first line at the key's own indentation: that line left its block
                    return start + 1, self.misfit(start, line)
                return line + 1, self.misfit(line, start)
            return start + 1, (f"{_shown(self.line_text(start))} is not `key: value`: a ':' is missing, or the space "
                               "after it (write `key: value`, with a space after the colon)")
        quoted = re.match(r"^\s*((?:- )?[^\s:#'\"][^:#]*:)\s+(\S.*?)\s*$", self.line_text(line))
        example = ""
        if quoted:
            quote = "'" if '"' in quoted[2] else '"'
            example = f", e.g. {quoted[1]} {quote}{quoted[2]}{quote}"
        return line + 1, f"': ' inside a value (column {column + 1}): put the value in quotes{example}"

    def flow(self, line: int, column: int) -> tuple[int, str]:
        opening = self.line_text(self.start.line)[self.start.column:self.start.column + 1] or "{"
        closing = "}" if opening == "{" else "]"
        if self.start.line != line and closing not in self.line_text(self.start.line)[self.start.column:]:
            return self.start.line + 1, (f"the {opening} at column {self.start.column + 1} is not closed: close it "
                                         f"with {closing} on the same line")
        scalar = self.last_scalar
        if scalar is not None and scalar.style in ('"', "'") and scalar.end_mark.line == line:
            return line + 1, (
                f"text at column {column + 1} follows the quoted text {scalar.style}{scalar.value}{scalar.style} "
                f"directly: is a closing {scalar.style} missing before it, or a comma?")
        return line + 1, (f"a ',' or {closing!r} is missing before column {column + 1} (inside the {opening}…{closing} "
                          f"that starts at column {self.start.column + 1})")

    def block(self, line: int, column: int) -> tuple[int, str]:
        scalar = self.last_scalar
        found = self.problem.rpartition("but found ")[2]
        if (scalar is not None and scalar.style in ('"', "'") and scalar.end_mark.line == line
                and found not in ("'<block mapping start>'", "'-'")):
            return line + 1, (f"text after the closing {scalar.style} (column {column + 1}): put all of the value "
                              "inside the quotes")
        if found in ("','", "']'", "'}'"):
            return line + 1, (f"{found} at column {column + 1} is outside any [...] or {{...}}: remove it, or open the "
                              "list or mapping it belongs to")
        in_list = self.context == "while parsing a block collection"
        if in_list and self.start is not None:
            return line + 1, (f"the list that starts on line {self.start.line + 1} goes on with a line that is not "
                              f"a list item: start it with '- ', or line it up with the key the list belongs to")
        if "but found '-'" in self.problem and self.start is not None and column == self.start.column:
            return line + 1, (f"a list item ('- ') among the keys of the mapping that starts on line "
                              f"{self.start.line + 1}: write `key: value` as the lines above, or indent the list "
                              "under its key")
        return self.indentation(line)

    def indentation(self, line: int) -> tuple[int, str]:
        """A line whose indentation fits no mapping it could belong to. PyYAML stops at the first
        line that no longer fits, but the odd one out may be a line above it: a key pulled to the
        left makes the next, correctly indented, line the one that does not fit, and a key pushed
        to the right opens a block that the next key at the old indentation cannot close."""
        keys = self.start.column if self.start is not None else 0  # where the mapping's keys start
        here = self.indent(line)
        before = self.above(line)
        last_key = self.above(line, deepest=keys)  # the mapping's last key above this line
        if last_key is not None:
            inside = [i for i in range(last_key + 1, line) if self.is_content(i)]
            closed = min((self.indent(i) for i in inside), default=here)  # the block this line ends
            heads = [i for i in inside if self.indent(i) == closed]
            sibling = self.below(line, deepest=here)
            agrees = (sibling is not None and self.indent(sibling) == here) or (
                here - self.indent(last_key) == self.step != closed - self.indent(last_key))
            if closed > here and len(heads) == 1 and agrees:
                # one key pushed right: this line agrees with the line after it, or with the file's step
                return heads[0] + 1, self.misfit(heads[0], line)
        parent = self.above(before) if before is not None else None
        if (before is not None and before == last_key and parent is not None and self.opens_block(parent)
                and self.indent(parent) == self.indent(before) < here):
            # `key:` then its first line at the key's own indentation: that line left its block
            return before + 1, self.misfit(before, line)
        after = self.below(line)
        alone = last_key == before and (after is None or self.indent(after) <= keys)
        if last_key is not None and not alone:
            sibling = self.above(last_key, deepest=here)
            if sibling is not None and self.indent(sibling) == here and self.indent(last_key) < here:
                return last_key + 1, self.misfit(last_key, sibling)  # the last key pulled left out of its block
        for other in (before, last_key):
            if other is not None and self.indent(other) != here:
                return line + 1, self.misfit(line, other)
        return line + 1, f"the indentation does not match the lines above; YAML syntax error: {self.problem}"

    def misfit(self, line: int, other: int) -> str:
        """``line`` does not line up with ``other``, a line above or below it."""
        where = "above" if other < line else "around it"
        return (f"the indentation does not match the lines {where} (line {other + 1} is indented "
                f"{_spaces(self.indent(other))}, this line {self.indent(line)}); indent with spaces to line up with "
                f"line {other + 1}, or with the key this line belongs to")
