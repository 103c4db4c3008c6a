from enum import StrEnum

class ProviderGatewayOutSourceEnum(StrEnum):
    ENVIRONMENT = "environment"
    NONE = "none"
    RECORD = "record"

    def __str__(self) -> str:
        return str(self.value)
