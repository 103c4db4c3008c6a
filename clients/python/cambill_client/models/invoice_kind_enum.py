from enum import StrEnum

class InvoiceKindEnum(StrEnum):
    RETAIL = "retail"
    WHOLESALE = "wholesale"

    def __str__(self) -> str:
        return str(self.value)
