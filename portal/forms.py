from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's login form with visible labels and our own wording."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("E-mail address")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        password = self.fields["password"]
        password.label = _("Password")
        password.help_text = ""
        password.widget.attrs.pop("placeholder", None)
        password.widget.attrs["autocomplete"] = "current-password"
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me on this device")
