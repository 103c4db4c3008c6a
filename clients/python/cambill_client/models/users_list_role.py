from enum import StrEnum

class UsersListRole(StrEnum):
    ACCOUNT_MANAGER = "account_manager"
    AGENT = "agent"
    CLOUD_ACCOUNTANT = "cloud_accountant"
    CLOUD_ADMIN = "cloud_admin"
    PROVIDER_ACCOUNTANT = "provider_accountant"
    PROVIDER_ADMIN = "provider_admin"
    PROVIDER_MANAGER = "provider_manager"
    SUBSCRIBER = "subscriber"

    def __str__(self) -> str:
        return str(self.value)
