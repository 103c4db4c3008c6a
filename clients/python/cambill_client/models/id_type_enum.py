from enum import StrEnum

class IdTypeEnum(StrEnum):
    VALUE_0 = "11"
    VALUE_1 = "12"
    VALUE_10 = "50"
    VALUE_11 = "91"
    VALUE_2 = "13"
    VALUE_3 = "21"
    VALUE_4 = "22"
    VALUE_5 = "31"
    VALUE_6 = "41"
    VALUE_7 = "42"
    VALUE_8 = "47"
    VALUE_9 = "48"

    def __str__(self) -> str:
        return str(self.value)
