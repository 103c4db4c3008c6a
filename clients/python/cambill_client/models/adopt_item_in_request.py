from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.new_account_in_request import NewAccountInRequest





T = TypeVar("T", bound="AdoptItemInRequest")



@_attrs_define
class AdoptItemInRequest:
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
            id (int): The organization's id in Watcher.
            account (str | Unset): Link to this existing account.
            create_account (NewAccountInRequest | Unset): A request body: known keys only, shapes only, JSON types as the
                schema says.

                An unknown (or read-only) key is refused with a clear message instead of
                being silently dropped: a client that misspells ``discount_percnt`` must
                learn it changed nothing. ``hints`` adds a pointer for keys that are read
                elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

                A value of another JSON type than its field's is refused (``"yes"`` for a
                boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
                strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
                number, as the schema documents.
     """

    id: int
    account: str | Unset = UNSET
    create_account: NewAccountInRequest | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.new_account_in_request import NewAccountInRequest # noqa: PLC0415
        id = self.id

        account = self.account

        create_account: dict[str, Any] | Unset = UNSET
        if not isinstance(self.create_account, Unset):
            create_account = self.create_account.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
        })
        if account is not UNSET:
            field_dict["account"] = account
        if create_account is not UNSET:
            field_dict["create_account"] = create_account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_account_in_request import NewAccountInRequest # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        account = d.pop("account", UNSET)

        _create_account = d.pop("create_account", UNSET)
        create_account: NewAccountInRequest | Unset
        if isinstance(_create_account,  Unset):
            create_account = UNSET
        else:
            create_account = NewAccountInRequest.from_dict(_create_account)




        adopt_item_in_request = cls(
            id=id,
            account=account,
            create_account=create_account,
        )

        return adopt_item_in_request

