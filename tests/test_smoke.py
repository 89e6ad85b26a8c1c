import pytest

from tests.factories import MassageGunFactory


@pytest.mark.django_db
def test_a_massage_gun_lists_its_specifications_with_units():
    gun = MassageGunFactory(amplitude_mm="12.5", noise_db=None)
    shown = {spec.field.attribute: spec.display for spec in gun.specifications}
    assert shown["amplitude_mm"] == "12.5 mm"
    assert shown["noise_db"] == "—"
