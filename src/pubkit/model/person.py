"""People and organizations that author works."""

from __future__ import annotations

import attrs

from pubkit.errors import InvalidValueError

# What sources write, as a last name, for "and more authors": BibTeX's `others`, "et al." ...
ET_AL = frozenset({"others", "et al.", "et al", "et. al.", "…", "..."})


def is_et_al(name: str) -> bool:
    """Whether ``name`` stands for "and more authors" rather than for a person."""
    return " ".join(name.split()).lower() in ET_AL


def _empty_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


@attrs.frozen
class Person:
    """A person (``given``, ``particle``, ``family``, ``suffix``) or an organization (``literal``).

    The parts are domain words, not BibTeX's first/von/last/jr: ``Bart van Merriënboer`` is
    given ``Bart``, particle ``van``, family ``Merriënboer``; ``DeepSeek-AI`` is a literal,
    which writers keep whole (BibTeX braces it so that it is never split or abbreviated).
    ``particle`` stays with the family name when only that is shown (``van Gogh``);
    ``dropping_particle`` is dropped then (``Ludwig van Beethoven`` -> ``Beethoven``), as CSL's
    non-dropping and dropping particles.
    """

    family: str | None = attrs.field(default=None, converter=_empty_to_none, kw_only=True)
    given: str | None = attrs.field(default=None, converter=_empty_to_none, kw_only=True)
    particle: str | None = attrs.field(default=None, converter=_empty_to_none, kw_only=True)
    dropping_particle: str | None = attrs.field(
        default=None, converter=_empty_to_none, kw_only=True
    )
    suffix: str | None = attrs.field(default=None, converter=_empty_to_none, kw_only=True)
    literal: str | None = attrs.field(default=None, converter=_empty_to_none, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.literal is not None:
            if any((self.family, self.given, self.particle, self.dropping_particle, self.suffix)):
                raise InvalidValueError(
                    f"{self.literal!r}: a literal name cannot also have name parts"
                )
        elif self.family is None and self.given is None:
            raise InvalidValueError("a name needs a family name, a given name or a literal")

    @property
    def is_organization(self) -> bool:
        return self.literal is not None

    @property
    def family_with_particle(self) -> str:
        """``van Merriënboer``: the family name as sorted and cited, or the literal."""
        if self.literal is not None:
            return self.literal
        return " ".join(p for p in (self.dropping_particle, self.particle, self.family) if p)

    def __str__(self) -> str:
        """The name as it is displayed: ``Bart van Merriënboer``, ``Martin Luther King, Jr.``."""
        if self.literal is not None:
            return self.literal
        parts = (self.given, self.dropping_particle, self.particle, self.family)
        text = " ".join(p for p in parts if p)
        return f"{text}, {self.suffix}" if self.suffix else text
