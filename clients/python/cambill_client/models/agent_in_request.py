from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AgentInRequest")



@_attrs_define
class AgentInRequest:
    """ A request body: known keys only, shapes only, JSON types as the schema says.

    An unknown (or read-only) key is refused with a clear message instead of
    being silently dropped: a client that misspells ``discount_percnt`` must
    learn it changed nothing. ``hints`` adds a pointer for keys that are read
    elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

    A value of another JSON type than its field's is refused (``"yes"`` for a
    boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
    strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
    number, as the schema documents.

        Attributes:
            name (str):
            code (str):
            email (str | Unset):
            parent (None | str | Unset): Parent agent code
            rate_percent (float | None | str | Unset):
            active (bool | Unset):
     """

    name: str
    code: str
    email: str | Unset = UNSET
    parent: None | str | Unset = UNSET
    rate_percent: float | None | str | Unset = UNSET
    active: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        code = self.code

        email = self.email

        parent: None | str | Unset
        if isinstance(self.parent, Unset):
            parent = UNSET
        else:
            parent = self.parent

        rate_percent: float | None | str | Unset
        if isinstance(self.rate_percent, Unset):
            rate_percent = UNSET
        else:
            rate_percent = self.rate_percent

        active = self.active


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "code": code,
        })
        if email is not UNSET:
            field_dict["email"] = email
        if parent is not UNSET:
            field_dict["parent"] = parent
        if rate_percent is not UNSET:
            field_dict["rate_percent"] = rate_percent
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        code = d.pop("code")

        email = d.pop("email", UNSET)

        def _parse_parent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent = _parse_parent(d.pop("parent", UNSET))


        def _parse_rate_percent(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        rate_percent = _parse_rate_percent(d.pop("rate_percent", UNSET))


        active = d.pop("active", UNSET)

        agent_in_request = cls(
            name=name,
            code=code,
            email=email,
            parent=parent,
            rate_percent=rate_percent,
            active=active,
        )

        return agent_in_request

