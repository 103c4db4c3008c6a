from enum import StrEnum

class KindEdfEnum(StrEnum):
    FIXED = "fixed"
    METERED = "metered"

    def __str__(self) -> str:
        return str(self.value)
