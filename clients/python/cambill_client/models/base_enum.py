from enum import StrEnum

class BaseEnum(StrEnum):
    ISSUED = "issued"
    PAID = "paid"

    def __str__(self) -> str:
        return str(self.value)
