"""Conversation: small talk, greetings, sharing feelings and news, opinions, questions to the assistant.

The line to problem solving: someone venting about a bad day is conversation; someone asking how
to fix the situation is problem solving. "Tell me about yourself" is conversation, "tell me about
Marie Curie" is question answering. Greetings and "thanks!" also wrap every other intent's
prompts, so a greeting alone never decides the label.
"""

from __future__ import annotations

import random

from training.generator import contexts
from training.generator.base import Context, FamilyFactory, context_bucket
from training.generator.pools import GENERAL_POOLS

_DAY_SENTENCES = (
    "Work was pretty chill today.",
    "I finally finished that book I was reading.",
    "My cat knocked my coffee off the table this morning.",
    "It's been raining all day here.",
    "I went for a long walk by the river after lunch.",
    "My sister called and we talked for like two hours.",
    "I tried making ramen from scratch and it actually turned out okay.",
    "The bus was late again, so I walked.",
    "I've been binge-watching a baking show all weekend.",
    "We had a team lunch and someone brought homemade kimchi.",
    "My neighbor's dog has been barking since 6 am.",
    "I signed up for a pottery class.",
    "I got my first paycheck from the new job.",
    "I ran into an old friend from high school at the grocery store.",
    "I'm trying to drink less coffee but it's not going great.",
    "My plants are finally growing again.",
    "I stayed up way too late playing video games.",
    "My kid lost her first tooth today.",
    "I went to a concert last night and my ears are still ringing.",
    "The sunset today was ridiculous, all pink and orange.",
    "I cleaned my whole apartment and now I don't know what to do with myself.",
    "My grandma taught me her dumpling recipe over video call.",
    "I had the weirdest dream about being late for an exam.",
)


def _day_details(rng: random.Random, bucket: int) -> Context | None:
    """A few lines about the user's day, told the way people chat: no paste, just background."""
    count = {1: rng.randint(1, 3), 2: rng.randint(5, 9)}.get(bucket)
    if count is None:
        return None
    text = " ".join(rng.sample(_DAY_SENTENCES, count))
    return Context(text, "personal_details", count) if context_bucket(len(text)) == bucket else None


POOLS = {
    **GENERAL_POOLS,
    "emotion": (
        "happy",
        "kind of down",
        "really tired",
        "excited",
        "anxious",
        "great",
        "bored",
        "nostalgic",
        "grateful",
        "restless",
    ),
    "reason": (
        "I got a promotion",
        "it's been raining for a week",
        "my best friend is moving away",
        "I finished a big project",
        "my team won last night",
        "I slept terribly",
        "it's finally friday",
        "I miss my family",
        "I'm going on vacation tomorrow",
        "nothing really happened today",
    ),
    "opinion_topic": (
        "pineapple on pizza",
        "cats vs dogs",
        "working from home",
        "the new Star Wars shows",
        "winter",
        "people who recline their seats on planes",
        "social media",
        "cold showers",
        "reality TV",
        "tiny houses",
        "jazz",
        "morning people",
        "audiobooks vs real books",
        "the ending of Game of Thrones",
        "camping",
    ),
    "fav_thing": (
        "movie",
        "book",
        "food",
        "season",
        "color",
        "song",
        "animal",
        "word",
        "holiday",
        "dessert",
        "video game",
        "city",
        "ice cream flavor",
        "time of day",
    ),
    "good_news": (
        "got the job!!",
        "passed my driving test",
        "finally finished my thesis",
        "adopted a puppy today",
        "ran my first 5k",
        "got engaged last night",
        "paid off my student loans",
        "got into grad school",
        "sold my first painting",
        "found out I'm going to be an aunt",
    ),
    "wyr": (
        "be able to fly or be invisible",
        "live in the mountains or by the beach",
        "never use social media again or never watch TV again",
        "have a pet dragon or a pet unicorn",
        "always be 10 minutes late or 20 minutes early",
        "explore space or the deep ocean",
        "speak every language or play every instrument",
        "live without music or without movies",
    ),
    "hypo": (
        "be human for a day",
        "travel anywhere",
        "have any superpower",
        "meet anyone in history",
        "eat food",
        "live in any time period",
        "have a hobby",
        "take a vacation",
    ),
    "deep": (
        "how small we are compared to the universe",
        "whether we have free will",
        "what happens after we die",
        "why we dream",
        "how weird it is that we exist at all",
        "whether time is real",
        "how different life would be if I'd made one different choice",
    ),
    "show": (
        "Breaking Bad",
        "The Bear",
        "Severance",
        "Ted Lasso",
        "Stranger Things",
        "Squid Game",
        "The Office",
        "Shogun",
        "Arcane",
        "Fleabag",
        "Only Murders in the Building",
    ),
    "hobby": (
        "crochet",
        "bouldering",
        "the guitar",
        "sourdough baking",
        "pottery",
        "chess",
        "birdwatching",
        "salsa dancing",
        "Japanese",
        "film photography",
        "running",
    ),
    "pet_thing": (
        "stole a whole sandwich off the counter",
        "got scared of his own reflection",
        "fell asleep in the laundry basket",
        "learned to open the fridge",
        "barked at a leaf for ten minutes",
        "brought me a sock as a present",
    ),
    "vent_thing": (
        "my boss took credit for my work again",
        "I spent three hours in traffic",
        "my flight got delayed twice",
        "my roommate ate my leftovers",
        "nothing went right today",
        "I had back-to-back meetings for eight hours",
        "my landlord still hasn't fixed the heating",
    ),
    "sport_event": (
        "the game last night",
        "the final",
        "that match yesterday",
        "the race on Sunday",
        "the Oscars",
    ),
}

