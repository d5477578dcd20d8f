"""Context built-ins (DMN 1.5 §10.3.4.10): get value, get entries, context put, context merge, and not()."""

from __future__ import annotations

from typing import Any

from opgave.dmn.feel.builtins import arguments as arg
from opgave.dmn.feel.builtins.signature import BuiltinFunction, builtin
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import type_name


@builtin("get value", "m, key")
def get_value(m: Any, key: Any) -> Any:
    return arg.context("get value", "m", m).get(arg.string("get value", "key", key))


@builtin("get entries", "m")
def get_entries(m: Any) -> list[dict[str, Any]]:
    return [{"key": key, "value": value} for key, value in arg.context("get entries", "m", m).items()]


def _put(context: dict[str, Any], keys: list[Any], value: Any) -> dict[str, Any]:
    key = keys[0]
    if not isinstance(key, str):
        raise FeelError(f"context put(): a key must be a string, not {type_name(key)}")
    out = dict(context)
    if len(keys) == 1:
        out[key] = value
        return out
    inner = out.get(key)
    if not isinstance(inner, dict):
        raise FeelError(
            f"context put(): the entry '{key}' is not a context, so '{keys[1]}' cannot be put in it"
        )
    out[key] = _put(inner, keys[1:], value)
    return out


@builtin("context put", "context, key, value", "context, keys, value")
def context_put(context: Any, key: Any, value: Any) -> dict[str, Any]:
    original = arg.context("context put", "context", context)
    keys = key if isinstance(key, list) else [key]
    if not keys:
        raise FeelError("context put(): the list of keys is empty")
    return _put(original, keys, value)


@builtin("context merge", "contexts")
def context_merge(contexts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in arg.as_list("context merge", "contexts", contexts):
        out.update(arg.context("context merge", "contexts", item))
    return out


@builtin("not", "negand")
def not_(negand: Any) -> bool | None:
    if isinstance(negand, bool):
        return not negand
    raise FeelError(f"not() takes a boolean, not {type_name(negand)}")


def _put_single_key(context: Any, key: Any, value: Any) -> dict[str, Any]:
    """``context put(context, key, value)`` when named: the key is one string, never a path."""
    original = arg.context("context put", "context", context)
    return _put(original, [arg.string("context put", "key", key)], value)


def _put_path(context: Any, keys: Any, value: Any) -> dict[str, Any]:
    """``context put(context, keys, value)`` when named: ``keys`` is a path of keys."""
    if not isinstance(keys, list):
        raise arg.bad("context put", "keys", "a list of strings", keys)
    if not keys:
        raise FeelError("context put(): the list of keys is empty")
    return _put(arg.context("context put", "context", context), keys, value)


FUNCTIONS: tuple[BuiltinFunction, ...] = (
    get_value,
    get_entries,
    context_put.with_named_impl("context, key, value", _put_single_key).with_named_impl(
        "context, keys, value", _put_path
    ),
    context_merge,
    not_,
)
