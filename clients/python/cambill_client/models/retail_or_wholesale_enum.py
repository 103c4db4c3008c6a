from enum import StrEnum

class RetailOrWholesaleEnum(StrEnum):
    RETAIL = "retail"
    WHOLESALE = "wholesale"

    def __str__(self) -> str:
        return str(self.value)
