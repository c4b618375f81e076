"""Translation: carrying words, sentences or documents from one language into another.

Source text is real: everyday English sentences and documents, and real sentences in ten other
languages. "What does this mean" about a foreign sentence is translation; "what does this term
mean" about an English word is question answering.
"""

from __future__ import annotations

import json
import random

from training.generator import contexts
from training.generator.base import Context, FamilyFactory, context_bucket, raw
from training.generator.pools import ENGLISH_SENTENCES, GENERAL_POOLS, PHRASES

_CHECK_PAIRS = (
    ("Where is the train station?", "Spanish", "¿Dónde está la estación de tren?"),
    ("I would like a coffee, please.", "French", "Je voudrais un café, s'il vous plaît."),
    ("The meeting has been postponed.", "German", "Die Besprechung wurde verschoben."),
    ("Thank you for your help.", "Italian", "Grazie per il tuo aiuto."),
    ("See you tomorrow!", "Portuguese", "Até amanhã!"),
    ("I don't understand.", "Japanese", "わかりません。"),
    ("How much does this cost?", "Mandarin", "这个多少钱？"),
    ("I'm sorry I'm late.", "Spanish", "Perdón por llegar tarde."),
    ("Can you help me?", "French", "Pouvez-vous m'aider ?"),
    ("Happy birthday!", "German", "Alles Gute zum Geburtstag!"),
    ("We are closed on Sundays.", "Dutch", "Wij zijn op zondag gesloten."),
    ("I love this city.", "Italian", "Amo questa città."),
    ("Is this seat taken?", "Spanish", "¿Está ocupado este asiento?"),
    ("My name is Anna and I'm from Canada.", "French", "Je m'appelle Anna et je viens du Canada."),
)

_UI_STRINGS = (
    ("login.button", "Sign in"),
    ("login.forgot", "Forgot your password?"),
    ("cart.empty", "Your cart is empty"),
    ("cart.checkout", "Proceed to checkout"),
    ("profile.save", "Save changes"),
    ("errors.network", "Can't connect. Check your internet connection."),
    ("onboarding.welcome", "Welcome! Let's set up your account."),
    ("settings.dark_mode", "Dark mode"),
    ("orders.track", "Track your order"),
    ("notifications.off", "Notifications are turned off"),
    ("search.placeholder", "Search products, brands and more"),
    ("account.delete", "Delete account"),
)


def _subtitles(rng: random.Random, bucket: int) -> Context | None:
    """Subtitle cues in SRT format, as people paste them for a video they are localizing."""
    count = {1: rng.randint(2, 3), 2: rng.randint(5, 9)}.get(bucket)
    if count is None:
        return None
    lines = rng.sample(ENGLISH_SENTENCES, count)
    cues = []
    second = rng.randint(1, 40)
    for i, line in enumerate(lines, 1):
        cues.append(f"{i}\n00:00:{second:02d},000 --> 00:00:{second + 3:02d},500\n{line}")
        second += 4
    text = "\n\n".join(cues)
    return Context(text, "subtitles", count) if context_bucket(len(text)) == bucket else None


def _ui_strings(rng: random.Random, bucket: int) -> Context | None:
    """App strings as a JSON resource file, the usual unit of software localization."""
    count = {1: rng.randint(3, 5), 2: rng.randint(8, 12)}.get(bucket)
    if count is None:
        return None
    strings = dict(rng.sample(_UI_STRINGS, count))
    text = json.dumps(strings, indent=2, ensure_ascii=False)
    return Context(text, "ui_strings", count) if context_bucket(len(text)) == bucket else None


def _check_pair(rng: random.Random) -> str:
    english, lang, foreign = rng.choice(_CHECK_PAIRS)
    return f'is this {lang} translation right? "{english}" -> "{foreign}"'


POOLS = {
    **GENERAL_POOLS,
    "phrase": PHRASES,
    "english": raw(ENGLISH_SENTENCES),
    "check_pair": _check_pair,
    "word": (
        "butterfly",
        "cozy",
        "deadline",
        "grandmother",
        "procrastinate",
        "sunrise",
        "homesick",
        "umbrella",
        "awkward",
        "lawyer",
        "receipt",
        "spoon",
        "jealous",
        "hangover",
        "neighbor",
        "squirrel",
        "cheers",
        "shopping cart",
        "sunscreen",
        "allergy",
    ),
    "idiom": (
        "it's raining cats and dogs",
        "break a leg",
        "piece of cake",
        "the ball is in your court",
        "once in a blue moon",
        "spill the beans",
        "under the weather",
        "hit the nail on the head",
        "cost an arm and a leg",
        "let the cat out of the bag",
    ),
    "slang": (
        "cool",
        "I'm broke",
        "hangover",
        "no way!",
        "that's awesome",
        "hang out",
        "my bad",
        "what's up",
        "cheap",
    ),
    "relation": (
        "mother-in-law",
        "coworker",
        "landlord",
        "neighbor",
        "new friend",
        "boyfriend's mom",
        "host family",
        "client",
    ),
    "trip_question": (
        'I\'m going to Tokyo next week. How do I say "{phrase}" in Japanese?',
        'Traveling to Lisbon soon - how would I say "{phrase}" in Portuguese?',
        "I'll be in Mexico City for work. What's \"{phrase}\" in Spanish?",
        "Heading to Paris tomorrow! how do you say {phrase} in French",
        "going to Seoul in May, how do i say {phrase} in korean",
        'We\'re visiting Berlin. How do I say "{phrase}" in German?',
        "I'm in Rome right now, what's the Italian for \"{phrase}\"?",
    ),
    "target": (
        "{lang}",
        "{lang}",
        "Spanish",
        "French",
        "German",
        "Japanese",
        "Portuguese",
        "Italian",
    ),
    "lang_code": ("es", "fr", "de", "it", "pt", "ja", "zh", "ko", "nl", "ru"),
}

