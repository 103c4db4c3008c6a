from enum import StrEnum

class KindAadEnum(StrEnum):
    RETAIL = "retail"
    WHOLESALE = "wholesale"

    def __str__(self) -> str:
        return str(self.value)
