"""Helpers shared by the chat tests: the form a shopper sends and a way to read the panel's JSON."""

from __future__ import annotations

from django.urls import reverse

CHAT = reverse("content:chat")
CHAT_JSON = reverse("content:chat_messages")
JSON = {"HTTP_ACCEPT": "application/json"}


def chat_form(**overrides) -> dict:
    data = {
        "name": "Ada",
        "email": "ada@example.com",
        "message": "Does the Quiet Pulse come with a carry case?",
        "page": "/",
        "website": "",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def send(client, *, as_json: bool = True, **overrides):
    return client.post(CHAT, chat_form(**overrides), **(JSON if as_json else {}))


def panel(client) -> dict:
    response = client.get(CHAT_JSON, **JSON)
    assert response.status_code == 200
    return response.json()