CONSTRAINTS = (
    "keep it casual",
    "don't give me advice, just listen",
    "no lists please",
    "be honest",
    "talk like a friend would",
    "keep it short",
    "don't be so formal",
    "use emojis",
    "don't lecture me",
    "be funny",
)

FOLLOW_UPS = (
    "tell me about your day too",
    "ask me something about myself",
    "tell me what you'd do on a day off",
    "tell me your favorite movie while we're at it",
    "share a random thought",
    "tell me something that made you laugh",
)

family = FamilyFactory("conversation", POOLS, CONSTRAINTS, FOLLOW_UPS, casual=True)

family(
    "greeting",
    augment=False,
    templates=(
        "hey how's it going",
        "hi!",
        "good morning :)",
        "yo what's up",
        "hello there",
        "hey, how are you today?",
        "sup",
        "heyyy",
        "hi, how's your day been?",
        "good evening!",
        "howdy",
        "hello! how are you?",
        "hey you",
        "hiya",
        "morning! how are things",
        "hi there, nice to meet you",
        "hey, long time no see",
        "what's new with you?",
    ),
)
family(
    "about_you",
    (
        "tell me about yourself",
        "what's your name?",
        "are you a real person?",
        "what can you do?",
        "who made you?",
        "do you have a personality?",
        "how old are you?",
        "what do you like to talk about?",
        "so what are you exactly?",
        "Tell me a little about who you are.",
        "do you remember our last chat?",
        "what should I call you?",
    ),
)
family(
    "share_feelings",
    context=_day_details,
    max_bucket=2,
    templates=(
        "I'm feeling {emotion} today because {reason}",
        "honestly feeling {emotion} today",
        "I'm so {emotion} right now lol",
        "today I feel {emotion}. {reason}, you know?",
    ),
    context_templates=(
        "I'm feeling {emotion} today. {context}",
        "{context} Anyway, I'm feeling pretty {emotion}.",
        "feeling {emotion}. {context} how are you?",
    ),
)
family(
    "ask_opinion",
    (
        "what do you think about {opinion_topic}?",
        "thoughts on {opinion_topic}?",
        "{opinion_topic}: yay or nay?",
        "Be honest, what's your take on {opinion_topic}?",
        "ok hot take time. {opinion_topic}, good or bad?",
        "do you like {opinion_topic}?",
    ),
)
family(
    "favorites",
    (
        "what's your favorite {fav_thing}?",
        "Do you have a favorite {fav_thing}?",
        "favorite {fav_thing}? go",
        "if you had to pick a favorite {fav_thing}, what would it be?",
        "mine is pizza, what's your favorite {fav_thing}?",
    ),
)
family(
    "chat_about_day",
    context=_day_details,
    max_bucket=2,
    context_templates=(
        "{context} How was your day?",
        "{context} anyway, what's up with you?",
        "Just wanted to share: {context}",
        "{context} lol. what have you been up to?",
        "so, my day: {context}",
    ),
)
family(
    "good_news",
    (
        "guess what! I {good_news}",
        "I {good_news} 🎉",
        "omg I {good_news}",
        "You'll never believe it, I {good_news}",
        "I have news!! I {good_news}",
        "had to tell someone: I {good_news}",
    ),
)
family(
    "thanks_and_bye",
    augment=False,
    templates=(
        "thanks, that was really helpful!",
        "ok bye!",
        "good night",
        "thank you so much, you're the best",
        "talk later",
        "that's all for now, thanks",
        "cool, thanks!",
        "ok perfect, ttyl",
        "night night",
        "thanks for chatting with me",
        "appreciate you, have a good one",
        "gotta go, bye!",
    ),
)
family(
    "would_you_rather",
    (
        "would you rather {wyr}?",
        "Would you rather {wyr}?",
        "ok would u rather {wyr}",
        "quick game: would you rather {wyr}?",
    ),
)
family(
    "bored",
    (
        "i'm bored, talk to me",
        "entertain me",
        "let's just chat for a bit",
        "I'm so bored. say something interesting",
        "can we just talk? I don't need anything",
        "keep me company for a while?",
        "nothing to do today. chat?",
    ),
)
family(
    "banter",
    augment=False,
    templates=(
        "you're pretty smart lol",
        "haha that's hilarious",
        "lol you're funny",
        "you're my favorite chatbot",
        "ok that was a good one",
        "lmao",
        "wow you're fast",
        "you're kind of sassy today huh",
        "😂😂",
    ),
)
family(
    "lonely",
    (
        "I just moved to {city} and don't know anyone. kinda lonely tbh",
        "feeling a bit lonely tonight, can we talk?",
        "All my friends are busy this weekend. Guess it's just you and me.",
        "do you ever feel lonely? I do sometimes",
    ),
)
family(
    "if_you_could",
    (
        "if you could {hypo}, what would you do?",
        "If you could {hypo}, what would you pick?",
        "imagine you could {hypo}. what's the first thing you'd do?",
    ),
)
family(
    "venting",
    context=contexts.document(("personal_story",)),
    max_bucket=2,
    templates=(
        "ugh, {vent_thing}. I just needed to vent",
        "I don't need advice, I just need to vent: {vent_thing}",
        "can I just complain for a sec? {vent_thing}",
        "{vent_thing}. what a day.",
    ),
    context_templates=(
        "{context}\n\nsorry, I just needed to get that off my chest",
        "I just need to vent for a minute.\n\n{context}",
        "{context}\n\nno advice needed, just wanted someone to listen",
    ),
)
family(
    "celebrate",
    augment=False,
    templates=(
        "it's my birthday today!",
        "today's my birthday 🎂",
        "I'm officially 30 today, wish me happy birthday",
        "it's our anniversary today :)",
        "first day of summer vacation!!!",
        "it's friday!!!",
    ),
)
family(
    "react_to_event",
    (
        "did you see {sport_event}? crazy right",
        "can you believe {sport_event}?",
        "still thinking about {sport_event} lol",
        "{sport_event} was wild, I'm still not over it",
    ),
)
family(
    "deep_thoughts",
    (
        "do you ever think about {deep}?",
        "I've been thinking about {deep} lately",
        "random 2am thought: {deep}",
        "kind of a deep question, but do you think about {deep}?",
    ),
)
family(
    "ai_feelings",
    (
        "do you have feelings?",
        "do you get tired of answering questions?",
        "do you dream?",
        "are you happy?",
        "do you ever get bored?",
        "what's it like being an AI?",
        "do you like talking to people?",
        "do you get lonely?",
    ),
)
family(
    "media_chat",
    (
        "I just finished watching {show}, it was so good. have you heard of it?",
        "ok I'm obsessed with {show} right now",
        "just binged all of {show} in a weekend, no regrets",
        "Has anyone told you about {show}? I love it.",
    ),
)
family(
    "check_in",
    (
        "remember me? we talked yesterday about {topic}",
        "hey it's me again!",
        "I'm back lol",
        "hi again, we chatted last week about {topic}",
        "missed talking to you",
    ),
)
family(
    "practice_language",
    (
        "can we just chat in simple English so I can practice?",
        "I'm learning English. can we talk about {topic}?",
        "please talk with me in easy English, I want to practice conversation",
        "let's have a casual chat, I need speaking practice",
    ),
)
family(
    "pet_story",
    (
        "my dog just {pet_thing} lol",
        "my cat {pet_thing} and I can't stop laughing",
        "funny story: my puppy {pet_thing}",
    ),
)
family(
    "weekend_chat",
    (
        "any plans for the weekend? (I know you're an AI lol)",
        "what would you do on a rainy Sunday?",
        "it's saturday and I have zero plans. what's your ideal weekend?",
        "hows your week going so far?",
    ),
)
family(
    "apology",
    augment=False,
    templates=(
        "sorry I was rude earlier",
        "my bad for snapping at you",
        "sorry, I was in a bad mood before",
        "I apologize for earlier, long day",
        "sorry for yelling at you lol",
    ),
)
family(
    "new_hobby",
    (
        "I just started learning {hobby}! have you ever tried it?",
        "guess who signed up for {hobby} classes 😄",
        "I've gotten really into {hobby} lately",
        "thinking about picking up {hobby}. thoughts?",
    ),
)
family(
    "cheer_me_up",
    (
        "tell me something that will cheer me up",
        "can you say something nice? rough day",
        "make me smile please",
        "I need a pick-me-up",
        "say something to brighten my day",
    ),
)
family(
    "long_message",
    context=contexts.document(("personal_story",)),
    min_bucket=2,
    context_templates=(
        "{context}\n\nanyway, how's your day going?",
        "{context}\n\nsorry for the long message lol, just wanted to tell someone",
        "ok story time.\n\n{context}",
        "{context}\n\nthat's my life update haha. what about you?",
    ),
)

FAMILIES = tuple(family.families)
