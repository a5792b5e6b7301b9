from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.awards.demo import SUMMARY as AWARDS
from thidua.cli.site_commands import demo_refusal, format_logins
from thidua.cycle.demo import SUMMARY
from thidua.movements.demo import SUMMARY as MOVEMENTS
from thidua.org.demo import load_demo


class Command(BaseCommand):
    help = "Nạp tỉnh mẫu (Kiên Giang 2017–2018, An Giang 2026) và các tài khoản dùng thử; chạy lại không sao."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production", action="store_true", help="nạp cả khi DEBUG tắt (chỉ máy thử)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refusal = demo_refusal(allow_production=options["allow_production"])
        if refusal:
            raise CommandError(refusal)
        logins = load_demo()
        self.stdout.write(SUMMARY)
        self.stdout.write(f"{AWARDS} {MOVEMENTS}")
        self.stdout.write(format_logins(logins))
