from enum import StrEnum

class LevelEnum(StrEnum):
    RETAIL = "retail"
    WHOLESALE = "wholesale"

    def __str__(self) -> str:
        return str(self.value)
