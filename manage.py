#!/usr/bin/env python
"""Django's command-line entry point for the portal (``python manage.py …``)."""

import os
import sys

# Commands that read only the code, never the data a secret key signs: they run without
# DJANGO_SECRET_KEY in production mode (portal/settings.py gives them a throw-away key).
CODE_TOOLS = {"check", "makemigrations", "makemessages", "compilemessages", "help", "version"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_TOOLS:
        os.environ.setdefault("PORTAL_CODE_TOOL", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
