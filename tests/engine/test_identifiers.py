from hypothesis import given
from hypothesis import strategies as st

from ouvert.engine.identifiers import (
    is_valid_insee_commune,
    is_valid_siren,
    is_valid_siret,
    luhn_is_valid,
)


def test_real_sirens_are_valid() -> None:
    for siren in ("222900011", "200068120", "212902324", "233500016", "242900314"):
        assert is_valid_siren(siren), siren


def test_a_changed_digit_breaks_the_key() -> None:
    assert not is_valid_siren("222900012")
    assert not is_valid_siren("22290001")
    assert not is_valid_siren("2229000111")
    assert not is_valid_siren("22290001A")
    assert not is_valid_siren("２２２９０００１１")  # full-width digits are not digits here


def test_siret() -> None:
    assert is_valid_siret("21290232400012")
    assert not is_valid_siret("21290232400013")
    # La Poste's establishments: no Luhn key, but a digit sum divisible by 5.
    assert not luhn_is_valid("35600000000015")
    assert is_valid_siret("35600000000015")
    assert not is_valid_siret("35600000000016")
    assert not is_valid_siret("2.12E+13")


def test_insee_codes_keep_zeros_and_corsica() -> None:
    assert is_valid_insee_commune("01001")
    assert is_valid_insee_commune("2A004")
    assert not is_valid_insee_commune("1001")
    assert not is_valid_insee_commune("2C004")


@given(st.text(alphabet="0123456789", min_size=1, max_size=20), st.integers(0, 19))
def test_luhn_detects_every_single_digit_change(digits: str, position: int) -> None:
    position %= len(digits)
    check = next(str(d) for d in range(10) if luhn_is_valid(digits + str(d)))
    valid = digits + check
    for other in "0123456789":
        if other != valid[position]:
            changed = valid[:position] + other + valid[position + 1 :]
            assert not luhn_is_valid(changed)
