from enum import StrEnum

class ServiceKindEnum(StrEnum):
    FIXED = "fixed"
    METERED = "metered"

    def __str__(self) -> str:
        return str(self.value)
