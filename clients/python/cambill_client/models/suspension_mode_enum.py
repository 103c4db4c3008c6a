from enum import StrEnum

class SuspensionModeEnum(StrEnum):
    AUTO = "auto"
    CONFIRM = "confirm"

    def __str__(self) -> str:
        return str(self.value)
