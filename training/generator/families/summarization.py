"""Summarization: condensing a text (pasted or well known) into its gist, key points or a recap.

The pasted documents are the same ones used for grounded questions, translation and rewriting, so
the label hangs on the instruction (shorten, recap, key points, tl;dr), not on the presence of a
paste. Summaries of well-known books, films and shows need no paste at all.
"""

from __future__ import annotations

from training.generator import contexts
from training.generator.base import FamilyFactory
from training.generator.pools import GENERAL_POOLS

_NEWS = (
    "news_article",
    "earnings_report",
    "science_news",
    "sports_report",
    "health_article",
    "history_passage",
)
_ANY = contexts.document()

POOLS = {
    **GENERAL_POOLS,
    "audience": (
        "boss",
        "team",
        "grandma",
        "10 year old",
        "class",
        "investors",
        "non-technical coworkers",
        "students",
        "newsletter readers",
        "board of directors",
    ),
    "book": (
        "Pride and Prejudice",
        "The Great Gatsby",
        "To Kill a Mockingbird",
        "1984",
        "Frankenstein",
        "The Hobbit",
        "Things Fall Apart",
        "Of Mice and Men",
        "The Catcher in the Rye",
        "Jane Eyre",
        "Macbeth",
        "Hamlet",
        "The Odyssey",
        "Animal Farm",
        "Lord of the Flies",
        "Crime and Punishment",
        "Beloved",
        "The Kite Runner",
    ),
    "nonfiction": (
        "Atomic Habits",
        "Thinking, Fast and Slow",
        "Sapiens",
        "The 7 Habits of Highly Effective People",
        "Deep Work",
        "The Lean Startup",
        "Man's Search for Meaning",
        "Freakonomics",
        "Educated",
        "Quiet",
        "The Psychology of Money",
        "Range",
        "Outliers",
        "The Body Keeps the Score",
    ),
    "movie": (
        "Inception",
        "The Godfather",
        "Parasite",
        "Spirited Away",
        "Titanic",
        "The Shawshank Redemption",
        "Jurassic Park",
        "Back to the Future",
        "The Matrix",
        "Pulp Fiction",
        "Finding Nemo",
        "Casablanca",
        "Interstellar",
        "Get Out",
        "Everything Everywhere All at Once",
    ),
    "show": (
        "Breaking Bad",
        "Friends",
        "Stranger Things",
        "The Office",
        "Game of Thrones",
        "Succession",
        "The Crown",
    ),
    "season": ("1", "2", "3", "one", "two", "the first season", "the last season"),
}

CONSTRAINTS = (
    "keep it to one sentence",
    "use three bullet points",
    "stay under {word_limit} words",
    "write it for someone who hasn't read it",
    "make it skimmable",
    "use no more than five bullets",
    "lead with the most important point",
    "leave out the minor details",
    "write it in the third person",
    "use plain language",
    "avoid jargon",
    "keep it neutral",
)

FOLLOW_UPS = (
    "suggest a title",
    "give me the single most important takeaway",
    "add a one-line tl;dr at the top",
)

_PASTED = dict(
    constraints=(
        "keep the key numbers",
        "don't add anything that isn't in the text",
        "keep the original tone",
    ),
    follow_ups=(
        "list the key numbers mentioned",
        "note anything that seems unclear or missing",
        "list any open questions",
        "pull out the names and dates mentioned",
        "flag any risks it mentions",
    ),
)
_THREAD = dict(
    constraints=(
        "keep the key numbers",
        "don't add anything that isn't in the text",
        "mention who owns each task",
    ),
    follow_ups=(
        "list any action items separately",
        "list any open questions",
        "pull out the deadlines mentioned",
    ),
)
_KNOWN_WORK = dict(
    follow_ups=("list the main themes", "name the main characters", "explain why it's considered important"),
)

family = FamilyFactory("summarization", POOLS, CONSTRAINTS, FOLLOW_UPS)

