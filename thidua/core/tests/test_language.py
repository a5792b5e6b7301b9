from django.test import Client


def test_it_serves_vietnamese_to_a_browser_that_asks_for_english() -> None:
    response = Client().get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"


def test_it_serves_english_when_the_user_chose_it() -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/tai-khoan/dang-nhap/")
    assert response.headers["Content-Language"] == "en"
