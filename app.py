"""Start the mentor-assistant chat UI on the embedded defaults: `python app.py`.

Indexes the guidance corpus first when the index is missing or stale (incremental), then serves on
http://127.0.0.1:7860 (MENTOR_UI_HOST / MENTOR_UI_PORT). See README.md.
"""

from assistant.interfaces.server import launch
from assistant.settings import Settings, offline_environment

if __name__ == "__main__":
    offline_environment()
    launch(Settings())
