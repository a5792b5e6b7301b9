"""Password rules, with Vietnamese messages: length, common passwords (Vietnamese ones too), the demo's published
password, likeness to the account's own names, all-digit passwords. settings.AUTH_PASSWORD_VALIDATORS lists them."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Passwords Vietnamese users pick that Django's English list does not hold. Compared without diacritics, spaces
# and case, so "Mật khẩu 123" is "matkhau123".
VIETNAMESE_COMMON = frozenset(
    {
        "matkhau",
        "matkhau1",
        "matkhau12",
        "matkhau123",
        "matkhau1234",
        "matkhau12345",
        "matkhau123456",
        "matkhaumoi",
        "matkhaumoi123",
        "vietnam",
        "vietnam123",
        "vietnam1234",
        "vietnam2024",
        "vietnam2025",
        "vietnam2026",
        "anhyeuem",
        "anhyeuem123",
        "emyeuanh",
        "yeuem123",
        "toilaai",
        "xinchao",
        "xinchao123",
        "hanoi123",
        "saigon123",
        "thiduakhenthuong",
        "thidua123",
        "khenthuong",
        "khenthuong123",
        "banthidua",
        "quantri",
        "quantri123",
        "quantrivien",
        "admin123",
        "123456789a",
        "a123456789",
        "1234567890",
        "qwertyuiop",
    }
)

# The password every demo account is published with (README, `thidua demo`): never a real account's.
PUBLISHED_PASSWORDS = frozenset({"thidua2026"})


def _plain(text: str) -> str:
    """Lower case, no diacritics (đ as d), no spaces: how two spellings of one password are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace()).casefold()


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short")

    def get_error_message(self) -> str:
        return ngettext(
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    """Django's list of 20,000 common passwords and the Vietnamese ones above."""

    def validate(self, password: str, user: Any = None) -> None:
        plain = _plain(password)
        if plain in VIETNAMESE_COMMON or password.lower().strip() in self.passwords:
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self) -> str:
        return _("Mật khẩu này quá phổ biến, dễ bị đoán ra; hãy chọn mật khẩu khác.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được là mật khẩu phổ biến.")


class PublishedPasswordValidator:
    """The demo's published password: anyone who read the README knows it."""

    def validate(self, password: str, user: Any = None) -> None:
        if _plain(password) in PUBLISHED_PASSWORDS:
            raise ValidationError(
                _("Đây là mật khẩu công khai của bản trình diễn; hãy chọn mật khẩu khác."),
                code="password_published",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu không được là mật khẩu của bản trình diễn.")


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá giống %(verbose_name)s của tài khoản.")

    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                self.get_error_message(), code="password_too_similar", params=exc.params
            ) from exc

    def get_help_text(self) -> str:
        return _("Mật khẩu không được giống tên đăng nhập, họ tên hay thư điện tử.")


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if password.isdigit():
            raise ValidationError(self.get_error_message(), code="password_entirely_numeric")

    def get_error_message(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")
