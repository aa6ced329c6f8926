"""ACIQ: account inquiry — who, what is owed and how old, flags, contacts, what is in force."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.markup import escape
from textual.widgets import Static

from ar_tui.domain.aging import BUCKET_LABELS
from ar_tui.domain.display import format_amount, format_date, format_money, format_next_call
from ar_tui.domain.flags import flag_line
from ar_tui.domain.models import AccountView, OpenAction
from ar_tui.domain.privacy import shown_phone
from ar_tui.screens.account_base import AccountScreen
from ar_tui.services import accounts, contacts
from ar_tui.services.contacts import ContactWindow

RULE = "─" * 78


class AccountInquiry(AccountScreen):
    """The account at a glance."""

    CODE = "ACIQ"
    TITLE = "ACCOUNT INQUIRY"
    HELP = (
        "ACIQ shows one account: name and type, collector, flags (BKY bankruptcy, DISP\n"
        "dispute, RFRL referred, LEGAL with counsel, C&D cease communication, ATTY\n"
        "attorney represented, WO written off, PROM promise, PLAN payment plan), the\n"
        "balance and its aging at the business date, contacts, policies and the\n"
        "actions in force. LOCAL is the customer's time now; NEXT CALL when the contact\n"
        "rules next allow a call (NOW, a time, a date, NOT ALLOWED). PF11 shows the open\n"
        "items (ITEM), PF10 the history (HIST)."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="aciq")

    def refresh_data(self) -> None:
        async def job() -> None:
            session = self.ar_app.session
            found = await self.call(accounts.view, session, self.account_number)
            window = await self.call(contacts.contact_window, session, found.account.id)
            header = self.ar_app.header
            self.query_one("#aciq", Static).update(
                render(found, header.locale, header.currency, header.phone_display, window)
            )

        self.load(job)


def _v(text: object) -> str:
    """A value (bright) as opposed to a protected label."""
    return f"[$text-accent]{escape(str(text))}[/]"


def render(
    found: AccountView,
    locale: str,
    currency: str,
    phone_display: str = "full",
    window: ContactWindow | None = None,
) -> str:
    """The body of ACIQ as markup, 19 lines of at most 78 columns; with the contact
    `window`, the customer's clock and when a call is next allowed."""
    a = found.account
    agency = f"{a.agency_code} {a.agency_name or ''}".strip() if a.agency_code else "NONE"
    lines = [
        f" ACCOUNT {_v(a.account_number)}  {_v(f'{a.name[:40]:<40}')}"
        f"  STATUS {_v(a.collection_status.upper())}",
        f" TYPE {_v(a.customer_type.upper())}  BILL {_v(a.bill_type.upper())}"
        f"  LOB {_v(a.line_of_business.upper())}"
        f"  COLLECTOR {_v((a.collector_login or '-').upper())}",
        f" AGENCY {_v(agency[:36])}  STATE {_v(a.state)}  "
        + (f"LOCAL {_v(f'{window.local_now:%H:%M %Z}')}" if window else f"TZ {_v(a.time_zone)}"),
        f" FLAGS {_flags(found)}"
        + (
            f"   NEXT CALL {_v(format_next_call(window.next_allowed, window.local_now, locale))}"
            if window
            else ""
        ),
        f" {RULE}",
        f" BALANCE {_v(format_money(found.balance_cents, locale, currency))}"
        f"   OPEN ITEMS {_v(found.open_item_count)}   LAST PAYMENT {_last_payment(found, locale)}",
        "  " + "".join(f"{label:>12}" for label in BUCKET_LABELS.values()),
        "  "
        + "".join(
            _v(f"{format_amount(cents, locale):>12}") for cents in found.aging.as_dict().values()
        ),
        f" {RULE}",
    ]
    lines += _contacts(found, phone_display)
    lines += _policies(found, locale)
    lines.append(f" {RULE}")
    actions = [_action(action, locale, currency) for action in found.open_actions]
    lines.append(" IN FORCE  " + (actions[0] if actions else _v("NOTHING")))
    lines += [f"           {text}" for text in actions[1:4]]
    if len(actions) > 4:
        lines.append(f"           {_v(f'... {len(actions) - 4} MORE')}")
    return "\n".join(lines)


def _flags(found: AccountView) -> str:
    line = flag_line(found.flags)
    return f"[$text-error]{escape(line)}[/]" if line else _v("NONE")


def _last_payment(found: AccountView, locale: str) -> str:
    payment = found.last_payment
    if payment is None:
        return _v("NONE")
    return _v(
        f"{format_date(payment.business_date, locale)}"
        f" {format_amount(-payment.amount_cents, locale)}"
    )


def _contacts(found: AccountView, phone_display: str) -> list[str]:
    def first(kind: str) -> str:
        for contact in found.contacts:
            if contact.kind == kind:
                dnc = " [$text-error]DNC[/]" if contact.do_not_contact else ""
                label = f" {contact.label.upper()}" if contact.label else ""
                value = contact.value
                if kind == "phone":
                    value = shown_phone(value, phone_display)
                return _v(value[:60]) + escape(label) + dnc
        return _v("NONE")

    return [
        f" PHONE {first('phone')}",
        f" EMAIL {first('email')}",
        f" ADDR  {first('address')}",
    ]


def _policies(found: AccountView, locale: str) -> list[str]:
    if not found.policies:
        return [f" POLICY {_v('NONE')}"]
    lines = []
    for policy in found.policies[:2]:
        start = format_date(policy.effective_date, locale)
        term = f"{start}-{format_date(policy.expiration_date, locale)}"
        lines.append(
            f" POLICY {_v(policy.policy_number)} {_v(policy.line_of_business.upper())} {_v(term)}"
        )
    if found.policy_count > 2:
        lines[-1] += f"  (+{found.policy_count - 2} MORE)"
    return lines


def _action(action: OpenAction, locale: str, currency: str) -> str:
    amount = format_money(action.amount_cents, locale, currency) if action.amount_cents else ""
    when = format_date(action.on_date, locale) if action.on_date else ""
    words = {
        "promise": f"PROMISE {amount} BY {when}",
        "plan": f"PLAN {amount} IN {action.detail.upper()}",
        "settlement": f"SETTLEMENT {amount} DUE {when}",
        "dispute": f"DISPUTE {amount} {action.detail.upper()} SINCE {when}",
        "bankruptcy": f"BANKRUPTCY {action.detail} FILED {when}",
        "referral": f"REFERRED TO {action.detail} {amount} ON {when}",
    }
    return _v(f"{words.get(action.kind, action.kind.upper())} {action.status.upper()}".strip())
