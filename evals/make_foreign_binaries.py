#!/usr/bin/env python3
"""Build the two binary documents of the foreign-format evaluation set.

    docs/programme-handbook.pdf  Halden Connect Mentoring Handbook (reportlab)
    docs/pairing-guide.docx      PeerLink Pairing Guide (python-docx)

All text is defined in this script. Run with the test environment of `make test` (reportlab and python-docx):

    .venv/bin/python evals/make_foreign_binaries.py

The output is written next to the other documents in assistant/data/evals/foreign/docs/.
"""

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "assistant" / "data" / "evals" / "foreign" / "docs"

# ---------------------------------------------------------------------------
# PDF: Halden Connect Mentoring Handbook 2024-25 (Halden University alumni)
# ---------------------------------------------------------------------------

PDF_TITLE = "Halden Connect Mentoring Handbook 2024-25"

# Each section: (heading, [blocks]); a block is a paragraph string, a list of
# bullet strings, or a ("table", rows) tuple.
PDF_SECTIONS = [
    (
        "Welcome",
        [
            "Thank you for joining Halden Connect. Every year hundreds of Halden "
            "graduates offer a few hours of their time to students and recent "
            "graduates who are trying to work out what comes next. Some of our "
            "mentors remember exactly how uncertain that felt; others simply wish "
            "someone had been there for them. Either way, the result is the same: a "
            "conversation that would not otherwise have happened.",
            "This handbook explains how the programme runs, what we expect of "
            "mentors and mentees, and what to do if something goes wrong. Please "
            "keep it to hand throughout the year.",
            "Dr Ruth Abernethy, Director of Alumni Relations",
        ],
    ),
    (
        "1. About Halden Connect",
        [
            "Halden Connect is the alumni mentoring programme of Halden University, "
            "run by the Alumni Relations Office. It matches final-year "
            "undergraduates, postgraduates and graduates of up to three years with "
            "alumni mentors who have at least five years of professional "
            "experience. The programme runs once a year, from November to the end "
            "of April. Each pair agrees its own goals, but most mentees want help "
            "with one or more of the following: choosing a direction, understanding "
            "a sector, making applications, preparing for interviews and building "
            "a professional network.",
            "Halden Connect is free. Mentors are volunteers and receive no payment, "
            "and the University does not reimburse travel or other expenses for "
            "either party.",
        ],
    ),
    (
        "2. Key dates for 2024-25",
        [
            (
                "table",
                [
                    ["Date", "What happens"],
                    ["1 September", "Mentee applications open"],
                    ["10 October", "Mentee applications close"],
                    [
                        "by 31 October",
                        'Mentees complete the 90-minute "Getting Mentored" module; '
                        "mentors watch the 60-minute briefing",
                    ],
                    ["8 November", "Match emails sent"],
                    ["within 10 days of the match", "Mentee sends the first message to the mentor"],
                    ["week of 13 January", "Mid-programme check-in survey"],
                    ["31 January", "Last date for re-matching"],
                    ["30 April", "Programme closes; final survey sent"],
                    ["15 May", "Spring Mentoring Reception, Great Hall"],
                ],
            ),
        ],
    ),
    (
        "3. Who does what",
        [
            "Mentees:",
            [
                "send the first message within 10 days of the match email and "
                "arrange every meeting after that;",
                "come to each meeting with a topic or question;",
                "send a short thank-you and summary of next steps after each meeting;",
                "complete the mid-programme check-in and the final survey.",
            ],
            "Mentors:",
            [
                "reply to messages within a week;",
                "meet at least six times between November and April;",
                "share experience and advice honestly, including what did not work;",
                "tell the Alumni Relations Office if contact breaks down.",
            ],
            "The Alumni Relations Office:",
            [
                "matches pairs and sends match emails;",
                "runs the online module and the mentor briefing;",
                "checks in with every pair in January;",
                "deals with concerns, re-matching and complaints.",
            ],
        ],
    ),
    (
        "4. Your six meetings: a suggested plan",
        [
            "Pairs meet at least six times, roughly once a month, for 45 to 60 "
            "minutes. The plan below is a suggestion that many pairs have found "
            "useful. Feel free to change the order or spend two meetings on one "
            "topic.",
            (
                "table",
                [
                    ["Meeting", "Suggested focus"],
                    [
                        "1 (November)",
                        "Getting to know each other; hopes for the programme; how you will keep in touch",
                    ],
                    ["2 (December)", "Agree two or three goals and write them down"],
                    ["3 (January)", "CV, cover letter or LinkedIn profile review"],
                    [
                        "4 (February)",
                        "Networking and informational interviews: who to talk to and how to ask",
                    ],
                    ["5 (March)", "Mock interview or assessment-centre practice, with feedback"],
                    ["6 (April)", "Review progress against your goals, plan next steps and say thank you"],
                ],
            ),
            "Meetings can be held on the Halden Connect platform, which offers "
            "messaging, a scheduling tool that shows both local times, and built-in "
            "video calls. Zoom or Microsoft Teams may be used if the mentor "
            "prefers. The first meeting must be online or on campus.",
        ],
    ),
    (
        "5. Code of conduct",
        [
            "All participants agree to the following when they register:",
            [
                "Meet only online, on campus or in public places. Never meet at a "
                "private home, and do not arrange meetings in bars or around alcohol.",
                "No money changes hands. Mentors do not charge fees and mentees do "
                "not pay for a mentor's time, meals or travel.",
                "Mentors do not promise jobs or internships, and mentees do not ask "
                "a mentor directly for a job.",
                "Romantic or sexual relationships between a mentor and mentee are "
                "not permitted during the programme.",
                "Keep each other's contact details private. Do not pass them on without permission.",
                "Connecting on LinkedIn is welcome. Please avoid connecting on "
                "personal social media accounts during the programme.",
                "Treat each other with respect and keep conversations confidential.",
            ],
            "Breaches of the code of conduct may lead to the Alumni Relations Office "
            "suspending a platform account or ending a match.",
        ],
    ),
    (
        "6. Job shadowing and workplace visits",
        [
            "Some mentors invite their mentee to spend a day at their workplace. "
            "This can be one of the most valuable parts of the programme, but it "
            "must be arranged properly. The mentee registers the visit with the "
            "Careers Service using the Work Shadowing Form at least two weeks "
            "before it takes place, and the mentor confirms that their employer has "
            "agreed. Shadowing is unpaid and lasts no more than five days. The "
            "University's placement insurance only covers visits that have been "
            "registered with the Careers Service.",
        ],
    ),
    (
        "7. Safeguarding and raising concerns",
        [
            "If a mentee tells you something that suggests they, or someone else, "
            "may be at risk of harm, contact the Student Wellbeing Service the same "
            "day. In an emergency, call Campus Security on 01632 960 999, which is "
            "staffed 24 hours a day, or the emergency services. For any other "
            "concern about a match, including behaviour that makes you "
            "uncomfortable, email connect@halden.ac.uk. Alumni Relations staff do "
            "not read platform messages routinely, but may review them if a formal "
            "complaint is made, and both parties will be told before this happens.",
        ],
    ),
    (
        "8. Ending well",
        [
            "The programme closes on 30 April. We encourage every pair to use the "
            "last meeting to look back at the goals they set, talk about what "
            "helped and what did not, and decide whether to stay in touch. Both "
            "mentor and mentee then complete the final survey, which takes about "
            "five minutes.",
            "Current students who complete at least six meetings and the final "
            "survey have Halden Connect recorded on their Higher Education "
            "Achievement Report (HEAR). Mentors receive a certificate of thanks, "
            "which many professional bodies accept as evidence of volunteering for "
            "continuing professional development (CPD) records. All participants "
            "are invited to the Spring Mentoring Reception in the Great Hall.",
            "Pairs who want to carry on after April are welcome to do so "
            "informally. Platform accounts stay active, although the Alumni "
            "Relations Office no longer checks in with the pair.",
        ],
    ),
    (
        "9. Contacts",
        [
            [
                "Halden Connect team, Alumni Relations Office: connect@halden.ac.uk",
                "Careers Service (job shadowing): careers@halden.ac.uk",
                "Student Wellbeing Service: wellbeing@halden.ac.uk",
                "Campus Security (24 hours): 01632 960 999",
            ],
        ],
    ),
]


