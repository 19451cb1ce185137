"""Writer options, declared once: an attrs class per writer, whose fields carry the help text
and the choices that the command line builds its flags from (``--indent``, ``--ascii`` ...).

Importing this module (and each format's options) costs nothing: the CLI builds its parser
from them without loading any parser or writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs


def option(
    default: Any,
    help: str,
    *,
    choices: tuple[str, ...] = (),
    metavar: str | None = None,
    converter: Callable[[Any], Any] | None = None,
) -> Any:
    """An option field: its default, its help for ``--help``, its choices."""
    validator = None
    if choices:

        def validator(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
            if value not in choices:
                raise ValueError(
                    f"{attribute.name} must be one of {', '.join(choices)}, not {value!r}"
                )

    elif isinstance(default, bool):  # `ascii="no"` is truthy: it would turn the option on

        def validator(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
            if not isinstance(value, bool):
                raise ValueError(f"{attribute.name} must be True or False, not {value!r}")

    return attrs.field(
        default=default,
        converter=converter,
        validator=validator,
        metadata={"help": help, "choices": choices, "metavar": metavar},
    )


def _indent(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 16:
        raise ValueError(f"indent must be a whole number from 0 to 16, not {value!r}")
    return value


@attrs.frozen
class JsonOptions:
    """Options of the JSON writers (pubkit JSON and CSL-JSON)."""

    indent: int = option(2, "JSON indentation (0: one line)", metavar="N", converter=_indent)


@attrs.frozen
class CslJsonOptions(JsonOptions):
    """The CSL-JSON writer's options. ``et_al_as_others``: end a truncated author list with
    the name "others", for pandoc."""

    et_al_as_others: bool = option(
        False,
        "CSL-JSON: end a truncated author list with the name 'others', which pandoc prints as "
        "et al. (Zotero and citeproc-js would take it for a person)",
    )


def split_names(value: str | Iterable[str]) -> frozenset[str]:
    """``"abstract,keywords"`` or ``{"abstract"}`` -> a set of lower-case names."""
    items = value.split(",") if isinstance(value, str) else value
    return frozenset(str(v).strip().lower() for v in items if str(v).strip())
