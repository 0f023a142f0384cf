import io
from pathlib import Path

import pytest

from assistant.ingest.documents import (
    LoadError,
    decode_bytes,
    detect_language,
    discover,
    document_id,
    is_boilerplate,
    load_document,
    normalise_text,
    plain_text_to_markdown,
    remove_contents_lists,
)

from .conftest import FIXTURES

pytestmark = pytest.mark.unit


def test_markdown_front_matter_is_read():
    doc = load_document(FIXTURES / "guides" / "mentor-check-ins.md")
    assert doc.title == "Mentor Check-ins"
    assert doc.audience == ["mentor"]
    assert doc.language == "en" and not doc.language_detected
    assert doc.topics == ["check-ins", "monitoring"]
    assert "---" not in doc.text.split("\n")[0]


def test_front_matter_strings_and_missing_language():
    doc = load_document(FIXTURES / "guides" / "mentee-notes.md")
    assert doc.audience == ["mentee"]
    assert doc.topics == ["notes"]
    assert doc.language == "en" and doc.language_detected


def test_plain_text_page_loses_its_boilerplate():
    doc = load_document(FIXTURES / "web" / "glossary-page.txt")
    text = doc.text.lower()
    for junk in ("glossary index", "cookies", "keywords:", "accept all"):
        assert junk not in text
    assert doc.title == "Reverse Mentoring"
    assert "## Why teams use it" in doc.text
    assert "- Senior leaders learn" in doc.text


DECK = """# Launchpad Mentor Onboarding

## Today

- What Launchpad is
- At a glance
- [Your role](#your-role)
- First sessions
- Wrapping up the cycle

## Why Launchpad

- Ramp-up takes months
- Managers are busy

## At a glance

- Sessions every two weeks

## Your role

- Listen more than you talk

## First session

- Sixty minutes, one-off

## Wrapping up

- A closing session
"""


def test_a_table_of_contents_is_navigation_and_leaves_the_document():
    text = remove_contents_lists(DECK)
    assert "- What Launchpad is" not in text and "- [Your role](#your-role)" not in text
    assert "## Today" in text  # the heading stays; its section is empty
    for kept in ("- Ramp-up takes months", "- Sessions every two weeks", "- A closing session"):
        assert kept in text


def test_a_list_of_guidance_that_repeats_section_words_is_no_table_of_contents():
    steps = DECK.replace(
        "- What Launchpad is\n- At a glance\n- [Your role](#your-role)\n"
        "- First sessions\n- Wrapping up the cycle",
        "- Book the first session.\n- Agree your role.\n- Plan the wrapping up.",
    )
    assert remove_contents_lists(steps) == steps  # sentences, not section names
    few = "# A\n\n## Role\n\n- Role\n- Session\n- Wrap\n\n## Session\n\ntext\n"
    assert remove_contents_lists(few) == few  # too few sections to have contents


POLICY = """NORTHWIND COUNCIL
Policy HR-12

BUDDY SCHEME - MEETINGS POLICY

Version:        1.4
Approved by:    People Committee
Applies to:     Staff in their first year and their buddies, including
                agency staff.

1. PURPOSE

1.1 This policy sets how often buddies meet and where they may meet
    during working hours.
1.2 Short sentence
    that wraps onto a second line with more words than the first one.

2. RELATED DOCUMENTS

     HR-03 Induction Policy
     HR-07 Flexible Working Policy
     GOV-2 Code of Conduct
"""


def test_a_plain_text_policy_gets_headings_and_a_list_of_its_fields():
    text = plain_text_to_markdown(POLICY)
    headings = [line for line in text.split("\n") if line.startswith("#")]
    # lines in capitals are headings, in title case, whatever follows them; an acronym stays
    assert headings == [
        "## Northwind Council",
        "## Policy HR-12",
        "## Buddy Scheme - Meetings Policy",
        "### Purpose",
        "### Related Documents",
    ]
    # the header's "Label:   value" lines are a list, a value running on joined to its field
    assert "- Version: 1.4\n- Approved by: People Committee\n" in text
    assert "- Applies to: Staff in their first year and their buddies, including agency staff." in text
    # a line that wraps a sentence, or sits inside an indented block, is no heading
    assert "1.2 Short sentence" in text and "## 1.2" not in text
    assert "HR-07 Flexible Working Policy" in text and "## HR-07" not in text


def test_a_pdfs_pages_lose_running_headers_and_keep_their_bullets():
    from assistant.ingest.documents import _join_pages

    header = "Harbour Handbook 2025\nPage {}\n"
    pages = [
        header.format(1) + "Mentors:\n\x7f\nreply within a week;\n\x7f\nmeet at least six\ntimes a year;",
        header.format(2) + "\x7f\ntell the office if contact breaks down.\nBreaches may end a match.",
        header.format(3) + "Contacts\nThe office: office@example.org",
    ]
    assert _join_pages(pages) == (
        "Mentors:\n- reply within a week;\n- meet at least six times a year;\n"
        "- tell the office if contact breaks down.\nBreaches may end a match.\n\n"
        "Contacts\nThe office: office@example.org"
    )


def test_html_page_is_converted_without_navigation_cookies_or_comments():
    doc = load_document(FIXTURES / "web" / "blog-post.html")
    assert doc.title == "Running Check-ins That Matter"
    assert "## What to cover in a check-in" in doc.text
    for junk in ("About us", "cookies", "Great post", "Leave a reply", "newsletter", "rights reserved"):
        assert junk not in doc.text
    assert doc.language == "en"


