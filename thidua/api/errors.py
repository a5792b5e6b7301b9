"""Every API error has one shape: {"error": {"code", "message" (Vietnamese), "details"}}."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from thidua.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, ThiduaError

STATUS_BY_ERROR: dict[type[ThiduaError], int] = {
    AccessDenied: 403,
    NotFound: 404,
    InvalidInput: 400,
    Conflict: 409,
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details if details is not None else {}}}


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn refusals and framework errors into the shared shape."""

    def respond(
        request: HttpRequest, status: int, code: str, message: str, details: Any = None
    ) -> HttpResponse:
        return api.create_response(request, error_body(code, message, details), status=status)

    @api.exception_handler(ThiduaError)
    def on_refusal(request: HttpRequest, exc: ThiduaError) -> HttpResponse:
        status = next((s for kind, s in STATUS_BY_ERROR.items() if isinstance(exc, kind)), 400)
        return respond(request, status, exc.code, exc.message, exc.as_details())

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request,
            401,
            "unauthenticated",
            "Cần đăng nhập hoặc gửi khóa truy cập API hợp lệ (Authorization: Bearer …).",
        )

    @api.exception_handler(AuthorizationError)
    def on_forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return respond(request, 403, "access_denied", "Bạn không có quyền thực hiện thao tác này.")

    @api.exception_handler(ValidationError)
    def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "place": ".".join(str(p) for p in e.get("loc", ())),
                "message": e.get("msg", ""),
                "type": e.get("type"),
            }
            for e in exc.errors
        ]
        return respond(request, 422, "validation_error", "Dữ liệu gửi lên không hợp lệ.", {"errors": errors})

    @api.exception_handler(Http404)
    def on_missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "not_found", "Không tìm thấy.")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Framework errors other than the ones above (e.g. 405); their English text goes to details only.
        message = "Yêu cầu không hợp lệ." if exc.status_code < 500 else "Lỗi máy chủ."
        return respond(request, exc.status_code, "http_error", message, {"reason": str(exc)})