def _pdf_styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10.5, leading=14.5, spaceAfter=6)
    h1 = ParagraphStyle(
        "h1", parent=styles["Heading1"], fontSize=24, leading=30, textColor=colors.HexColor("#5a1e3c")
    )
    h2 = ParagraphStyle(
        "h2",
        parent=styles["Heading2"],
        fontSize=14,
        leading=18,
        textColor=colors.HexColor("#5a1e3c"),
        spaceBefore=10,
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5, spaceAfter=0)
    return {"body": body, "h1": h1, "h2": h2, "cell": cell}


def _esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pdf_block(block, st: dict) -> list:
    """The flowables of one block: a paragraph, a table or a bulleted list."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle

    if isinstance(block, str):
        return [Paragraph(_esc(block), st["body"])]
    if isinstance(block, tuple) and block[0] == "table":
        rows = [[Paragraph(_esc(c), st["cell"]) for c in row] for row in block[1]]
        t = Table(rows, colWidths=[45 * mm, 120 * mm], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#efe3ea")),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [t, Spacer(1, 6)]
    return [
        ListFlowable(
            [ListItem(Paragraph(_esc(b), st["body"]), leftIndent=12) for b in block],
            bulletType="bullet",
            start="\u2022",
            leftIndent=12,
        )
    ]


def build_pdf(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    st = _pdf_styles()
    body = st["body"]
    story = [
        Spacer(1, 60 * mm),
        Paragraph("Halden University Alumni Relations Office", body),
        Paragraph(_esc(PDF_TITLE), st["h1"]),
        Paragraph("For mentors and mentees in the 2024-25 programme", body),
        Spacer(1, 20 * mm),
        Paragraph(
            "Please read this handbook before your first meeting. It sets out the "
            "programme timetable, the code of conduct that every participant agrees "
            "to, and who to contact if you need help.",
            body,
        ),
        PageBreak(),
    ]
    for heading, blocks in PDF_SECTIONS:
        story.append(Paragraph(_esc(heading), st["h2"]))
        for block in blocks:
            story.extend(_pdf_block(block, st))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, 12 * mm, PDF_TITLE)
        canvas.drawRightString(190 * mm, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=PDF_TITLE,
        author="Halden University Alumni Relations Office",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


# ---------------------------------------------------------------------------
# DOCX: PeerLink Pairing Guide (Kestrel Valley Health Trust)
# ---------------------------------------------------------------------------

DOCX_TITLE = "PeerLink Pairing Guide"
DOCX_SUBTITLE = (
    "Guidance for Practice Education Facilitators and ward managers on matching "
    "newly registered staff with peer mentors. Kestrel Valley Health Trust, "
    "Practice Education Team. Version 1.3, January 2024."
)

# ("h", text) heading, ("p", text) paragraph, ("ul", [items]) bullets,
# ("table", [rows]) table with header row.
DOCX_BLOCKS = [
    ("h", "1. Why pairing matters"),
    (
        "p",
        "A PeerLink pairing only works if the mentee feels able to speak freely. Most "
        "of the pairings that end early do so because of a practical mismatch, such as "
        "incompatible shifts, rather than a personality clash. This guide sets out how "
        "Practice Education Facilitators (PEFs) match mentees with peer mentors at each "
        "intake, so that every site applies the same rules. It should be read alongside "
        "the PeerLink Meetings Policy (WF-042).",
    ),
    ("h", "2. Who is in the pool"),
    (
        "p",
        "Mentees are nurses, midwives and operating department practitioners in their "
        "first 12 months after first registration who have signed up by the 15th of the "
        "month before an intake. Peer mentors are registrants of two to six years' "
        "standing who have attended PeerLink Foundations and have fewer than two current "
        "mentees. A peer mentor who already has two mentees is not offered a third, "
        "however good the fit.",
    ),
    ("h", "3. Matching criteria"),
    (
        "p",
        'PEFs work through the criteria below in order. Criteria marked "must" are never '
        "relaxed; the others are balanced against each other.",
    ),
    (
        "table",
        [
            ["Criterion", "Rule", "Notes"],
            [
                "Different ward or department",
                "Must",
                "Mentor and mentee never share a ward, unit or team base.",
            ],
            [
                "Not the preceptor or line manager",
                "Must",
                "Includes a former preceptor and anyone who writes the mentee's appraisal.",
            ],
            ["Mentor capacity", "Must", "Maximum of two mentees per peer mentor at any time."],
            [
                "Same professional group",
                "Preferred",
                "Nurse with nurse, midwife with midwife, ODP with ODP wherever possible.",
            ],
            [
                "Similar shift pattern",
                "Preferred",
                "Pair night-heavy rotas with night-heavy rotas; check rota patterns before matching.",
            ],
            [
                "Same site",
                "Preferred",
                "Kestrel General or St Aldhelm's. Community staff can be matched across sites and meet on Teams.",
            ],
            [
                "Mentee's stated preferences",
                "Considered",
                "For example a mentor who is also a parent or carer, or who also trained overseas.",
            ],
        ],
    ),
    ("h", "4. Conflicts to avoid"),
    ("p", "Even where the criteria above are met, do not pair people if any of the following applies:"),
    (
        "ul",
        [
            "they are related, partners, or live in the same household;",
            "either person is involved in a disciplinary, grievance or fitness to practise process that concerns the other;",
            "the mentor is currently on a formal capability or performance improvement plan;",
            "the mentee has named the mentor as someone they would prefer not to be paired with;",
            "the two are likely to work on the same ward within the next three months because of a planned rotation.",
        ],
    ),
    ("h", "5. Timeline for each intake"),
    (
        "table",
        [
            ["When", "Action", "Who"],
            ["15th of the month before the intake", "Sign-up closes", "Applicants"],
            ["Week 1 of the intake month", "Matching meeting; pairs agreed", "PEFs"],
            ["Within 5 working days of matching", "Introduction email sent to both people", "PEF"],
            [
                "Within 7 days of the introduction email",
                "Mentee contacts the peer mentor to arrange a first meeting",
                "Mentee",
            ],
            [
                "Within 21 days of the pairing being confirmed",
                "First meeting takes place and is logged in the tracker",
                "Pair",
            ],
        ],
    ),
    ("h", "6. The introduction email"),
    (
        "p",
        "The introduction email goes to both people at once. It gives each person's name, "
        "role, ward and work email address, a sentence on why they were matched, a "
        "reminder that the mentee makes the first contact, and a link to the Meetings "
        "Policy. It does not include personal phone numbers; people may exchange these "
        "themselves if they wish. The line managers of both people are copied in so that "
        "they know to expect requests for protected time, but they are told nothing about "
        "the content of meetings.",
    ),
    ("h", "7. Internationally educated staff"),
    (
        "p",
        "Internationally educated nurses and midwives often ask for a peer mentor who has "
        "been through UK registration themselves. Where one is available, PEFs should "
        "offer this. PeerLink does not replace OSCE preparation or the pastoral support "
        "provided by the International Recruitment Team, and peer mentors should refer "
        "questions about visas or registration to that team.",
    ),
    ("h", "8. When there are not enough mentors"),
    (
        "p",
        "If there are more mentees than available peer mentors, PEFs allocate places in "
        "this order of priority: first, mentees who started more than four weeks ago and "
        "have not yet been paired; second, internationally educated staff; then everyone "
        "else by sign-up date. Mentees who cannot be paired are told within the same week "
        "and are placed first on the list for the next intake. PEFs also ask ward managers "
        "to encourage eligible staff to sign up as peer mentors.",
    ),
    ("h", "9. Re-pairing"),
    (
        "p",
        "When either person ends a pairing early, the PEF offers the mentee a new peer "
        "mentor within 10 working days. Do not ask either person why the pairing ended "
        "unless they want to tell you, and do not record a reason: the tracker shows only "
        '"re-paired" and the date. The outgoing peer mentor\'s place is freed up for the '
        "next intake.",
    ),
    ("h", "10. Keeping the register"),
    (
        "p",
        "Every pairing is entered in the PeerLink tracker on the day it is confirmed. PEFs "
        "review the tracker on the first working day of each month and contact any pair "
        "that has logged no meeting for eight weeks.",
    ),
]


def build_docx(path):
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.title = DOCX_TITLE
    d.core_properties.author = "Kestrel Valley Health Trust - Practice Education Team"
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(11)
    d.add_heading(DOCX_TITLE, level=0)
    d.add_paragraph().add_run(DOCX_SUBTITLE).italic = True
    for kind, content in DOCX_BLOCKS:
        if kind == "h":
            d.add_heading(content, level=1)
        elif kind == "p":
            d.add_paragraph(content)
        elif kind == "ul":
            for item in content:
                d.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            t = d.add_table(rows=0, cols=len(content[0]))
            t.style = "Table Grid"
            for i, row in enumerate(content):
                cells = t.add_row().cells
                for c, text in zip(cells, row, strict=False):
                    c.text = text
                    if i == 0:
                        for r in c.paragraphs[0].runs:
                            r.bold = True
            d.add_paragraph()
    d.save(str(path))


if __name__ == "__main__":
    DOCS.mkdir(parents=True, exist_ok=True)
    build_pdf(DOCS / "programme-handbook.pdf")
    build_docx(DOCS / "pairing-guide.docx")
    for name in ("programme-handbook.pdf", "pairing-guide.docx"):
        print(name, (DOCS / name).stat().st_size, "bytes")