CONSTRAINTS = (
    "keep it formal",
    "make it casual",
    "use the polite form",
    "keep the names as they are",
    "keep the formatting",
    "keep it natural, not word for word",
    "preserve the tone",
    "use simple vocabulary",
    "make it sound like a native speaker wrote it",
    "keep it about the same length",
)

FOLLOW_UPS = (
    "add a pronunciation guide",
    "explain any words that don't translate directly",
    "give me a more casual version too",
    "translate it back to English so I can check it",
    "explain the grammar briefly",
    "give me two alternative phrasings",
    "note any cultural differences I should know about",
)

family = FamilyFactory("translation", POOLS, CONSTRAINTS, FOLLOW_UPS)

family(
    "how_to_say",
    (
        'how do i say "{phrase}" in {lang}',
        'How do you say "{phrase}" in {lang}?',
        "{phrase} in {lang}?",
        'what\'s "{phrase}" in {lang}',
        "how would you say {phrase} in {lang}",
        'What is the {lang} for "{phrase}"?',
    ),
)
family(
    "translate_to",
    context=contexts.english_text,
    max_bucket=1,
    context_templates=(
        "translate to {target}: {context}",
        'Translate this into {target}: "{context}"',
        'can you translate "{context}" to {target}?',
        "How would I write this in {target}? {context}",
        "{context}\n\n-> {target} please",
        "{target} translation of: {context}",
    ),
)
family(
    "what_does_it_mean",
    context=contexts.foreign_text(),
    max_bucket=1,
    context_templates=(
        'what does "{context}" mean?',
        "What does this mean in English? {context}",
        "translate: {context}",
        '"{context}" - what does that mean',
        "Can you tell me what this says? {context}",
        "english please: {context}",
    ),
)
family(
    "translate_document",
    context=contexts.english_text,
    min_bucket=2,
    context_templates=(
        "Translate the following {doc_noun} into {target}:\n\n{context}",
        "{context}\n\ntranslate this whole thing into {target}",
        "Can you translate this {doc_noun} to {target} for our office there?\n\n{context}",
        "I need this in {target}:\n{context}",
    ),
)
family(
    "foreign_paste",
    context=contexts.foreign_text(),
    max_bucket=1,
    context_templates=(
        "{context}\n\ntranslate pls",
        "{context}\n\nenglish?",
        "{context}\n\nWhat does this say?",
        "{context}\n\ntranslate to english",
    ),
)
family(
    "formal_request",
    context=contexts.english_text,
    context_templates=(
        "Could you please provide a {target} translation of the following text?\n\n{context}",
        "I would appreciate a professional {target} translation of this:\n{context}",
        "Please translate the text below into {target}.\n\n{context}",
    ),
)
family(
    "localize_copy",
    constraints=("don't translate the product names", "adapt the jokes and idioms for the local audience"),
    context=contexts.document(("release_notes", "email", "recipe_blog")),
    max_bucket=2,
    context_templates=(
        "localize this for the {lang} market:\n\n{context}",
        "{context}\n\nadapt this into {lang} for our customers there",
        "Translate and localize this {doc_noun} for {lang}-speaking users:\n{context}",
    ),
)
family(
    "word_for",
    (
        "what's the {lang} word for {word}?",
        "{word} in {lang}",
        'How do you say "{word}" in {lang}?',
        "is there a {lang} word for {word}?",
        "what do they call a {word} in {lang}",
    ),
)
family(
    "tone_specific",
    (
        'how would I say "{english}" politely in {lang}?',
        'What\'s a casual way to say "{english}" in {lang}?',
        'How do I say "{english}" in {lang} to my boss, so it sounds professional?',
        'translate "{english}" into {lang} but make it sound friendly',
    ),
)
family(
    "subtitles",
    context=_subtitles,
    max_bucket=2,
    context_templates=(
        "translate these subtitles to {target}, keep the timestamps:\n\n{context}",
        "{context}\n\nthese subs in {target} please",
        "Can you translate this SRT into {target}?\n{context}",
    ),
)
family(
    "sign_or_menu",
    context=contexts.foreign_text(),
    max_bucket=1,
    context_templates=(
        'I\'m in {src_place} and a sign says "{context}". what does it mean?',
        "Someone in {src_place} wrote this on a note: {context} What does it say?",
        'Got this message from my Airbnb host in {src_place}: "{context}" translate?',
    ),
)
family(
    "message_from_someone",
    context=contexts.foreign_text(),
    max_bucket=1,
    context_templates=(
        'my {relation} texted me "{context}" what does that mean',
        "My {relation} wrote this in {src_lang}: {context}\nWhat is she saying?",
        "got this from my {relation}, can you translate it? {context}",
    ),
)
family(
    "say_to_someone",
    (
        'how do I say "{english}" in {lang} to my {relation}?',
        'I want to tell my {relation} "{english}" in {lang}. How?',
        'Help me write "{english}" in {lang}, it\'s for my {relation}.',
    ),
)
family(
    "ui_strings",
    constraints=(
        "don't translate the product names",
        "keep placeholders untouched",
        "keep each string short enough for a button",
    ),
    context=_ui_strings,
    max_bucket=2,
    context_templates=(
        "translate these UI strings to {target}, keep the keys:\n\n{context}",
        "{context}\n\nlocalize these strings into {target}",
        "We're launching in a new market. Translate the values into {target}:\n{context}",
    ),
)
family(
    "check_translation",
    (
        "{check_pair}",
        "{check_pair} I want to put it on a card.",
        "Quick check: {check_pair}",
    ),
)
family(
    "terse_translate",
    (
        "{english} in {lang}",
        "{lang}: {english}",
        "en -> {lang_code}: {english}",
        "translate {english} {lang}",
        "{phrase} -> {lang}",
    ),
)
family(
    "three_languages",
    steps=3,
    templates=(
        'translate "{phrase}" into {lang}, {lang@2} and {lang@3}',
        'How do you say "{phrase}" in {lang}, {lang@2} and {lang@3}?',
        'Give me "{english}" in {lang}, {lang@2} and {lang@3}.',
    ),
)
family(
    "legal_translation",
    constraints=("keep the legal terms precise", "don't paraphrase any obligations"),
    context=contexts.document(("policy_document",)),
    context_templates=(
        "translate this policy into {target}, keep the legal terminology accurate:\n\n{context}",
        "{context}\n\nWe need an accurate {target} version of this policy for the team in {city}.",
    ),
)
family(
    "idiom",
    (
        'how do you translate the idiom "{idiom}" into {lang} so it makes sense?',
        'Is there a {lang} equivalent of "{idiom}"?',
        "what's the {lang} version of the saying {idiom}",
    ),
)
family("travel_phrase", ("{trip_question}",))
family(
    "teacher_worksheet",
    context=contexts.english_text,
    max_bucket=1,
    context_templates=(
        "I teach {lang} and need these sentences translated for a worksheet: {context}",
        "I'm making flashcards for my {lang} class. Translate: {context}",
    ),
)
family(
    "between_languages",
    context=contexts.foreign_text(("Spanish", "French", "German", "Italian", "Portuguese")),
    max_bucket=1,
    context_templates=(
        "translate this from {src_lang} to {target}: {context}",
        "{context}\n\n{src_lang} -> {target}?",
        "Can you put this {src_lang} sentence into {target}? {context}",
    ),
)
family(
    "translate_and_explain",
    context=contexts.foreign_text(),
    max_bucket=1,
    context_templates=(
        "{context}\n\ncan you translate this and tell me what they want from me?",
        'I received this in {src_lang}: "{context}". Translate it and tell me if I need to reply.',
    ),
)
family(
    "slang",
    (
        'what\'s the {lang} slang for "{slang}"?',
        'How do young people say "{slang}" in {lang}?',
        "{slang} in {lang} slang?",
    ),
)
family(
    "pronunciation",
    (
        'how do you say and pronounce "{phrase}" in {lang}?',
        'Write "{phrase}" in {lang} with the pronunciation.',
        "{phrase} in {lang}, and how do I pronounce it",
        "phonetically, how do I say {phrase} in {lang}?",
    ),
)
family(
    "cover_letter",
    context=contexts.document(("email",)),
    context_templates=(
        "translate my email into {target} before I send it:\n\n{context}",
        "{context}\n\nI need this in {target} to send to our partners. Can you translate it?",
    ),
)
family(
    "translate_table",
    context=contexts.table(
        ("survey ratings", "churn by plan", "sales by region", "headcount and attrition by department")
    ),
    max_bucket=1,
    context_templates=(
        "translate the headers and labels of this table into {target}, keep the numbers as they "
        "are:\n\n{context}",
        "{context}\n\ncan you put this table into {target}? only the words, not the numbers",
    ),
)

FAMILIES = tuple(family.families)
