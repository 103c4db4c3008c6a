from enum import StrEnum

class CloudsAgentsStatementsListLang(StrEnum):
    EN = "en"
    ES = "es"
    PT_BR = "pt-br"

    def __str__(self) -> str:
        return str(self.value)
