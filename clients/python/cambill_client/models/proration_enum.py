from enum import StrEnum

class ProrationEnum(StrEnum):
    DAY = "day"
    SECOND = "second"

    def __str__(self) -> str:
        return str(self.value)
