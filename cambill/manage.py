"""The ``cambill`` console script: Django's manage.py.

Commands are documented with hyphens (``cambill bill-run``); Django modules
use underscores, so a hyphenated first argument is mapped to its module name.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
