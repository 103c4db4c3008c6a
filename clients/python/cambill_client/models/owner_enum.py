from enum import StrEnum

class OwnerEnum(StrEnum):
    CLOUD = "cloud"
    PROVIDER = "provider"

    def __str__(self) -> str:
        return str(self.value)
