"""The example questions the Chat tab offers, per role."""

EXAMPLES = {
    "mentee": [
        "How should I prepare for my first session?",
        "Who sends the meeting invitations?",
        "How do I ask my mentor for useful feedback?",
    ],
    "mentor": [
        "What are my responsibilities as a mentor?",
        "My mentee keeps cancelling. What should I do?",
        "How do I give constructive feedback?",
    ],
    "coordinator": [
        "How should we match mentors and mentees?",
        "How often should I check in with each pair?",
        "How do we close a programme cohort well?",
    ],
}
