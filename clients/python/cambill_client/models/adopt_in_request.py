from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.adopt_item_in_request import AdoptItemInRequest





T = TypeVar("T", bound="AdoptInRequest")



@_attrs_define
class AdoptInRequest:
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
            organizations (list[AdoptItemInRequest]): The organizations to adopt, each linked to or creating an account.
     """

    organizations: list[AdoptItemInRequest]





    def to_dict(self) -> dict[str, Any]:
        from ..models.adopt_item_in_request import AdoptItemInRequest # noqa: PLC0415
        organizations = []
        for organizations_item_data in self.organizations:
            organizations_item = organizations_item_data.to_dict()
            organizations.append(organizations_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "organizations": organizations,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.adopt_item_in_request import AdoptItemInRequest # noqa: PLC0415
        d = dict(src_dict)
        organizations = []
        _organizations = d.pop("organizations")
        for organizations_item_data in (_organizations):
            organizations_item = AdoptItemInRequest.from_dict(organizations_item_data)



            organizations.append(organizations_item)


        adopt_in_request = cls(
            organizations=organizations,
        )

        return adopt_in_request

