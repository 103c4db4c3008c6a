from enum import StrEnum

class CameraStatusEnum(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
