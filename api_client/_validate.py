"""A small validator from JSON into frozen dataclasses, and back.

Pydantic would cost the CLI's start-up budget, so this walks dataclass fields and their type
hints itself. It knows exactly the shapes our models use: str, int, float, bool, None,
Optional/unions, Literal, list[...], dict[str, ...], datetime (RFC 3339), nested and generic
dataclasses. Unknown fields are ignored (the server may grow); anything missing or mistyped
raises :class:`InvalidResponseError` naming the path, so a caller never sees a KeyError.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from .errors import InvalidResponseError

T = TypeVar("T")

_MISSING = object()
# Per (class, type-arguments) cache of resolved field hints: get_type_hints is slow.
_hints_cache: dict[Any, list[tuple[str, Any, bool]]] = {}


@typing.overload
def parse(tp: type[T], data: object, *, request_id: str | None = None) -> T: ...
@typing.overload
def parse(tp: Any, data: object, *, request_id: str | None = None) -> Any: ...


def parse(tp: Any, data: object, *, request_id: str | None = None) -> Any:
    """Validate ``data`` (decoded JSON) as ``tp``; raise InvalidResponseError on mismatch."""
    try:
        return _convert(tp, data, "$")
    except _Mismatch as exc:
        raise InvalidResponseError(
            f"invalid response: {exc.path}: {exc.reason}",
            field=exc.path,
            request_id=request_id,
        ) from None


class _Mismatch(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason


def _describe(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array",
            dict: "object"}.get(type(value), type(value).__name__)


def _convert(tp: Any, value: object, path: str) -> object:
    if tp is str:
        if isinstance(value, str):
            return value
        raise _Mismatch(path, f"expected string, got {_describe(value)}")
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise _Mismatch(path, f"expected boolean, got {_describe(value)}")
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _Mismatch(path, f"expected integer, got {_describe(value)}")
    if tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise _Mismatch(path, f"expected number, got {_describe(value)}")
    if tp is datetime:
        return _datetime(value, path)
    if tp is type(None):
        if value is None:
            return None
        raise _Mismatch(path, f"expected null, got {_describe(value)}")
    if tp is Any or tp is object:
        return value
    origin = get_origin(tp)
    if origin is Literal:
        allowed = get_args(tp)
        if value in allowed and type(value) in {type(a) for a in allowed}:
            return value
        raise _Mismatch(path, f"expected one of {', '.join(map(repr, allowed))}, got {value!r}")
    if origin is Union or origin is types.UnionType:
        return _union(get_args(tp), value, path)
    if origin is list:
        if not isinstance(value, list):
            raise _Mismatch(path, f"expected array, got {_describe(value)}")
        (item_tp,) = get_args(tp) or (Any,)
        return [_convert(item_tp, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise _Mismatch(path, f"expected object, got {_describe(value)}")
        _key_tp, val_tp = get_args(tp) or (str, Any)
        return {str(k): _convert(val_tp, v, f"{path}.{k}") for k, v in value.items()}
    cls = origin if origin is not None else tp
    if dataclasses.is_dataclass(cls) and isinstance(cls, type):
        return _dataclass(tp, cls, value, path)
    raise TypeError(f"api_client validator cannot handle type {tp!r}")  # a bug in models.py


def _union(options: tuple[Any, ...], value: object, path: str) -> object:
    if value is None:
        if type(None) in options:
            return None
        raise _Mismatch(path, "expected a value, got null")
    candidates = [o for o in options if o is not type(None)]
    if len(candidates) == 1:
        return _convert(candidates[0], value, path)
    first: _Mismatch | None = None
    for option in candidates:
        try:
            return _convert(option, value, path)
        except _Mismatch as exc:
            first = first or exc
    assert first is not None
    raise first


def _datetime(value: object, path: str) -> datetime:
    if not isinstance(value, str):
        raise _Mismatch(path, f"expected RFC 3339 timestamp, got {_describe(value)}")
    text = value.strip()
    if len(text) < 19 or text[10] not in "Tt ":
        raise _Mismatch(path, f"expected RFC 3339 timestamp, got {value!r}")
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise _Mismatch(path, f"expected RFC 3339 timestamp, got {value!r}") from None
    if parsed.tzinfo is None:
        raise _Mismatch(path, f"timestamp without a UTC offset: {value!r}")
    return parsed


def _field_hints(tp: Any, cls: type) -> list[tuple[str, Any, bool]]:
    cached = _hints_cache.get(tp)
    if cached is not None:
        return cached
    module = sys.modules.get(cls.__module__)
    hints = typing.get_type_hints(cls, vars(module) if module else None)
    substitutions: dict[Any, Any] = {}
    if get_origin(tp) is not None:
        params = getattr(cls, "__parameters__", ())
        substitutions = dict(zip(params, get_args(tp), strict=False))
    fields = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        hint = _substitute(hints[f.name], substitutions) if substitutions else hints[f.name]
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        fields.append((f.name, hint, has_default))
    _hints_cache[tp] = fields
    return fields


def _substitute(tp: Any, subs: dict[Any, Any]) -> Any:
    if isinstance(tp, TypeVar):
        return subs.get(tp, Any)
    args = get_args(tp)
    origin = get_origin(tp)
    if not args or origin is None or origin is Literal:
        return tp
    new_args = tuple(_substitute(a, subs) for a in args)
    if origin is types.UnionType or origin is Union:
        return Union[new_args]  # noqa: UP007 - building a union from a tuple at run time
    return origin[new_args] if len(new_args) > 1 else origin[new_args[0]]


def _dataclass(tp: Any, cls: type, value: object, path: str) -> object:
    if not isinstance(value, dict):
        raise _Mismatch(path, f"expected object, got {_describe(value)}")
    kwargs: dict[str, object] = {}
    for name, hint, has_default in _field_hints(tp, cls):
        raw = value.get(name, _MISSING)
        sub = f"{path}.{name}" if path != "$" else name
        if raw is _MISSING:
            if has_default:
                continue
            raise _Mismatch(sub, "required field is missing")
        kwargs[name] = _convert(hint, raw, sub)
    return cls(**kwargs)


def to_dict(obj: object) -> dict[str, Any]:
    """A JSON-ready dict of a model: nested models become dicts, datetimes RFC 3339 ``Z``."""
    if not (dataclasses.is_dataclass(obj) and not isinstance(obj, type)):
        raise TypeError(f"to_dict expects a model instance, got {type(obj).__name__}")
    result = _plain(obj)
    assert isinstance(result, dict)
    return result


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return format_timestamp(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def format_timestamp(value: datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` suffix, as the API writes them."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"
