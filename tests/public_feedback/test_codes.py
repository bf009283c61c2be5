"""Tracking codes: entropy, format, forgiving input, hash-only storage; reference numbers."""

import math
import re
import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection, transaction

from apps.public_feedback.models import Complaint
from apps.public_feedback.services import codes

FORMAT = re.compile(r"ADU-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")


def test_code_format_and_entropy():
    assert len(codes.ALPHABET) == 32 and set(codes.ALPHABET).isdisjoint("ILOU")
    assert codes.BITS >= 80 and codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 80
    issued = [codes.issue() for _ in range(2000)]
    assert all(FORMAT.fullmatch(item.code) for item in issued)
    assert len({item.code for item in issued}) == 2000
    # every position uses the whole alphabet, roughly evenly (2000 codes: ~62 per character)
    for position in range(codes.LENGTH):
        counts = Counter(item.code.replace("-", "")[3 + position] for item in issued)
        assert len(counts) == 32
        assert max(counts.values()) < 130


def test_code_is_rebuilt_from_its_seed_only_with_the_secret_key(settings):
    issued = codes.issue()
    assert codes.code_from_seed(issued.seed) == issued.code
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert codes.code_from_seed(issued.seed) != issued.code


@pytest.mark.parametrize(
    "typed",
    [
        "ADU-7K3Q-9XPM-2F4H-JW8C",
        "adu-7k3q-9xpm-2f4h-jw8c",
        "ADU 7K3Q 9XPM 2F4H JW8C",
        "ADU7K3Q9XPM2F4HJW8C",
        "7K3Q-9XPM-2F4H-JW8C",
        "  7k3q9xpm2f4hjw8c \n",
        "ADU--7K3Q-9XPM--2F4H-JW8C",
    ],
)
def test_normalise_forgives_case_spaces_dashes_and_prefix(typed):
    assert codes.normalise(typed) == "7K3Q9XPM2F4HJW8C"
    assert codes.code_hash(typed) == codes.code_hash("ADU-7K3Q-9XPM-2F4H-JW8C")


def test_look_alikes_read_as_crockford_says():
    assert codes.normalise("ADU-O0I1-L000-0000-0000") == "0011100000000000"


@pytest.mark.parametrize(
    "typed",
    ["", "ADU", "ADU-7K3Q-9XPM-2F4H", "ADU-7K3Q-9XPM-2F4H-JW8CX", "ADU-7K3Q-9XPM-2F4H-JW8U", "x" * 10_000, "<script>"],
)
def test_what_cannot_be_a_code_hashes_to_nothing(typed):
    assert codes.normalise(typed) is None
    assert codes.code_hash(typed) == ""


def test_only_the_hash_of_the_code_is_stored(submit_complaint):
    complaint, code = submit_complaint()
    assert FORMAT.fullmatch(code)
    assert complaint.code_hash == codes.code_hash(code)
    body = codes.normalise(code)
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    assert not any(body in str(value) or code in str(value) for value in row.values())


def test_reference_numbers_run_per_year(submit_complaint):
    first, _ = submit_complaint()
    second, _ = submit_complaint()
    year = first.submitted_at.year
    assert re.fullmatch(rf"PGD-{year}-\d{{6}}", first.reference)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


@pytest.mark.django_db(transaction=True)
def test_reference_numbers_stay_unique_under_concurrency():
    """Eight threads, each with its own connection, allocate inside their own transactions."""
    from tests.public_feedback.conftest import make_service, submit_complaint

    service = make_service()
    references, errors = [], []
    barrier = threading.Barrier(8)

    def work():
        try:
            barrier.wait()
            complaint, _ = submit_complaint(service=service)
            references.append(complaint.reference)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(references)) == 8


def test_next_reference_past_six_digits(submit_complaint):
    complaint, _ = submit_complaint()
    year = complaint.submitted_at.year
    Complaint.objects.filter(pk=complaint.pk).update(reference=f"PGD-{year}-999999")
    with transaction.atomic():
        assert codes.next_reference(year) == f"PGD-{year}-1000000"
