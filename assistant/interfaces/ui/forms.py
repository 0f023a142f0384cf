"""Form values as the assistant takes them: the language dropdown's "auto" means no language."""


def chosen_language(choice: str) -> str | None:
    return None if choice in (None, "", "auto") else choice
