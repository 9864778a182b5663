"""Shared test helpers: paths to the bundled corpus and to ../shared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "corpus"
SHARED = PROJECT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test with the reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (third-party data in ../shared beside the project; "
                    "CI has it, a fresh clone does not)")
    return path


@pytest.fixture
def msgfmt():
    """Path to GNU msgfmt; skipped with a reason where gettext is not installed."""
    path = shutil.which("msgfmt")
    if path is None:
        pytest.skip("msgfmt not installed (Debian package gettext; .ci/run installs it)")
    return path


# A small parallel text: each pair carries a distinct number or name, as news does.
PAIRS = [
    ("Triều Tiên đã phóng 7 tên lửa đạn đạo vào sáng nay.",
     "North Korea fired 7 ballistic missiles this morning."),
    ("Các tên lửa bay khoảng 400 km trước khi rơi xuống biển.",
     "The missiles flew about 400 km before falling into the sea."),
    ("Nhật Bản và Hàn Quốc đã lên án vụ phóng.",
     "Japan and South Korea condemned the launch."),
    ("Ông Kim Jong Un chưa đưa ra bình luận nào về sự việc này.",
     "Kim Jong Un has not commented on the matter."),
    ("Năm 2023, Bình Nhưỡng đã thử 5 tên lửa liên lục địa.",
     "In 2023, Pyongyang tested 5 intercontinental missiles."),
    ("Giới phân tích cho rằng Washington sẽ phản ứng mạnh.",
     "Analysts believe Washington will respond strongly."),
    ("Hơn 10.000 binh sĩ đã được điều tới biên giới.",
     "More than 10,000 troops have been sent to the border."),
    ("Ngân sách quốc phòng tăng 3,5% so với năm trước.",
     "The defence budget rose 3.5% from the previous year."),
    ("Cuộc họp khẩn của Liên Hợp Quốc diễn ra ngày 12/11 tại New York.",
     "An emergency United Nations meeting took place on November 12 in New York."),
    ("Hàn Quốc đã triển khai 20 máy bay chiến đấu để theo dõi.",
     "South Korea deployed 20 fighter jets to monitor the situation."),
    ("Giá dầu tăng lên 85 USD mỗi thùng sau tin tức này.",
     "Oil prices rose to 85 USD a barrel after the news."),
    ("Tổng thống Mỹ Joe Biden gọi điện cho Tokyo và Seoul.",
     "US President Joe Biden called Tokyo and Seoul."),
]
