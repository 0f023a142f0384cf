"""Turkish words the language checks look for, as plain data: stop words, the letters and words
that mark a question as Turkish, role words, negations, follow-up openers, pronouns and
demonstratives, and abbreviations.

Each list is used in one place, named in its comment; there the English entries (``en``) come
first and the Turkish ones after them. Order matters where a list becomes a regex alternation.
Entries are plain words unless the comment says regex fragments. It holds no message templates.
"""

from __future__ import annotations

# Snowball stemmer name (``tokens``)
STEMMER = "turkish"

# letters Turkish has and English does not (``question.question_language``)
LETTERS = "ğışİĞŞıçöüÇÖÜ"

# stop words, left out of BM25 and lexical-overlap tokens (``tokens.STOPWORDS``)
_STOP_WORDS = """
    ve veya ile de da ki mi mı mu mü bir bu şu o bunlar şunlar onlar ben sen biz siz için gibi
    kadar daha en çok az ama fakat ancak ise ne neden nasıl nerede hangi kim kime her hiç şey
    olan olarak olur olmak var yok mı diye değil sonra önce ya yani hem peki acaba bana beni
    benim sana seni
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# frequent words that mark a short question as Turkish (``question.question_language``)
_MARKER_WORDS = """
    nedir nasıl neden niçin kim kimin ne hangi mı mi mu mü midir mıdır misin mısın ve ile için
    bir bu peki ya gibi daha zaman olarak var yok değil ama çok nerede kaç
