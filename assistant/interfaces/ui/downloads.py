"""Files behind the page's download buttons (exports, agendas, FAQs), each in its own temp folder."""

import tempfile
from pathlib import Path


def tmp_file(name: str, data: str | bytes) -> str:
    folder = Path(tempfile.mkdtemp(prefix="mentor-"))
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)
