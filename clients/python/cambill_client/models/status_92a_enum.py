from enum import StrEnum

class Status92AEnum(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
