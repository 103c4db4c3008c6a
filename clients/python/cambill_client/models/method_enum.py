from enum import StrEnum

class MethodEnum(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    CASH = "cash"

    def __str__(self) -> str:
        return str(self.value)
