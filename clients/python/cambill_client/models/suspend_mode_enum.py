from enum import StrEnum

class SuspendModeEnum(StrEnum):
    DISABLE_STREAMS = "disable_streams"
    DISABLE_USERS = "disable_users"

    def __str__(self) -> str:
        return str(self.value)
