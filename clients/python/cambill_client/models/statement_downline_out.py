from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StatementDownlineOut")



@_attrs_define
class StatementDownlineOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            level (int):
            base (str): An amount in the statement's currency, as a decimal string
            commission (str): An amount in the statement's currency, as a decimal string
            clawbacks (str): An amount in the statement's currency, as a decimal string
            agent (str): The downline agent's code
            name (str):
     """

    level: int
    base: str
    commission: str
    clawbacks: str
    agent: str
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        level = self.level

        base = self.base

        commission = self.commission

        clawbacks = self.clawbacks

        agent = self.agent

        name = self.name


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "level": level,
            "base": base,
            "commission": commission,
            "clawbacks": clawbacks,
            "agent": agent,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        base = d.pop("base")

        commission = d.pop("commission")

        clawbacks = d.pop("clawbacks")

        agent = d.pop("agent")

        name = d.pop("name")

        statement_downline_out = cls(
            level=level,
            base=base,
            commission=commission,
            clawbacks=clawbacks,
            agent=agent,
            name=name,
        )


        statement_downline_out.additional_properties = d
        return statement_downline_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