"""
MARKER_WORDS = frozenset(_MARKER_WORDS.split())

# abbreviations whose closing dot ends no sentence, written without that dot (``sentences``)
ABBREVIATIONS = ("vb", "örn", "bkz", "yy")

# a sentence of one answer word ("Evet.") joins the sentence after it (``sentences``)
ANSWER_WORDS = ("evet", "hayır", "kesinlikle", "elbette", "tabii", "tabii ki", "hem evet hem hayır")

# months and days (``names``)
CALENDAR_WORDS = (
    "ocak",
    "şubat",
    "mart",
    "nisan",
    "mayıs",
    "haziran",
    "temmuz",
    "ağustos",
    "eylül",
    "ekim",
    "kasım",
    "aralık",
    "pazartesi",
    "salı",
    "çarşamba",
    "perşembe",
    "cuma",
    "cumartesi",
    "pazar",
)

# words that open a sentence leaning on the one before it (``sentences.ANAPHORA``)
SENTENCE_ANAPHORA = ("bu", "bunlar", "bunu", "şu", "o", "onlar")

# role words per role with their case and plural endings, regex fragments matched as whole words
# (``language.roles.ROLE_WORDS``)
ROLE_WORDS = {
    "mentee": ("mentee(?:ler|nin|ye|yi|den|ler(?:in|e|i)?)?", "menti"),
    "mentor": ("mentor(?:lar|un|a|u|dan|lar(?:ın|a|ı)?)?",),
    "coordinator": ("koordinatör(?:ler|ün|e|ü|den)?",),
}

# a sentence stating a duty of a role, regex fragments with "{role}" for the role's word
# (``compose.lines.is_duty``): the role in the nominative ("Mentor, ...") and a verb of obligation
# or the aorist at the end, never "-ebilir" (may) nor "değil" (is not); or the role's responsibility or task
# ("mentorun sorumluluğudur", "koordinatörün görevi")
DUTY_ROLE_WORDS = {"mentee": "(?:mentee|menti)", "mentor": "mentor", "coordinator": "koordinatör"}
DUTY_PATTERNS = (
    r"^(?!.*\bdeğil)(?:[^.]*\s)?{role}(?:,|\s)(?!.*[ae]bilir\w*\W*$).*(?:m[ae]l[ıi](?:d[ıi]r)?|[ıiuüae]r|d[ıiuü]r|t[ıiuü]r)\W*$",
    r"\b{role}(?:['’]?n?[ıiuü]n)\s+(?:\w+\s+)?(?:sorumlulu|görev)",
)

# a section heading that says its section lists a role's duties ("Mentorun sorumlulukları",
# "Mentee'nin görevleri", "Mentorlar"), regex fragments with "{role}" (``workflows.roles``); and,
# in a document whose title names the role alone, "Rolünüz" or "Sorumluluklarınız"
DUTY_HEADINGS = (
    r"^{role}(?:ler|lar)?$",
    r"^{role}['’]?(?:n[ıiuü]n|[ıiuü]n|lerin|ların)\s+(?:rol[üu]|sorumluluklar[ıi]|görevler[ıi])$",
)
OWN_DUTY_HEADINGS = (r"^(?:rolünüz|sorumluluklarınız|görevleriniz)$",)

# a question asking for a role's duties as a whole ("Mentee olarak sorumluluklarım neler?",
# "Mentorun görevleri nelerdir?", "Benden ne bekleniyor?") (``compose.duties``)
DUTY_QUESTIONS = (
    r"(?:sorumluluk|görev)\w*\s+(?:neler|nelerdir|nedir|ne)\b",
    r"\bbenden\s+ne(?:ler)?\s+bekleni",
)
# whose duties such a question asks for, the role word as group "role" ("mentee olarak",
# "mentorumun görevleri"); when none matches, the asker's own
DUTY_HOLDERS = (
    r"\b(?P<role>mentor|mentee|menti|koordinatör)\w*\s+olarak\b",
    r"\b(?P<role>mentor|mentee|menti|koordinatör)['’]?\w*\s+(?:sorumluluk|görev)",
)
# no topic narrows a Turkish duty question: its cases do not show it reliably
DUTY_QUESTION_TOPIC = r"(?!)"

# a question asking for an example or the words to use (``en.SAMPLE_REQUESTS``)
SAMPLE_REQUESTS = (r"\b(?:örne\w*|şablon\w*)", r"\bne\s+(?:yazmal\w*|demeli\w*)")

# an anecdote told in the first person (``compose.lines.is_anecdote``): none recognised in Turkish
ANECDOTE = r"(?!)"
# (no Turkish pattern for a definition yet: Turkish definitions end in a copula suffix, "-dir",
# that many other sentences end in too; ``en.DEFINITION``)
DEFINITION = r"(?!)(?P<term>)"
DEFINITION_QUESTIONS = (r"\bnedir\b", r"\bne\s+demek", r"\btanım")
# a question asking what one named term is or means ("Hız mentorluğu nedir?", "Yapıcı geri
# bildirim tam olarak ne demek?"), the term (one to three words) as group "term" (``en.TERM_QUESTIONS``)
TERM_RATINGS = ("en", "iyi", "ideal", "doğru", "normal", "uygun", "asgari", "azami", "ortalama")
TERM_QUESTIONS = (
    r"^\W*(?P<term>[\w'’-]+(?:\s+[\w'’-]+){0,2})\s+(?:tam\s+olarak\s+|acaba\s+)?"
    r"(?:nedir|ne\s+demek(?:tir)?)\W*$",
)

# a question comparing two things ("Mentor ile sponsor arasındaki fark nedir?"), as groups "term"
# and "other" (``en.COMPARISON_QUESTIONS``)
_SIDE = r"[\w'’-]+(?:\s+[\w'’-]+){0,3}"
COMPARISON_QUESTIONS = (
    r"(?P<term>" + _SIDE + r")\s+(?:ile|ve)\s+(?P<other>" + _SIDE + r")\s+arasındaki\s+fark",
)
COMPARISON_PROFORMS: tuple[str, ...] = ()

# a role named as the asker's own counterpart ("mentee'm", "mentorumla"), regex fragments
# (``scoring.answer_roles``)
POSSESSED_ROLE_WORDS = (r"mentee['’](?:m|me|mi|mle|min|mden)", r"mentor(?:um|uma|umu|umla|umun|umdan)")
# the counterpart with a case ending that makes it an object ("mentorumla", "mentee'me"; not the
# genitive "mentorumun görevleri", which asks about the mentor) (``scoring.answer_roles``)
OBJECT_ROLE_WORDS = (r"mentee['’](?:me|mi|mle|mden)", r"mentor(?:uma|umu|umla|umdan)")

# words that open a follow-up question (``followup``)
FOLLOWUP_OPENERS = ("peki", "ya", "ve", "bir de", "o zaman", "aynısı", "bunun", "onun")

# words that point back to the previous turn (``followup``)
FOLLOWUP_REFERENCES = ("bu", "bunu", "bunlar", "onu", "onlar", "şunu", "ilki", "ilkinde", "sonuncusu")

# words of a follow-up that add nothing to the rewritten question (``followup.condense_offline``)
FOLLOWUP_FILLERS = frozenset({"peki", "için"})

# role names per role, matched at a word start with no word end (``grounding.first_role``);
# Turkish also writes "mentee" and "mentor", which the English lists hold
ROLE_NAMES = {
    "mentee": ("menti",),
    "mentor": (),
    "coordinator": ("koordinatör",),
    "manager": ("yönetici", "amir"),
}

# endings that make "mentor" name no role ("mentorluk", mentoring), regex fragments (``grounding``)
MENTOR_NOT_ROLE = ("lu[kğ]",)

# negations, whole words (``grounding.negated``)
NEGATIONS = ("değil", "asla", "hiçbir", "hiç", "yok")

# phrases anywhere in a sentence that point at something said before it ("bu tür durumlarda",
# "böyle bir görüşmede") (``structure``)
REFERRING_PHRASES = r"\bbu (?:tür|türden|durumda|durumlarda)\b|\bböyle bir\b"

# pairs of opposites, as stems (``en.OPPOSITE_STEMS``): "ilk görüşme" and "son / kapanış görüşmesi"
OPPOSITE_STEMS = (("ilk", "son"), ("ilk", "kapan"))
