"""English words the language checks look for, as plain data: stop words, the words that mark a
question as English, role words, negations, follow-up openers, pronouns and demonstratives, and
abbreviations.

Each list is used in one place, named in its comment; there the English entries come first and
the Turkish ones (``tr``) after them. Order matters where a list becomes a regex alternation.
Entries are plain words unless the comment says regex fragments. It holds no message templates.
"""

from __future__ import annotations

# Snowball stemmer name (``tokens``)
STEMMER = "english"

# stop words, left out of BM25 and lexical-overlap tokens (``tokens.STOPWORDS``)
_STOP_WORDS = """
    a an the and or but if then so of to in on at by for with from as is are was were be been
    being it its this that these those there here what which who whom whose when where why how i
    me my we our you your he she his her they them their do does did doing have has had can
    could should would will shall may might must not no yes about into over under than too very
    just also only any some such each every all both more most other own same up down out off
    again further once am s t don isn let get got
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# frequent words that mark a short question as English (``question.question_language``)
_MARKER_WORDS = """
    the a an what how why who when which is are do does should can i my me and or for to of in
    about with it you
"""
MARKER_WORDS = frozenset(_MARKER_WORDS.split())

# abbreviations whose closing dot ends no sentence, written without that dot (``sentences``)
ABBREVIATIONS = ("e.g", "i.e", "etc", "vs", "Dr", "Mr", "Mrs", "Ms", "No")

# a sentence of one answer word ("Yes.") answers the question its heading asks, not a reader's:
# it joins the sentence after it (``sentences``)
ANSWER_WORDS = ("yes", "no", "yes and no", "not really", "not quite", "absolutely", "definitely")

# months and days: capitalised, but they name a time, not what a document is about (``names``)
CALENDAR_WORDS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

# words that open a sentence leaning on the one before it (``sentences.ANAPHORA``)
SENTENCE_ANAPHORA = ("this", "these", "that", "those", "they", "it", "such", "both")

# pronouns and demonstratives that make a sentence lean on the one before it when they are its
# second word ("Keep it accurate", "Knowing these limits protects ...", "In those cases ...",
# "For this reason ..."), unless the first word opens a question ("Is this ...?") (``structure``)
SECOND_WORD_ANAPHORA = ("it", "them", "they", "this", "these", "those")
# the connectives that only place a sentence in a sequence ("Second, each pair meets regularly ..."):
# without them the sentence says the same alone (``structure``)
SEQUENCE_CONNECTIVES = ("first", "second", "third", "next", "then", "finally", "lastly")
# connectives that answer or continue the sentence before ("A weak relationship, by contrast, tends
# to fade", "However, ...", "First, both mentors and mentees attend ..."), set off by commas
# (``structure``)
CONNECTIVES = (
    "by contrast",
    "in contrast",
    "however",
    "therefore",
    "as a result",
    "instead",
    "otherwise",
    "likewise",
    "similarly",
    "moreover",
    "furthermore",
    *SEQUENCE_CONNECTIVES,
)
# phrases anywhere in a sentence that point at something said before it ("handle such a situation",
# "invite this kind of comment"; "such as" introduces examples and points nowhere) (``structure``)
REFERRING_PHRASES = r"\bsuch an?\b|\b(?:this|these|that|those) (?:kinds?|sorts?|types?) of\b"
# a sentence ending on a negated or echoing auxiliary, its verb left out ("Your peer mentor is
# not.", "Most pairs do too."): it means what the sentence before it says (``structure``). A bare
# auxiliary is left alone: "... how much time they have." ends on a verb.
ELLIPSIS_ENDING = (
    r"\b(?:(?:is|are|was|were|do|does|did|can|could|will|would|should|must|has|have|had|may|might)"
    r"(?:\s+not|n't|\s+(?:too|either|so))|can't|cannot|won't)[.!]$"
)
# openers that compare with what came before ("A better approach is ...", "Another option ...",
# "The same rule applies ..."): the sentence leans on the one before (``structure``)
COMPARATIVE_OPENERS = ("another", "a better", "a more", "a further", "a similar", "the same", "the other")
# prepositions after which "that" points back too ("In that session, ...", "After that, ..."); after
# a verb it opens a clause instead ("Check that the link works")
PREPOSITIONS = ("in", "at", "for", "from", "by", "during", "after", "before", "on", "with", "since", "until")
_QUESTION_OPENERS = """
    is are was were do does did can could should would will has have what how why when where who which
