from enum import StrEnum

class StatementOutStatusEnum(StrEnum):
    DUE = "due"
    NOTHING_DUE = "nothing due"
    PAID = "paid"
    PARTLY_PAID = "partly paid"

    def __str__(self) -> str:
        return str(self.value)
