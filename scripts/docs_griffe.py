"""A griffe extension for the documentation site (loaded by ``mkdocs.yml``, mkdocstrings' python
handler). The package's docstrings are written for Sphinx; mkdocstrings reads Markdown. So:

- a role (``:class:`~analysis.metrics.results.Result```, ``:func:`.sources.left_out```,
  ``:data:`RULES```) becomes a link to the object where the site documents it (an optional
  cross-reference: plain code where it does not, never a broken link). A role that names
  nothing in the ``analysis`` package (a function renamed or moved since the docstring was
  written: no object has that name) is a warning, so ``mkdocs build --strict`` fails on it;
  names outside the package (``OSError``, ``tempfile.mkdtemp``) are left as code;
- a doctest (``>>>`` lines) becomes a code block, a definition list (a line of code with its
  text indented under it) a Markdown one, and ``text::`` before a literal block ``text:``.
"""

from __future__ import annotations

import builtins
import contextlib
import html
import re
from typing import Any

import griffe

PACKAGE = "analysis"
ROLE = re.compile(r":(?:class|func|meth|attr|mod|data|exc|obj|const):`(?P<body>[^`]+)`")
LITERAL = re.compile(r"(?<=\S)::(?=\n\s*\n)")
DEFINITION = re.compile(
    r"(?m)^(?P<indent>[ \t]*)(?P<term>``[^\n]*)\n(?P<body>(?:(?P=indent) {4}[^\n]*(?:\n|$))+)"
)
DOCTEST = re.compile(r"(?m)^(?P<indent>[ \t]*)>>> .*(?:\n(?P=indent)(?:>>>|\.\.\.)(?: .*)?)*$")

logger = griffe.get_logger("sitrep_docs")


class SphinxDocstrings(griffe.Extension):
    """Rewrite the docstrings of the ``analysis`` package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **_: Any) -> None:
        if pkg.path != PACKAGE:
            return
        objects = list(_walk(pkg))
        paths = Paths(loader, [obj.path for obj in objects])
        for obj in objects:
            if obj.docstring is not None:
                obj.docstring.value = rewrite(obj.docstring.value, obj, paths)


def _walk(obj: griffe.Object):
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)


class Paths:
    """What a role's target can name: the loaded objects, by path and by the end of their path."""

    def __init__(self, loader: griffe.GriffeLoader, paths: list[str]) -> None:
        self.loader = loader
        self.paths = paths

    def get(self, path: str) -> str | None:
        """The path of the object at ``path`` (an import followed to what it imports)."""
        try:
            found = self.loader.modules_collection.get_member(path)
        except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
        try:
            return found.final_target.path if found.is_alias else found.path
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return path

    def ending(self, name: str) -> list[str]:
        """The paths that end with ``name`` (``Finisher.finish``)."""
        return [p for p in self.paths if p == name or p.endswith("." + name)]


def rewrite(value: str, obj: griffe.Object, paths: Paths) -> str:
    def role(match: re.Match) -> str:
        body = match["body"].strip()
        titled = re.fullmatch(r"(?P<title>.+?)\s*<(?P<target>[^>]+)>", body)
        if titled:
            title, target = titled["title"], titled["target"].lstrip("~")
        else:
            target = body.lstrip("~")
            title = target.rsplit(".", 1)[-1] if body.startswith("~") else target.lstrip(".")
        shown = f"<code>{html.escape(title)}</code>"
        path = _resolve(target, obj, paths)
        if path is None:
            if _ours(target, obj) and not paths.ending(target.lstrip(".")):
                logger.warning(
                    "%s: the docstring names %s, which is nowhere in the %s package "
                    "(renamed or moved?)",
                    obj.path,
                    match[0],
                    PACKAGE,
                )
            return shown
        return f'<autoref identifier="{html.escape(path)}" optional>{shown}</autoref>'

    def definition(match: re.Match) -> str:
        indent = match["indent"]
        body = match["body"].rstrip("\n")
        body = f"{indent}:   {body[len(indent) + 4 :]}"
        return f"\n{indent}{match['term']}\n{body}\n\n"

    def doctest(match: re.Match) -> str:
        indent = match["indent"]
        return f"{indent}```pycon\n{match[0]}\n{indent}```"

    value = LITERAL.sub(":", ROLE.sub(role, value))
    return DOCTEST.sub(doctest, DEFINITION.sub(definition, value))


def _ours(target: str, obj: griffe.Object) -> bool:
    """Whether ``target`` should name something of the package: a path in it, a relative name,
    a name that ``obj``'s module imports from it or a bare name that is not a builtin; not
    ``OSError``, ``tempfile.mkdtemp`` or what the module imports from elsewhere."""
    if target.startswith(".") or target.split(".", 1)[0] == PACKAGE:
        return True
    head = target.split(".", 1)[0]
    try:
        return obj.resolve(head).split(".", 1)[0] == PACKAGE
    except (griffe.NameResolutionError, AttributeError, ValueError):
        pass
    if "." in target:
        return head[:1].isupper()  # a class's member; a module (``tempfile``) is not ours
    return not hasattr(builtins, target)


def _resolve(target: str, obj: griffe.Object, paths: Paths) -> str | None:
    """The full path of what ``target``, written in ``obj``'s docstring, names, if anything
    in the loaded package: in ``obj``'s scope (its imports too), as a full path, relative to
    ``obj`` and its parents, else the one object whose path ends with it."""
    name = target.lstrip(".")
    candidates = []
    if not target.startswith("."):
        head, _, rest = name.partition(".")
        with contextlib.suppress(griffe.NameResolutionError, AttributeError, ValueError):
            candidates.append(obj.resolve(head) + (f".{rest}" if rest else ""))
        candidates.append(name)
    scope: griffe.Object | None = obj
    while scope is not None:
        candidates.append(f"{scope.path}.{name}")
        scope = scope.parent
    for candidate in candidates:
        found = paths.get(candidate)
        if found is not None:
            return found
    ending = paths.ending(name)
    return ending[0] if len(ending) == 1 else None
