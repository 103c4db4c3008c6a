from enum import StrEnum

class SuspendedDaysEnum(StrEnum):
    BILL = "bill"
    SKIP = "skip"

    def __str__(self) -> str:
        return str(self.value)
