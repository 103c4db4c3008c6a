from enum import StrEnum

class RedemptionOutSourceEnum(StrEnum):
    PORTAL = "portal"
    SIGNUP = "signup"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