"""
QUESTION_OPENERS = tuple(_QUESTION_OPENERS.split())

# role words per role, regex fragments matched as whole words (``language.roles.ROLE_WORDS``)
ROLE_WORDS = {
    "mentee": ("mentees?",),
    "mentor": ("mentors?",),
    "coordinator": ("coordinators?",),
}

# a sentence stating a duty of a role, regex fragments with "{role}" for the role's word
# (``compose.lines.is_duty``): the role is the subject and the verb asserts or obliges ("A mentor
# guides ...", "The coordinator should ..."), never hedges, negates or describes ("may", "can",
# "is", "has", "does not"); or the sentence names the role's responsibility ("A mentee's first
# responsibility is ...")
DUTY_ROLE_WORDS = {"mentee": "mentee", "mentor": "mentor", "coordinator": "coordinator"}
DUTY_PATTERNS = (
    r"^(?:an?|the|each|every)\s+(?:[a-z]+\s+){{0,2}}{role}\s+(?:also\s+|always\s+|then\s+)?"
    r"(?:(?:should|must|needs?\s+to|has\s+to)(?!\s+not\b)|is\s+(?:responsible|expected)\b"
    r"|(?!(?:is|was|has|does|may|can|might|could|would|needs|seems|varies)\b)[a-z]*[a-rt-z]s\b)",
    r"^(?:an?|the)\s+{role}['’]s\s+(?:[a-z]+\s+)?(?:responsibilit(?:y|ies)|duty|duties|job|task)\b",
)

# a section heading that says its section lists a role's duties, regex fragments with "{role}"
# (``workflows.roles``): "Mentors", "For mentors", "Mentor responsibilities", "The mentor's role",
# "Role of the mentor", "What is expected of mentors", a document titled "Coordinator Programme
# Guide" or "Mentor Handbook"; and, in a document whose title names the
# role alone ("Launchpad Mentor Onboarding"), "Your role" or "Your responsibilities"
DUTY_HEADINGS = (
    r"^(?:for\s+|the\s+)?{role}s?$",
    r"^(?:the\s+|a\s+)?{role}(?:s|['’]s|s['’])?\s+(?:role|responsibilit(?:y|ies)|duties|commitments?)$",
    r"^(?:the\s+)?(?:role|responsibilit(?:y|ies)|duties)\s+of\s+(?:the\s+|a\s+)?{role}s?$",
    r"^what\s+(?:is\s+)?expected\s+(?:of|from)\s+(?:the\s+|a\s+)?{role}s?$",
    r"^(?:the\s+|a\s+)?{role}(?:s|['’]s|s['’])?\s+(?:\w+\s+)?(?:guide|handbook)$",
)
OWN_DUTY_HEADINGS = (r"^your\s+(?:role|responsibilit(?:y|ies)|duties)$",)

# a question asking for a role's duties as a whole ("What are my responsibilities as a mentor?",
# "In short, what am I responsible for?", "What is expected of a mentee?", "What does a
# coordinator actually do?", "Can you list my duties?", "I just signed up as a mentor - what's
# expected from me?", "What am I expected to do as a new mentor?"), answered with the role's
# duties (``compose.duties``)
_WHAT = r"(?:^(?:[\w,'’]+\s+){0,3}?|\s[-–—;:]\s+)what"  # opening the question or a clause after a dash
DUTY_QUESTIONS = (
    _WHAT + r"(?:'s|’s)?\s+(?:[\w'’]+\s+){0,6}?(?:responsibilit(?:y|ies)|duties"
    r"|responsible\s+for|expected\s+(?:of|from)|(?:my|the|a|an|their|our)\s+(?:main\s+)?(?:job|role))\b",
    _WHAT + r"\s+(?:does|do|should)\s+(?:a|an|the|my|our)\s+(?:\w+\s+)?"
    r"(?:mentor|mentee|coordinator)s?\s+(?:actually\s+|really\s+)?do"
    r"(?:\s+(?:day\s+to\s+day|exactly|in\s+practice))?\W*$",
    # "expected to do" with the role named ("... as a new mentor?", "What are mentees expected to
    # do?"); after a scene ("My mentee cancelled twice. What am I expected to do?") it asks what
    # to do there
    _WHAT + r"\s+am\s+i\s+expected\s+to\s+do\s+as\s+(?:an?\s+|the\s+)?(?:\w+\s+)?"
    r"(?:mentor|mentee|coordinator)",
    _WHAT + r"\s+(?:are|is)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:mentor|mentee|coordinator)s?"
    r"\s+expected\s+to\s+do\b",
    r"^(?:[\w,'’]+\s+){0,4}?(?:list|summari[sz]e|outline)\s+(?:[\w'’]+\s+){0,4}?"
    r"(?:responsibilit(?:y|ies)|duties)\b",
)
# whose duties such a question asks for, the role word as group "role" ("as a mentor", "the
# coordinator's duties", "expected of a peer mentor"); when none matches, the asker's own
DUTY_HOLDERS = (
    r"\bas\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?P<role>mentor|mentee|coordinator)\b",
    r"\b(?P<role>mentor|mentee|coordinator)s?['’]s?\s+(?:\w+\s+)?(?:responsibilit|dut|job|role)",
    r"\b(?:responsibilit\w*|duties|job|role)\s+of\s+(?:an?\s+|the\s+|my\s+)?(?:\w+\s+)?"
    r"(?P<role>mentor|mentee|coordinator)",
    r"\bexpected\s+(?:of|from)\s+(?:an?\s+|the\s+|my\s+)?(?:\w+\s+)?(?P<role>mentor|mentee|coordinator)",
    r"\b(?P<role>mentor|mentee|coordinator)s?\s+(?:\w+\s+)?expected\s+to\b",
    r"\b(?:does|do|should)\s+(?:an?|the|my|our)\s+(?:\w+\s+)?(?P<role>mentor|mentee|coordinator)s?\s+"
    r"(?:actually\s+|really\s+)?do\b",
)
# words that narrow such a question to one topic after what it asks for ("What is my role in the
# first session?", "What am I responsible for when my mentee cancels?"): an ordinary question
DUTY_QUESTION_TOPIC = (
    r"\b(?:when|if|during|before|after|about|regarding|with|in\s+(?:the|a|an|my|our|each|every))\b"
)

# a sentence saying what something is ("A mentoring agreement is a short written document ...",
# "Mentoring is a working relationship ..."; the term as group "term"), and a question asking what
# something is or means: E5 rates a definition of X close to any question naming X, so a definition
# of a term the question names leads only the answer to a question asking for one
# (``compose.scoring.Scores.demote_definitions``)
DEFINITION = r"^(?:an?\s+|the\s+)?(?P<term>[\w'’-]+(?:\s+[\w'’-]+){0,3})\s+is\s+an?\s"
DEFINITION_QUESTIONS = (
    r"^\W*what\s*(?:is|are|'s|’s)\s+(?:an?\s+|the\s+)?[\w'’ -]{1,40}\W*$",
    r"\bdefin(?:e|ition)",
    r"\bmean(?:s|ing)?\b",
)

# a question asking what one named term is or means, the term (one to three words) as group
# "term" ("What is speed mentoring?", "What does no-fault mean?", "Define reverse mentoring"); not
# "What's a good first question to ask?" (more words) nor "What is it?" (no content word)
_TERM = r"(?P<term>[\w'’-]+(?:\s+[\w'’-]+){0,2})"
# words of such a term that rate the thing rather than name it ("the ideal length"): the guidance
# needs to name only the rest
TERM_RATINGS = (
    "best",
    "good",
    "ideal",
    "right",
    "usual",
    "normal",
    "typical",
    "main",
    "recommended",
    "proper",
    "correct",
    "standard",
    "minimum",
    "maximum",
    "average",
    "realistic",
    "exact",
)
TERM_QUESTIONS = (
    r"^\W*what\s*(?:is|are|'s|’s)\s+(?:an?\s+|the\s+)?" + _TERM + r"\s*\?*\s*$",
    r"^\W*what\s+(?:does|do)\s+(?:an?\s+|the\s+)?" + _TERM + r"\s+mean\W*$",
    r"^\W*(?:define|definition\s+of)\s+(?:an?\s+|the\s+)?" + _TERM + r"\W*$",
)

# a question comparing two things, each (up to four words, cut at the first function word after a
# content word by ``answering.term``) as group "term" and "other" ("What's the difference between
# a mentor and a sponsor who ...?", "formal vs informal mentoring"): guidance that never names one
# of them cannot compare them
_SIDE = r"[\w'’-]+(?:\s+[\w'’-]+){0,3}"
COMPARISON_QUESTIONS = (
    r"\bdifference\s+between\s+(?P<term>" + _SIDE + r")\s+and\s+(?P<other>" + _SIDE + ")",
    r"(?P<term>" + _SIDE + r")\s+(?:vs\.?|versus)\s+(?P<other>" + _SIDE + ")",
)
# a side ending in one of these stands for the other side's noun ("a specific question versus a
# vague one"): it names no term of its own
COMPARISON_PROFORMS = ("one", "ones")

# a question asking for an example or the words to use ("Can you show me a sample request?", "What
# should I write?"): a quoted sample message may lead its answer, else it never does (``compose.scoring``)
SAMPLE_REQUESTS = (
    r"\b(?:examples?|samples?|templates?|wording|word(?:ed)?\s+it|phrase\s+it)\b",
    r"\bwhat\s+(?:should|could|can|do|would)\s+i\s+(?:say|write|send)\b",
)

# a sentence telling the writer's own story in the past ("Instead I tried a question from the
# slides ...", "We used the Start / Stop / Continue format ..."): an anecdote of a blog post, no
# line of a workflow (``compose.lines.is_anecdote``; read outside quotes, questions excluded)
ANECDOTE = (
    r"^(?:[\w,'’]+\s+){0,3}?(?:I|we)\s+(?:\w+\s+)?(?:\w+[^e\s]ed|had|was|were|sent|spent|wrote|kept|made|got"
    r"|took|did|felt|told|thought|tried|used|talked)\b"
)

# a role named as the asker's own counterpart ("my mentee"), regex fragments (``scoring.answer_roles``)
POSSESSED_ROLE_WORDS = (r"my\s+(?:mentors?|mentees?|coordinators?)",)
# the asker's counterpart as the object of a preposition ("get along with my mentor", "give feedback
# to my mentee"): the question asks about the asker's own part (``scoring.answer_roles``)
OBJECT_ROLE_WORDS = (r"(?:with|to|from|for|about|towards?|at)\s+my\s+(?:mentors?|mentees?|coordinators?)",)

# words that open a follow-up question (``followup``)
FOLLOWUP_OPENERS = (
    "and",
    "or",
    "but",
    "what about",
    "how about",
    "also",
    "then",
    "so",
    "same",
    "and what",
)

# words that point back to the previous turn (``followup``)
FOLLOWUP_REFERENCES = (
    "it",
    "that",
    "this",
    "those",
    "these",
    "them",
    "they",
    "the first one",
    "the second one",
    "the last one",
    "the same",
)

# words of a follow-up that add nothing to the rewritten question (``followup.condense_offline``)
FOLLOWUP_FILLERS = frozenset({"what", "about"})

# role names per role, matched at a word start with no word end (``grounding.first_role``); the
# order across roles is the order of the regex alternation
ROLE_NAMES = {
    "mentee": ("mentee",),
    "mentor": ("mentor",),
    "coordinator": ("coordinator",),
    "manager": ("line manager", "manager"),
}

# endings that make "mentor" name no role ("mentoring"), regex fragments (``grounding``)
MENTOR_NOT_ROLE = ("ing", "ship")

# negations, whole words (``grounding.negated``)
NEGATIONS = (
    "not",
    "never",
    "no",
    "nor",
    "without",
    "cannot",
    "can't",
    "don't",
    "doesn't",
    "isn't",
    "aren't",
    "shouldn't",
    "won't",
)

# pairs of opposites, as stems (``tokens.stems``): a section headed with one answers a question
# asking about the other no better than an unrelated one ("What to Do With Feedback You Receive"
# for "How do I give feedback?", "What should we talk about in the first meeting?" for "our last
# meeting") (``scoring.Scores.mark_opposed``)
OPPOSITE_STEMS = (
    ("give", "receiv"),
    ("send", "receiv"),
    ("first", "last"),
    ("first", "final"),
    ("first", "close"),
    ("start", "end"),
    ("begin", "end"),
    ("befor", "after"),
)
