from django.urls import path

import thidua.accounts.views as views

# No namespace: Django's auth views and settings.LOGIN_URL look these names up unqualified.
urlpatterns = [
    path("dang-nhap/", views.ThrottledLoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("khoa-api/", views.api_tokens, name="api_tokens"),
    path("khoa-api/<int:pk>/thu-hoi/", views.api_token_revoke, name="api_token_revoke"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/giao-vai-tro/", views.user_role_assign, name="user_role_assign"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_deactivate, name="user_deactivate"),
    path("vai-tro/<int:pk>/thu-hoi/", views.role_revoke, name="role_revoke"),
]
