from enum import StrEnum

class ServicesListKind(StrEnum):
    FIXED = "fixed"
    METERED = "metered"

    def __str__(self) -> str:
        return str(self.value)
