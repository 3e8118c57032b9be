"""YAML loading that remembers where everything is.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two duplicate keys.
Here the node tree is walked by hand so that every value's YAML path maps to its line, and a
duplicate key is a problem to report, not a value to drop.

The walk is bounded, because a few hundred bytes of YAML aliases can expand to billions of
values (a "billion laughs" file) and an alias inside itself never ends: a file larger than
``MAX_BYTES``, an alias that refers to itself, or a document that expands to more than
``MAX_NODES`` values is a problem with its line, found in well under a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import ConfigProblem
from ingest.yaml_syntax import explain

YamlPath = tuple[str | int, ...]

MAX_BYTES = 2_000_000  # the shipped indicators.yml is about 50 kB
MAX_NODES = 100_000  # values after expanding aliases; the shipped file has about 1,600


class _TooLarge(Exception):
    """The document expands beyond MAX_NODES (raised inside the walk, reported as a problem)."""

    def __init__(self, line: int):
        self.line = line


def format_path(path: YamlPath) -> str:
    """``("datasets", "pop", "selection", "Tid", 0)`` -> ``datasets.pop.selection.Tid[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass
class LoadedYaml:
    file: str
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    problems: list[ConfigProblem] = field(default_factory=list)

    def line(self, path: YamlPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: YamlPath, message: str) -> ConfigProblem:
        return ConfigProblem(self.file, format_path(path), self.line(path), message)


class _Walker:
    def __init__(self, loaded: LoadedYaml, keep_text: Callable[[YamlPath], bool]):
        self.loaded = loaded
        self.keep_text = keep_text
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes = 0
        self.open: set[int] = set()  # collections being walked: one met again is an alias inside itself

    def walk(self, node: yaml.Node, path: YamlPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node.start_mark.line + 1)
        self.loaded.lines[path] = node.start_mark.line + 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.open:
                self.loaded.problems.append(ConfigProblem(
                    self.loaded.file, format_path(path), node.start_mark.line + 1,
                    "an alias refers to the collection it is inside of (a recursive alias); it never ends: remove it",
                ))
                return None
            self.open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self.open.discard(id(node))
        if self.keep_text(path) and node.style is None and node.tag != "tag:yaml.org,2002:null":
            # Codes are text: an unquoted 01 must stay "01", not become the number 1.
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:  # a tag such as !foo: nothing here reads tags
            message = (f"the tag {node.tag} is not understood here: remove it (put the value in quotes if it is "
                       "text)")
        except ValueError:  # 2023-02-30 reads as a date, and there is no such day
            message = f"{node.value!r} reads as a date that does not exist: correct it, or put it in quotes if it is text"
        self.loaded.problems.append(ConfigProblem(self.loaded.file, format_path(path), node.start_mark.line + 1, message))
        return None

    def _collection(self, node: yaml.Node, path: YamlPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.loaded.problems.append(ConfigProblem(
                        self.loaded.file, format_path(path), key_node.start_mark.line + 1,
                        "a key must be plain text, not a list or a mapping",
                    ))
                    continue
                key = self.constructor.construct_object(key_node)
                key = str(key) if not isinstance(key, str) else key
                line = key_node.start_mark.line + 1
                if key in result:
                    self.loaded.problems.append(
                        ConfigProblem(
                            self.loaded.file,
                            format_path(path + (key,)),
                            line,
                            f"duplicate key {key!r} (first at line {first_line[key]}); "
                            "YAML would silently keep only the last one: remove or rename one",
                        )
                    )
                    continue
                first_line[key] = line
                result[key] = self.walk(value_node, path + (key,))
                self.loaded.lines[path + (key,)] = line
            return result
        return [self.walk(item, path + (i,)) for i, item in enumerate(node.value)]


def load_yaml(
    path: str | Path, keep_text: Callable[[YamlPath], bool] = lambda _path: False
) -> LoadedYaml:
    """Read a YAML file with line numbers and duplicate-key problems.

    A syntax error is returned as a problem with its line, not raised, so that a caller can
    report it with everything else.
    """
    file = str(path)
    loaded = LoadedYaml(file=file, data=None)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            loaded.problems.append(ConfigProblem(
                file, "", None, f"the file is {size:,} bytes; a configuration may be at most {MAX_BYTES:,}: "
                "is it the right file?"))
            return loaded
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        loaded.problems.append(ConfigProblem(file, "", None, "file not found: give --config FILE, or run the command from the project folder"))
        return loaded
    except UnicodeDecodeError as exc:
        loaded.problems.append(ConfigProblem(file, "", None, f"not UTF-8 text: {exc}"))
        return loaded
    except IsADirectoryError:
        loaded.problems.append(ConfigProblem(file, "", None, "this is a folder; give the configuration file, "
                                                               f"e.g. --config {Path(path) / 'indicators.yml'}"))
        return loaded
    except PermissionError:
        loaded.problems.append(ConfigProblem(file, "", None, "no permission to read the file; give the user running "
                                                               "the command read access, or another --config"))
        return loaded
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        loaded.problems.append(ConfigProblem(file, "", None, "the document is nested too deeply to read"))
        return loaded
    except yaml.MarkedYAMLError as exc:
        line, message = explain(text, exc)  # in plain words, at the line of the mistake
        loaded.problems.append(ConfigProblem(file, "", line, message))
        return loaded
    if node is None:
        loaded.data = {}
        return loaded
    try:
        loaded.data = _Walker(loaded, keep_text).walk(node, ())
    except RecursionError:
        loaded.data = None
        loaded.problems.append(ConfigProblem(file, "", None, "the document is nested too deeply to read"))
    except _TooLarge as exc:
        loaded.data = None
        loaded.problems.append(ConfigProblem(
            file, "", exc.line, f"the document expands to more than {MAX_NODES:,} values (aliases repeated inside "
            "aliases?); write the values out or use fewer aliases"))
    return loaded
