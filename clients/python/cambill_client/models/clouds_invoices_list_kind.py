from enum import StrEnum

class CloudsInvoicesListKind(StrEnum):
    RETAIL = "retail"
    WHOLESALE = "wholesale"

    def __str__(self) -> str:
        return str(self.value)