def test_turkish_is_detected_without_front_matter():
    doc = load_document(FIXTURES / "web" / "turkce-not.txt")
    assert doc.language == "tr" and doc.language_detected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Mentee her görüşmeden önce hedeflerini gözden geçirmeli ve sorularını hazırlamalıdır.", "tr"),
        ("The mentee should review goals and prepare questions before every session.", "en"),
        ("ok", "en"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to give you the best experience. Accept",
        "Sitemizde çerezler kullanılmaktadır.",
        "Back to the glossary index",
        "← Return to blog overview",
        "Comments",
        "3 Comments",
        "Leave a reply",
        "Subscribe to our newsletter today!",
        "Keywords: mentoring, goals",
        "© 2026 Example Ltd. All rights reserved.",
        "https://example.org/some/page",
        "Quick Links",
        "Keywords: " + ", ".join(f"mentoring topic {i}" for i in range(40)),
        "-- End of policy --",
        "*** END OF DOCUMENT ***",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "A mentee should comment on what worked in the last session.",
        "The end of the programme is a good time to thank each other.",
        "Share what you hope to achieve in the first meeting.",
        "Feedback should be specific, timely and kind.",
        "",
    ],
)
def test_guidance_lines_are_kept(line):
    assert not is_boilerplate(line)


def test_invisible_and_control_characters_are_removed():
    assert normalise_text("Men\u200btor\u0007 notes\u00a0here\r\n") == "Mentor notes here"


def test_pdf_is_loaded(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "agreement.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Pair Agreement Notes")
    c.drawString(72, 800, "Agreement checklist for a new mentoring pair")
    c.drawString(72, 780, "Agree how often you meet and who sends the calendar invitations.")
    c.showPage()
    c.drawString(72, 800, "Write down how either person can end the pairing without blame.")
    c.save()
    doc = load_document(path)
    assert doc.title == "Pair Agreement Notes"
    assert "who sends the calendar invitations" in doc.text
    assert "without blame" in doc.text


def test_docx_is_loaded(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Mentor Onboarding", level=1)
    d.add_heading("Your first month", level=2)
    d.add_paragraph("In the first month a new mentor meets the mentee twice and agrees on goals.")
    path = tmp_path / "onboarding.docx"
    d.save(path)
    doc = load_document(path)
    assert doc.title == "Mentor Onboarding"
    assert "## Your first month" in doc.text
    assert "meets the mentee twice" in doc.text


def test_a_docx_title_comes_from_its_properties(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Buddy Pairing Guide"
    d.add_paragraph("Buddy Pairing Guide", style="Title")  # a style the conversion leaves as text
    d.add_heading("1. Why pairing matters", level=1)
    d.add_paragraph("A pairing only works if the newcomer feels able to speak freely.")
    path = tmp_path / "pairing.docx"
    d.save(path)
    assert load_document(path).title == "Buddy Pairing Guide"


def test_corrupt_pdf_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf body\n")
    with pytest.raises(LoadError, match=r"broken\.pdf"):
        load_document(path)


def test_encrypted_pdf_is_a_clear_error(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("secret")
    buf = io.BytesIO()
    w.write(buf)
    path = tmp_path / "locked.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(LoadError, match="encrypted"):
        load_document(path)


def test_docx_that_is_not_a_zip_is_a_clear_error(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("just text pretending to be Word")
    with pytest.raises(LoadError, match=r"not a valid \.docx"):
        load_document(path)


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("cp1254", "Görüşme notları: mentee her buluşmadan önce soruları hazırlar ve gündemi paylaşır."),
        ("latin-1", "Café meetings: the mentee books a quiet table and brings a short agenda résumé."),
        ("utf-16", "Remote pairs agree on one video tool and keep a shared calendar of sessions."),
    ],
)
def test_non_utf8_text_is_decoded(tmp_path, encoding, text):
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode(encoding))
    doc = load_document(path)
    assert text.split(":")[0] in doc.text


def test_binary_garbage_is_rejected():
    with pytest.raises(LoadError, match="binary"):
        decode_bytes(b"\x00\x01\x02\xff" * 50, "blob.txt")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.md", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("image.png", b"\x89PNG\r\n", "unsupported file type"),
        ("bad-front.md", b"---\ntitle: [unclosed\n---\nBody text long enough to count here.", "front matter"),
        ("tiny.txt", b"Hi.", "no readable text"),
    ],
)
def test_bad_files_are_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message):
        load_document(path)


def test_file_over_the_size_limit_is_rejected(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Mentoring notes. " * 1000)
    with pytest.raises(LoadError, match="over the"):
        load_document(path, max_bytes=1000)


def test_discover_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.png").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.html").write_text("x")
    assert [p.name for p in discover([tmp_path])] == ["a.md", "d.html"]
    with pytest.raises(LoadError, match="no such file"):
        list(discover([Path(tmp_path / "missing")]))


def test_document_ids_do_not_depend_on_the_working_folder(tmp_path, monkeypatch):
    root = tmp_path / "handbook" / "corpus"
    (root / "tr").mkdir(parents=True)
    guide = root / "tr" / "rehber.md"
    guide.write_text("# Rehber\n\nMentorluk görüşmeleri ayda bir yapılır ve mentee gündemi hazırlar.\n")
    ids = set()
    for cwd in (tmp_path, root, Path("/")):
        monkeypatch.chdir(cwd)
        ids.add(load_document(guide, base=root.parent).source)
        ids.add(document_id(guide, root.parent))
    assert ids == {"corpus/tr/rehber.md"}
    assert document_id(guide) == "tr/rehber.md", "a file named alone is filed under its folder"
    assert document_id(guide, tmp_path / "elsewhere") == "tr/rehber.md"
