"""Render ``docs/roles.md`` from the permission registry.

``cambill roles_doc --write`` rewrites the file; tests/core/test_roles.py fails
when the committed file and this output differ, so the document can never
drift from :data:`cambill.core.permissions.REGISTRY`.
"""

from __future__ import annotations

from cambill.accounts.roles import Role

from .permissions import REGISTRY

INTRO = """\
# Roles and what each may do

<!-- Generated from cambill/core/permissions.py by `cambill roles_doc --write`;
     do not edit by hand (tests/core/test_roles.py compares the two). -->

cambill has eight levels of access. A user holds exactly one role. Provider
roles work across clouds; every other role is tied to one cloud by a
membership (and a subscriber to one account, an agent to its agent record).

Three things decide whether an actor may do something, all in one registry
(`cambill/core/permissions.py`, `REGISTRY`), asked the same way by services,
selectors, the API and the pages (`actor.can(action, obj)`,
`require(actor, action, obj)`):

1. **The matrix** below: may this role attempt this action at all? If not,
   the answer is 403 and nothing changes.
2. **The object predicate** of the action (the table after the matrix): may
   it do so to *this* object (this invoice, this cloud, this account)?
3. **The scope** (code: the `selectors.py` of each domain): which objects the
   actor can reach. Anything outside it is answered exactly like something
   that does not exist (404), so nobody can probe another tenant's codes.

| role | scope |
| --- | --- |
| `provider_admin` | everything; the only role that creates clouds, services, provider tariffs and provider staff, and browses the audit log |
| `provider_accountant` | every cloud, read-only catalogue; invoices, credit notes and reports |
| `provider_manager` | only the clouds whose responsible manager it is; read-only |
| `cloud_admin` | its cloud: tariffs, accounts, cameras, agents, cloud users, retail invoices |
| `account_manager` | in its cloud, only the accounts it is responsible for and their cameras |
| `cloud_accountant` | its cloud's accounts, cameras and invoices; no writes on the catalogue |
| `subscriber` | its own account, its cameras and invoices |
| `agent` | the accounts it brought (it can create accounts, attributed to itself) and its own downline of agents |
"""

NOTES = """\
Notes on scope inside an allowed action:

- `cloud.view` shows the cloud record, which carries the wholesale terms
  (discount, individual prices): provider staff and cloud staff only;
  subscribers and agents reach their cloud's nested resources without it.
- `account.create` by an account manager makes it the account's manager; by an
  agent attributes the account to that agent. An agent cannot attribute an
  account to another agent, nor choose its account manager (the API refuses
  `account_manager` from an agent with 403; the page does not offer the field);
  the cloud admin assigns one.
- `account.edit` and `camera.manage` by an account manager apply only to its
  own accounts; a cloud admin reassigns accounts.
- `tariff.manage`: a cloud admin manages its cloud's tariffs; provider tariffs
  (offered to clouds) only a provider admin.
- `user.manage`: a cloud admin creates users of its own cloud only (cloud
  roles, subscriber users, agent users); provider staff only a provider admin.
- `user.two_factor_reset`: only a provider admin turns off another user's
  second factor (authenticator and recovery codes), for someone who lost both;
  the user then enrols again at the next sign-in, and the reset is in the audit
  log. Everyone else replaces its own authenticator only from a session that
  passed the second factor (a code or a recovery code).
- `invoice.*`: wholesale invoices are provider documents (provider admin and
  accountant manage them; a cloud's admin and accountant read their own);
  retail invoices are the cloud's (its admin and accountant manage them;
  account managers and subscribers read the ones in their scope).
- `billrun.*` and `cost.view`: bill runs, wholesale cost and margin are the
  business of the cloud's staff and the provider's, never of subscribers,
  agents or account managers.
- `payment.*`: retail money (a subscriber paying its cloud) is the cloud's
  business, wholesale money (a cloud paying the provider) the provider's;
  gateway keys, dunning and outbound webhooks are configured by the cloud's
  admin or the provider admin (`payment.configure`). A payment action on a
  cloud outside the actor's reach answers 404.
- `dashboard.*`: the provider dashboard is for provider staff (a manager sees
  its clouds only); a cloud's dashboard for its staff, an account manager's
  limited to its own accounts, wholesale cost and margin only for the roles
  that may see costs. `dashboard.refresh` recomputes the precomputed figures
  (docs/metrics.md) of the clouds in scope.
- `usage.*`: raw usage events, the unmatched list and the late-usage report
  are operational data of a whole cloud: its admin and accountant and the
  provider staff read them (`usage.view`); a cloud's admin (for its own
  cloud) or a provider admin sends events (`usage.ingest`); only a provider
  admin defines meters and metered services (`usage.manage`, a cloud admin
  prices metered extras of its tariffs with `tariff.manage`); whoever manages
  invoices marks late usage as settled by hand (`usage.settle`).
- `watcher.*`: the Watcher connection, sync jobs and the Agent device upload
  are an integration of the cloud (its admin or the provider admin); the sync
  status and outbox are read by provider and cloud staff, not by subscribers.
"""


def render() -> str:
    roles = list(Role)
    out = [INTRO, "## The matrix", ""]
    out.append("| action | " + " | ".join(r.value for r in roles) + " |")
    out.append("| --- |" + " --- |" * len(roles))
    for action, rule in REGISTRY.items():
        cells = ["yes" if r in rule.roles else "-" for r in roles]
        out.append(f"| `{action}` | " + " | ".join(cells) + " |")
    out += [
        "",
        "## Object predicates",
        "",
        "With an object, an allowed role must also pass the action's predicate;",
        "actions not listed here have none (the selectors' scope decides). The clouds",
        "an actor *reaches*: every cloud for the provider admin and accountant (and",
        "the system), the clouds it is responsible for for a provider manager, the",
        "cloud of its membership for every cloud role (`cambill.core.predicates.in_cloud`).",
        "",
        "| action | allowed on an object when | otherwise |",
        "| --- | --- | --- |",
    ]
    for action, rule in REGISTRY.items():
        if rule.when is None:
            continue
        otherwise = f"404 (no such {rule.hide})" if rule.hide else "403"
        out.append(f"| `{action}` | {rule.when.label} | {otherwise} |")
    out += ["", NOTES]
    return "\n".join(out)
