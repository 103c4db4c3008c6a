"""Settings for the test suite: the real settings with a fast password hasher
(Argon2 is deliberately slow and would dominate hundreds of user fixtures)."""

from .settings import *  # noqa: F403
from .settings import PASSWORD_HASHERS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
