"""``cambill create-user --username U --password P --role ROLE [--cloud SLUG] [--account CODE] [--agent CODE]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cambill.accounts.roles import Role
from cambill.accounts.services import user_create
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a user with one role (cloud roles need --cloud; subscribers --account; agents --agent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--cloud", help="cloud slug (cloud roles)")
        parser.add_argument("--account", help="account code (subscriber)")
        parser.add_argument("--agent", help="agent code (agent)")

    def handle(self, *args: Any, **opts: Any) -> None:
        from cambill.clouds.models import Account, Cloud
        from cambill.referrals.models import Agent

        cloud = account = agent = None
        if opts["cloud"]:
            cloud = Cloud.objects.filter(slug=opts["cloud"]).first()
            if cloud is None:
                raise CommandError(f"No cloud '{opts['cloud']}'.")
        if opts["account"]:
            if cloud is None:
                raise CommandError("--account needs --cloud.")
            account = Account.objects.filter(cloud=cloud, code=opts["account"]).first()
            if account is None:
                raise CommandError(f"No account '{opts['account']}' in cloud '{cloud.slug}'.")
        if opts["agent"]:
            if cloud is None:
                raise CommandError("--agent needs --cloud.")
            agent = Agent.objects.filter(cloud=cloud, code=opts["agent"]).first()
            if agent is None:
                raise CommandError(f"No agent '{opts['agent']}' in cloud '{cloud.slug}'.")
        try:
            user = user_create(
                actor=SYSTEM,
                username=opts["username"],
                password=opts["password"],
                role=opts["role"],
                email=opts["email"],
                cloud=cloud,
                account=account,
                agent=agent,
            )
        except DomainError as e:
            detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in e.fields.items())
            raise CommandError(f"{e.message}{' (' + detail + ')' if detail else ''}") from None
        self.stdout.write(f"Created user {user.username} ({user.role}).")
