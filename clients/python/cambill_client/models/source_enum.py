from enum import StrEnum

class SourceEnum(StrEnum):
    PORTAL = "portal"
    SIGNUP = "signup"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
