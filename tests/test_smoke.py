def test_settings(settings):
    assert settings.SECRET_KEY.startswith("test")
