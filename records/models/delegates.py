"""Member-state delegates: the accounts that may read restricted records, managed in the
admin by those given the permission (the Publisher role, ``records.roles``)."""

from django.contrib.auth.models import User, UserManager
from django.utils.translation import gettext_lazy as _

from records.roles import DELEGATE
from records.text import NoSearchMarks


class DelegateManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(groups__name=DELEGATE)


class Delegate(NoSearchMarks, User):
    """A user in the member-state delegate role, as the admin's "Delegates" list shows them:
    invited by email, deactivated rather than deleted (their history stays)."""

    objects = DelegateManager()

    class Meta:
        proxy = True
        verbose_name = _("member-state delegate")
        verbose_name_plural = _("member-state delegates")

    def __str__(self):
        name = self.get_full_name()
        return f"{name} <{self.email}>" if name else self.email or self.username