family(
    "tldr",
    **_PASTED,
    context=_ANY,
    context_templates=(
        "tl;dr: {context}",
        "tldr this\n\n{context}",
        "{context}\n\ntl;dr?",
        "tl;dr pls\n{context}",
        "{context}\n\ntldr",
    ),
)
family(
    "summarize_article",
    **_PASTED,
    context=contexts.document(_NEWS),
    context_templates=(
        "summarize this article:\n\n{context}",
        "Can you summarize this {doc_noun}?\n\n{context}",
        "{context}\n\nsummarize the {doc_noun} above",
        "Summarize the following {doc_noun}:\n{context}",
        "give me a summary of this\n{context}",
        "{context}\n\ncould you give me a quick summary?",
    ),
)
family(
    "key_points",
    **_PASTED,
    context=_ANY,
    context_templates=(
        "give me the key points of this in bullets:\n\n{context}",
        "{context}\n\nbullet point summary please",
        "What are the main points here?\n{context}",
        "Break this down into key points:\n\n{context}",
        "{context}\n\nlist the important bits",
    ),
)
family(
    "one_liner",
    **_PASTED,
    context=_ANY,
    context_templates=(
        "sum this up in one sentence:\n{context}",
        "{context}\n\ncan you give me the one-line version?",
        "In a sentence, what is this {doc_noun} about?\n\n{context}",
        "{context}\n\nsummarize in a single line",
    ),
)
family(
    "meeting_recap",
    **_THREAD,
    context=contexts.document(("meeting_notes",)),
    context_templates=(
        "here are my notes from today's meeting, can you summarize them?\n\n{context}",
        "{context}\n\nsummarize the decisions and action items",
        "Turn these meeting notes into a short recap email:\n{context}",
        "{context}\n\nrecap what we actually decided",
        "Summarize this for people who missed the meeting:\n{context}",
    ),
)
family(
    "email_digest",
    **_THREAD,
    context=contexts.document(("email", "policy_document")),
    context_templates=(
        "summarize this email for me:\n\n{context}",
        "{context}\n\nwhat's this email saying in short?",
        "Can you give me the short version of this message?\n{context}",
        "{context}\n\ntoo long didn't read, what do I need to know",
        "My manager sent this. What's the gist?\n\n{context}",
    ),
)
family(
    "plain_english_gist",
    **_PASTED,
    context=contexts.document(
        ("policy_document", "research_abstract", "lecture_transcript", "health_article")
    ),
    context_templates=(
        "what is this saying in plain English? keep it short\n\n{context}",
        "{context}\n\nbriefly, what's the upshot of this in simple words?",
        "Give me the short, simple version of this:\n{context}",
    ),
)
family(
    "executive_summary",
    **_PASTED,
    context=contexts.document(("earnings_report", "research_abstract", "release_notes", "policy_document")),
    context_templates=(
        "Write an executive summary of the following:\n\n{context}",
        "{context}\n\nPlease prepare a brief executive summary.",
        "Draft a short summary of this {doc_noun} for leadership:\n{context}",
    ),
)
family(
    "abstract_condense",
    **_PASTED,
    context=contexts.document(("research_abstract", "science_news")),
    context_templates=(
        "condense this abstract for a newsletter:\n\n{context}",
        "{context}\n\nsummarize this study's findings",
        "Summarize what this study found, in short:\n{context}",
        "{context}\n\nshort summary of the research please",
    ),
)
family(
    "review_digest",
    **_PASTED,
    context=contexts.document(("product_reviews",)),
    context_templates=(
        "summarize what these customers are saying:\n\n{context}",
        "{context}\n\nsummarize the overall sentiment in these reviews",
        "Sum up these reviews of the {product} for me:\n{context}",
        "{context}\n\nsummarize the common complaints and praise",
    ),
)
family(
    "chat_recap",
    **_THREAD,
    context=contexts.document(("support_chat",)),
    context_templates=(
        "summarize this support chat:\n\n{context}",
        "{context}\n\nwrite a short summary for the ticket notes",
        "Give me the short version of what happened in this conversation.\n{context}",
        "{context}\n\nrecap this chat in two lines",
    ),
)
family(
    "book_summary",
    **_KNOWN_WORK,
    templates=(
        "summarize {book}",
        "give me a summary of {book}",
        "What happens in {book}? Short summary please.",
        "can you give me a chapter-by-chapter summary of {book}?",
        "Summarize the plot of {book} for a book report.",
        "quick recap of {book}, I have a test tomorrow",
    ),
)
family(
    "nonfiction_key_ideas",
    **_KNOWN_WORK,
    templates=(
        "summarize the key ideas of {nonfiction}",
        "What are the main takeaways from {nonfiction}?",
        "give me the cliff notes for {nonfiction}",
        "Summarize {nonfiction} in a few paragraphs.",
        "sum up {nonfiction} for someone who won't read it",
    ),
)
family(
    "movie_plot",
    **_KNOWN_WORK,
    templates=(
        "quick summary of {movie} without spoilers",
        "Give me a short plot summary of {movie}.",
        "summarize {movie} in a paragraph",
        "sum up the plot of {movie}, I fell asleep halfway",
        "give me a spoiler-free synopsis of {movie}",
    ),
)
family(
    "show_recap",
    **_KNOWN_WORK,
    templates=(
        "recap season {season} of {show}",
        "Can you summarize what happened in {show} season {season}?",
        "I'm about to start the next season of {show}. Recap the last one for me.",
    ),
)
family(
    "lecture_notes",
    **_PASTED,
    context=contexts.document(("lecture_transcript",)),
    context_templates=(
        "{context}\n\ncan you summarize this lecture for my notes?",
        "Summarize this lecture transcript:\n\n{context}",
        "this is from a youtube video, what's the gist?\n\n{context}",
        "{context}\n\nturn this into short study notes",
    ),
)
family(
    "terse_paste",
    **_PASTED,
    context=_ANY,
    context_templates=(
        "{context}\n\nsummary?",
        "{context}\n\nsummarize",
        "{context}\n\nshorter pls",
        "Summarize:\n{context}",
        "{context}\n\nsum up",
        "summary of this pls\n{context}",
    ),
)
family(
    "condense",
    **_PASTED,
    context=_ANY,
    min_bucket=2,
    context_templates=(
        "make this shorter but keep the main points:\n\n{context}",
        "{context}\n\ncan you cut this down to half the length?",
        "Condense this {doc_noun} into a short paragraph:\n{context}",
        "{context}\n\nshorten this for me",
    ),
)
family(
    "takeaways",
    **_PASTED,
    context=_ANY,
    context_templates=(
        "what are the main takeaways from this?\n\n{context}",
        "{context}\n\nwhat should I take away from this?",
        "Key takeaways from this {doc_noun}, please:\n{context}",
    ),
)
family(
    "for_audience",
    **_PASTED,
    context=_ANY,
    context_templates=(
        "summarize this for my {audience}:\n\n{context}",
        "{context}\n\nsummarize this so my {audience} can understand it",
        "I need to brief my {audience} on this. Summarize it:\n{context}",
    ),
)
family(
    "section_by_section",
    **_PASTED,
    context=_ANY,
    min_bucket=2,
    context_templates=(
        "summarize each part of this separately:\n\n{context}",
        "{context}\n\ngive me a one-line summary for each section",
        "Go through this and summarize it point by point:\n{context}",
    ),
)
family(
    "formal_request",
    **_PASTED,
    context=_ANY,
    context_templates=(
        "Please provide a concise summary of the text below.\n\n{context}",
        "I would be grateful for a brief summary of the following {doc_noun}:\n\n{context}",
        "Kindly summarize the main arguments of this text:\n{context}",
    ),
)
family(
    "post_recap",
    **_PASTED,
    context=contexts.document(("personal_story", "op_ed")),
    context_templates=(
        "can you summarize what this person is saying?\n\n{context}",
        "{context}\n\nsummarize this post in a couple of sentences",
        "My friend sent me this long message. Summarize it?\n{context}",
    ),
)
family(
    "headline_and_summary",
    **_PASTED,
    context=contexts.document(_NEWS),
    context_templates=(
        "write a headline and a two-line summary for this:\n\n{context}",
        "{context}\n\ngive this a title and a short summary",
    ),
)
family(
    "changelog_summary",
    **_PASTED,
    context=contexts.document(("release_notes",)),
    max_bucket=2,
    context_templates=(
        "summarize what changed in this release:\n\n{context}",
        "{context}\n\nwhat are the important changes here?",
        "Summarize these release notes for our users:\n{context}",
    ),
)
family(
    "catch_me_up",
    **_THREAD,
    context=contexts.document(("meeting_notes", "email", "support_chat", "lecture_transcript")),
    context_templates=(
        "I missed this, catch me up:\n\n{context}",
        "{context}\n\nI was out sick. what did I miss?",
        "Can you recap this for someone who wasn't there?\n{context}",
    ),
)

FAMILIES = tuple(family.families)
