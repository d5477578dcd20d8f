"""The free names of a parsed FEEL expression: the names it reads from its scope.

Used to report unknown names when a model is checked, before anything is evaluated.
Names bound inside the expression (context entries, ``for``/``some``/``every``
variables, ``partial``, function parameters) are not free. Inside a filter
condition, names may be entries of the list items: they are checked only when the
list is a literal whose items are known (``[{a: 1}][b > 0]`` reads an unknown ``b``).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import ast


def free_names(node: ast.Node) -> frozenset[str]:
    found: set[str] = set()
    _visit(node, frozenset(), found)
    return frozenset(found)


def _literal_item_keys(target: ast.Node) -> frozenset[str] | None:
    """The entry names a filter condition can see when ``target`` is a list literal (None: unknown)."""
    if not isinstance(target, ast.ListNode):
        return None
    keys: set[str] = set()
    for item in target.items:
        if isinstance(item, ast.ContextNode):
            keys.update(key for key, _ in item.entries)
        elif not isinstance(item, (ast.Literal, ast.ListNode, ast.RangeNode)):
            return None  # an item computed at run time may be a context with any entries
    return frozenset(keys)


def _visit_all(nodes: Iterable[ast.Node | None], bound: frozenset[str], found: set[str]) -> None:
    for node in nodes:
        if node is not None:
            _visit(node, bound, found)


def _visit(node: ast.Node, bound: frozenset[str], found: set[str]) -> None:
    if isinstance(node, ast.Name):
        if node.name not in bound:
            found.add(node.name)
    elif isinstance(node, ast.ContextNode):
        inner = bound
        for key, value in node.entries:
            _visit(value, inner, found)
            inner = inner | {key}
    elif isinstance(node, (ast.For, ast.Quantified)):
        inner = bound
        for iteration in node.iterations:
            _visit_all((iteration.source, iteration.upper), inner, found)
            inner = inner | {iteration.name}
        if isinstance(node, ast.For):
            _visit(node.body, inner | {"partial"}, found)
        else:
            _visit(node.condition, inner, found)
    elif isinstance(node, ast.FunctionDef):
        if node.body is not None and not node.external:
            _visit(node.body, bound | {name for name, _ in node.params}, found)
    elif isinstance(node, ast.Filter):
        _visit(node.target, bound, found)
        keys = _literal_item_keys(node.target)
        if keys is not None:  # a literal list: what its items hold is known, so check the condition
            _visit(node.condition, bound | keys | {"item"}, found)
        # Otherwise the condition sees the entries of items nobody can list here: not checked.
    elif isinstance(node, ast.Path):
        _visit(node.target, bound, found)
    elif isinstance(node, ast.Call):
        _visit(node.callee, bound, found)
        _visit_all(node.args, bound, found)
        _visit_all((value for _, value in node.named or ()), bound, found)
    elif isinstance(node, ast.ListNode):
        _visit_all(node.items, bound, found)
    elif isinstance(node, ast.RangeNode):
        _visit_all((node.low, node.high), bound, found)
    elif isinstance(node, ast.Unary):
        _visit(node.operand, bound, found)
    elif isinstance(node, ast.Binary):
        _visit_all((node.left, node.right), bound, found)
    elif isinstance(node, ast.Between):
        _visit_all((node.value, node.low, node.high), bound, found)
    elif isinstance(node, ast.InstanceOf):
        _visit(node.value, bound, found)
    elif isinstance(node, ast.UnaryTest):
        _visit(node.operand, bound | {"?"}, found)
    elif isinstance(node, ast.In):
        _visit(node.value, bound, found)
        _visit_all(node.tests, bound, found)
    elif isinstance(node, ast.If):
        _visit_all((node.condition, node.then, node.otherwise), bound, found)
