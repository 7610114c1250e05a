from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Invitation only: people are invited by a coordinator or their organisation's admin."""

    def is_open_for_signup(self, request) -> bool:
        return False
