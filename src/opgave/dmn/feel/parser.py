"""A hand-written recursive-descent parser for FEEL (DMN 1.5 chapter 10).

Precedence, lowest first: ``if``/``for``/``some``/``every``/``function`` (their
bodies extend as far as possible), ``or``, ``and``, comparison (``= != < <= > >=``,
``between``, ``in``, ``instance of``), ``+ -``, ``* /``, ``**`` (left associative),
unary ``-`` (so ``-3 ** 2`` is 9), then the postfix forms: path ``.``, filter ``[]``
and invocation ``()``.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import ast
from .errors import FeelSyntaxError
from .lexer import Kind, Token, tokenize
from .names import NameTable, can_be_in_name, normalize
from .types import parse_type_tokens
from .values import number

# Binary operator precedence, loosest first.
_OR, _AND, _COMPARISON, _ADDITIVE, _MULTIPLICATIVE, _POWER = range(1, 7)
_OPERATOR_PRECEDENCE = {
    "=": _COMPARISON,
    "!=": _COMPARISON,
    "<": _COMPARISON,
    "<=": _COMPARISON,
    ">": _COMPARISON,
    ">=": _COMPARISON,
    "+": _ADDITIVE,
    "-": _ADDITIVE,
    "*": _MULTIPLICATIVE,
    "/": _MULTIPLICATIVE,
    "**": _POWER,
}
_KEYWORD_PRECEDENCE = {
    "or": _OR,
    "and": _AND,
    "between": _COMPARISON,
    "in": _COMPARISON,
    "instance": _COMPARISON,
}
_TEST_OPERATORS = ("<", "<=", ">", ">=", "=", "!=")


def _precedence(token: Token) -> int | None:
    if token.kind is Kind.OP:
        return _OPERATOR_PRECEDENCE.get(token.text)
    if token.kind is Kind.KEYWORD:
        return _KEYWORD_PRECEDENCE.get(token.text)
    return None


class Parser:
    def __init__(self, text: str, names: Iterable[str] = (), base: NameTable | None = None) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.names = NameTable(names, base)
        self.filters_allowed = True

    # -- token helpers ---------------------------------------------------------------

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not Kind.EOF:
            self.index += 1
        return token

    def error(self, message: str, token: Token | None = None) -> FeelSyntaxError:
        token = token or self.token
        return FeelSyntaxError(message, self.text, token.start)

    def unexpected(self, wanted: str) -> FeelSyntaxError:
        token = self.token
        found = "end of expression" if token.kind is Kind.EOF else repr(self.text[token.start : token.end])
        return self.error(f"expected {wanted}, found {found}")

    def expect_op(self, op: str) -> Token:
        if not self.token.is_op(op):
            raise self.unexpected(repr(op))
        return self.advance()

    def expect_keyword(self, word: str) -> Token:
        if not self.token.is_keyword(word):
            raise self.unexpected(repr(word))
        return self.advance()

    def at_end(self) -> bool:
        return self.token.kind is Kind.EOF

    def finish(self) -> None:
        if not self.at_end():
            raise self.unexpected("an operator or the end of the expression")

    # -- entry points ----------------------------------------------------------------

    def parse_expression_text(self) -> ast.Node:
        if self.at_end():
            raise self.error("the expression is empty")
        node = self.expression()
        self.finish()
        return node

    def parse_unary_tests_text(self) -> ast.UnaryTests:
        start = self.token.start
        if self.at_end():
            return ast.UnaryTests(start, start, any=True)
        if self.token.is_op("-") and self.peek().kind is Kind.EOF:
            self.advance()
            return ast.UnaryTests(start, self.token.start, any=True)
        if self.token.kind is Kind.NAME and self.token.text == "not" and self.peek().is_op("("):
            saved = self.index
            try:
                self.advance()
                self.advance()
                tests = self.positive_unary_tests()
                self.expect_op(")")
                self.finish()
                return ast.UnaryTests(start, self.tokens[self.index - 1].end, tests, negated=True)
            except FeelSyntaxError:
                self.index = saved
        tests = self.positive_unary_tests()
        self.finish()
        return ast.UnaryTests(start, self.tokens[self.index - 1].end, tests)

    def positive_unary_tests(self) -> list[ast.UnaryTest]:
        tests = [self.positive_unary_test()]
        while self.token.is_op(","):
            self.advance()
            tests.append(self.positive_unary_test())
        return tests

    def positive_unary_test(self) -> ast.UnaryTest:
        start = self.token.start
        op: str | None = None
        if self.token.kind is Kind.OP and self.token.text in _TEST_OPERATORS:
            op = self.advance().text
            operand = self.additive()
        else:
            operand = self.expression()
        return ast.UnaryTest(start, operand.end, op, operand)

    # -- expressions -----------------------------------------------------------------

    def expression(self) -> ast.Node:
        return self.binary(_OR)

    def binary(self, minimum: int) -> ast.Node:
        """Operators of at least ``minimum`` precedence, all left associative (precedence climbing)."""
        left = self.unary()
        while True:
            token = self.token
            precedence = _precedence(token)
            if precedence is None or precedence < minimum:
                return left
            if token.kind is Kind.KEYWORD and token.text not in ("and", "or"):
                left = self.special_comparison(left)
                continue
            self.advance()
            right = self.binary(precedence + 1)
            left = ast.Binary(left.start, right.end, token.text, left, right)

    def additive(self) -> ast.Node:
        """An operand of a comparison: arithmetic and tighter."""
        return self.binary(_ADDITIVE)

    def special_comparison(self, left: ast.Node) -> ast.Node:
        """``between``, ``in`` and ``instance of`` (at the level of comparisons)."""
        token = self.advance()
        if token.text == "between":
            low = self.additive()
            self.expect_keyword("and")
            high = self.additive()
            return ast.Between(left.start, high.end, left, low, high)
        if token.text == "in":
            tests = self.in_tests()
            return ast.In(left.start, tests[-1].end, left, tests)
        self.expect_keyword("of")
        type_start = self.token.start
        _, self.index = parse_type_tokens(self.text, self.tokens, self.index)
        type_text = self.text[type_start : self.tokens[self.index - 1].end]
        return ast.InstanceOf(left.start, self.tokens[self.index - 1].end, left, type_text)

    def in_tests(self) -> list[ast.UnaryTest]:
        """The right side of ``in``: one positive unary test or a parenthesised list of them."""
        if self.token.is_op("("):
            saved = self.index
            try:
                self.advance()
                tests = self.positive_unary_tests()
                self.expect_op(")")
                return tests
            except FeelSyntaxError:
                # Not a list of tests: a range such as ``(1..5]`` or a parenthesised expression.
                self.index = saved
        return [self.in_single_test()]

    def in_single_test(self) -> ast.UnaryTest:
        start = self.token.start
        op: str | None = None
        if self.token.kind is Kind.OP and self.token.text in _TEST_OPERATORS:
            op = self.advance().text
        operand = self.additive()
        return ast.UnaryTest(start, operand.end, op, operand)

    def unary(self) -> ast.Node:
        if self.token.is_op("-"):
            start = self.advance().start
            operand = self.unary()
            return ast.Unary(start, operand.end, "-", operand)
        return self.postfix()

    def postfix(self) -> ast.Node:
        node = self.primary()
        while True:
            if self.token.is_op("."):
                self.advance()
                name, end = self.path_name()
                node = ast.Path(node.start, end, node, name)
            elif self.token.is_op("[") and self.filters_allowed:
                self.advance()
                condition = self.expression()
                end = self.expect_op("]").end
                node = ast.Filter(node.start, end, node, condition)
            elif self.token.is_op("("):
                node = self.call(node)
            else:
                return node

    def path_name(self) -> tuple[str, int]:
        token = self.token
        if token.kind not in (Kind.NAME, Kind.KEYWORD):
            raise self.unexpected("a name after '.'")
        last = self.name_end()
        end = self.tokens[last].end
        self.index = last + 1
        return self.names.spelling(normalize(self.text[token.start : end])), end

    def name_end(self) -> int:
        """Index of the last token of the name starting at the current token.

        The longest name known in scope wins; a longer run of plain words and
        numbers (``first name``, ``Extra days case 1``) is taken as one unknown name,
        as a name followed by a word is never valid FEEL otherwise.
        """
        known = self.names.longest_match(self.text, self.tokens, self.index)
        last = self.index if known is None else known
        run = self.index
        while self.tokens[run + 1].kind in (Kind.NAME, Kind.NUMBER):
            run += 1
        return max(last, run)

    def call(self, callee: ast.Node) -> ast.Call:
        self.expect_op("(")
        args: list[ast.Node] = []
        named: list[tuple[str, ast.Node]] = []
        while not self.token.is_op(")"):
            if args or named:
                self.expect_op(",")
            name = self.argument_name()
            if name is not None:
                if args:
                    raise self.error("positional and named arguments cannot be mixed")
                named.append((name, self.expression()))
            else:
                if named:
                    raise self.error("positional and named arguments cannot be mixed")
                args.append(self.expression())
        end = self.advance().end
        return ast.Call(callee.start, end, callee, args, named or None)

    def argument_name(self) -> str | None:
        """If the next tokens are ``name :``, consume them and return the name."""
        index = self.index
        while can_be_in_name(self.tokens[index]):
            index += 1
        if index == self.index or not self.tokens[index].is_op(":"):
            return None
        name = normalize(self.text[self.token.start : self.tokens[index - 1].end])
        self.index = index + 1
        return name

    # -- primaries -------------------------------------------------------------------

    def primary(self) -> ast.Node:
        token = self.token
        kind = token.kind
        if kind is Kind.NUMBER:
            self.advance()
            return ast.Literal(token.start, token.end, number(token.text))
        if kind is Kind.STRING:
            self.advance()
            return ast.Literal(token.start, token.end, token.text)
        if kind is Kind.AT:
            self.advance()
            return ast.TemporalLiteral(token.start, token.end, token.text)
        if kind is Kind.NAME:
            return self.name()
        if kind is Kind.KEYWORD:
            return self.keyword_primary()
        if kind is Kind.OP:
            text = token.text
            if text == "(":
                return self.parenthesised()
            if text == "[":
                return self.list_or_range()
            if text == "]":
                return self.range_after_open(self.advance(), included=False)
            if text == "{":
                return self.context()
            if text in ("=", "!="):
                # ``=10`` and ``!=10`` as range literals (grammar rule 7.a): the endpoints are
                # both 10, included for ``=`` and excluded for ``!=``.
                self.advance()
                operand = self.additive()
                included = text == "="
                return ast.RangeNode(token.start, operand.end, operand, operand, included, included)
            if text in ("<", "<=", ">", ">="):
                self.advance()
                operand = self.additive()
                if text.startswith("<"):
                    return ast.RangeNode(token.start, operand.end, None, operand, False, text == "<=")
                return ast.RangeNode(token.start, operand.end, operand, None, text == ">=", False)
        raise self.unexpected("an expression")

    def keyword_primary(self) -> ast.Node:
        token = self.token
        word = token.text
        last = self.names.longest_match(self.text, self.tokens, self.index)
        if last is not None and last > self.index:
            return self.name()
        if word in ("true", "false"):
            self.advance()
            return ast.Literal(token.start, token.end, word == "true")
        if word == "null":
            self.advance()
            return ast.Literal(token.start, token.end, None)
        if word == "if":
            return self.if_expression()
        if word == "for":
            return self.for_expression()
        if word in ("some", "every"):
            return self.quantified()
        if word == "function":
            return self.function_definition()
        raise self.unexpected("an expression")

    def name(self) -> ast.Name:
        token = self.token
        last = self.name_end()
        self.index = last + 1
        end = self.tokens[last].end
        return ast.Name(token.start, end, self.names.spelling(normalize(self.text[token.start : end])))

    def declared_name(self, *stops: str) -> tuple[str, int]:
        """A name being declared (context key, parameter, iteration variable) up to a stop token."""
        first = self.token
        if first.kind is Kind.STRING:
            self.advance()
            self.names.add(first.text)
            return first.text, first.end
        index = self.index
        while can_be_in_name(self.tokens[index]) and not (
            self.tokens[index].text in stops
            and self.tokens[index].kind is not Kind.NAME
            and index > self.index
        ):
            index += 1
        if index == self.index:
            raise self.unexpected("a name")
        end = self.tokens[index - 1].end
        name = normalize(self.text[first.start : end])
        self.index = index
        self.names.add(name)
        return name, end

    def parenthesised(self) -> ast.Node:
        open_token = self.advance()
        inner = self.expression()
        if self.token.is_op(".."):
            return self.range_rest(open_token, False, inner)
        self.expect_op(")")
        return inner

    def list_or_range(self) -> ast.Node:
        open_token = self.advance()
        if self.token.is_op("]"):
            return ast.ListNode(open_token.start, self.advance().end, [])
        first = self.expression()
        if self.token.is_op(".."):
            return self.range_rest(open_token, True, first)
        items = [first]
        while self.token.is_op(","):
            self.advance()
            items.append(self.expression())
        end = self.expect_op("]").end
        return ast.ListNode(open_token.start, end, items)

    def range_after_open(self, open_token: Token, included: bool) -> ast.RangeNode:
        low = self.expression()
        if not self.token.is_op(".."):
            raise self.unexpected("'..' in range")
        return self.range_rest(open_token, included, low)

    def range_rest(self, open_token: Token, low_included: bool, low: ast.Node) -> ast.RangeNode:
        self.expect_op("..")
        saved = self.index
        try:
            high: ast.Node | None = self.expression()
        except FeelSyntaxError:
            high = None
        if high is None or not self.token.is_op("]", ")", "["):
            # ``]1..10[``: the closing '[' was read as the start of a filter; read again without filters.
            self.index = saved
            self.filters_allowed = False
            try:
                high = self.expression()
            finally:
                self.filters_allowed = True
        close = self.token
        if not close.is_op("]", ")", "["):
            raise self.unexpected("']', ')' or '[' to close the range")
        self.advance()
        return ast.RangeNode(open_token.start, close.end, low, high, low_included, close.text == "]")

    def context(self) -> ast.ContextNode:
        open_token = self.advance()
        entries: list[tuple[str, ast.Node]] = []
        while not self.token.is_op("}"):
            if entries:
                self.expect_op(",")
            key_token = self.token
            key, _ = self.declared_name(":")
            if any(key == existing for existing, _ in entries):
                raise self.error(f"duplicate context entry {key!r}", key_token)
            self.expect_op(":")
            entries.append((key, self.expression()))
        end = self.advance().end
        return ast.ContextNode(open_token.start, end, entries)

    def if_expression(self) -> ast.If:
        start = self.advance().start
        condition = self.expression()
        self.expect_keyword("then")
        then = self.expression()
        self.expect_keyword("else")
        otherwise = self.expression()
        return ast.If(start, otherwise.end, condition, then, otherwise)

    def iterations(self) -> list[ast.Iteration]:
        iterations: list[ast.Iteration] = []
        while True:
            name, _ = self.declared_name("in", "return", "satisfies")
            self.expect_keyword("in")
            source = self.expression()
            upper: ast.Node | None = None
            if self.token.is_op(".."):
                self.advance()
                upper = self.expression()
            iterations.append(ast.Iteration(name, source, upper))
            if not self.token.is_op(","):
                return iterations
            self.advance()

    def for_expression(self) -> ast.For:
        start = self.advance().start
        self.names.add("partial")
        iterations = self.iterations()
        self.expect_keyword("return")
        body = self.expression()
        return ast.For(start, body.end, iterations, body)

    def quantified(self) -> ast.Quantified:
        token = self.advance()
        iterations = self.iterations()
        self.expect_keyword("satisfies")
        condition = self.expression()
        return ast.Quantified(token.start, condition.end, token.text == "every", iterations, condition)

    def function_definition(self) -> ast.FunctionDef:
        start = self.advance().start
        self.expect_op("(")
        params: list[tuple[str, str | None]] = []
        while not self.token.is_op(")"):
            if params:
                self.expect_op(",")
            name, _ = self.declared_name(":", ",", ")")
            type_text: str | None = None
            if self.token.is_op(":"):
                self.advance()
                type_start = self.token.start
                _, self.index = parse_type_tokens(self.text, self.tokens, self.index)
                type_text = self.text[type_start : self.tokens[self.index - 1].end]
            params.append((name, type_text))
        self.advance()
        if self.token.is_keyword("external"):
            self.advance()
            body = self.expression()
            return ast.FunctionDef(start, body.end, params, body, external=True)
        body = self.expression()
        return ast.FunctionDef(start, body.end, params, body)


def parse_expression(text: str, names: Iterable[str] = (), base: NameTable | None = None) -> ast.Node:
    return Parser(text, names, base).parse_expression_text()


def parse_unary_tests(text: str, names: Iterable[str] = (), base: NameTable | None = None) -> ast.UnaryTests:
    return Parser(text, names, base).parse_unary_tests_text()
