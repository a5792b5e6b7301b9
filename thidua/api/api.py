"""The API at /api/v1/: one NinjaAPI, each area adds its router; docs at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from thidua.accounts.api import router as accounts_router
from thidua.agreements.api import router as agreements_router
from thidua.api import errors
from thidua.api.auth import BearerTokenAuth, RoleSessionAuth
from thidua.awards.api import router as awards_router
from thidua.conference.api import router as conference_router
from thidua.cycle.api import router as cycle_router
from thidua.movements.api import router as movements_router
from thidua.org.api import router as org_router

api = NinjaAPI(
    title="ThiĐua API",
    version="1",
    description=(
        "API của ThiĐua: đơn vị, cụm, khối thi đua và thành viên theo năm. "
        "Xác thực bằng `Authorization: Bearer <khóa truy cập>` hoặc phiên đăng nhập của trình duyệt. "
        'Mọi lỗi có dạng {"error": {"code", "message", "details"}}.'
    ),
    auth=[BearerTokenAuth(), RoleSessionAuth()],
    urls_namespace="api-1",
)
errors.install(api)
api.add_router("/", org_router)
api.add_router("/", accounts_router)
api.add_router("/", awards_router)
api.add_router("/", movements_router)
api.add_router("/", conference_router)
api.add_router("/", agreements_router)
api.add_router("/", cycle_router)
