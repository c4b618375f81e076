"""Families in the style of real prompts: terse imperative tasks and plain questions, for every intent.

The older families lean on chat phrasing (greetings, "can you", "pls"); prompts people actually type
are mostly a plain question ("Why are flamingos pink?"), an imperative task ("Give me examples of
flightless birds"), a task line over an input block ("Fix the grammar in this paragraph: ..."), a
list of items to sort, or a role-play opener. Each intent gets such families here, labelled by the
guide in docs/taxonomy.md, and each style (wh-question, imperative, pasted block, digits, a list of
items) appears under several intents, so none of them names the intent on its own.

Families are declared with the intent's own pools, constraints and follow-ups (from its module)
plus the pools below, and the registry appends them to the intent's families.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

from training.generator import contexts
from training.generator.base import Family, FamilyFactory, SlotPool, number
from training.generator.families import (
    code_generation,
    conversation,
    creative_writing,
    data_analysis,
    problem_solving,
    question_answering,
    reasoning,
    summarization,
    task_planning,
    translation,
)


def _items(values: Sequence[str], low: int, high: int) -> Callable[[random.Random], str]:
    """A comma-separated sample of ``values``, the way people list things in one line."""
    frozen = tuple(values)
    return lambda rng: ", ".join(rng.sample(frozen, rng.randint(low, min(high, len(frozen)))))


def _numbers(low: int, high: int, count: tuple[int, int]) -> Callable[[random.Random], str]:
    """Inline numbers ("12, 15, 9, 20") for statistics asked about in one sentence."""
    return lambda rng: ", ".join(str(rng.randint(low, high)) for _ in range(rng.randint(*count)))


def _monthly(rng: random.Random) -> str:
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    start = rng.randrange(6)
    base = rng.randint(80, 400)
    values = [base + rng.randint(-30, 45) * (i + 1) // 2 for i in range(rng.randint(4, 6))]
    return ", ".join(f"{months[start + i]} {v}" for i, v in enumerate(values))


def _classify_task(rng: random.Random) -> str:
    """A category question over a mixed list: "which of these are fruits: plum, leek, ..."."""
    category, members, others = rng.choice(_CLASSIFY_SETS)
    chosen = rng.sample(members, rng.randint(2, 3)) + rng.sample(others, rng.randint(2, 3))
    rng.shuffle(chosen)
    listed = ", ".join(chosen)
    a, b = category
    return rng.choice(
        (
            f"which of these are {a}: {listed}",
            f"classify each of the following as {a} or {b}: {listed}",
            f"Tell me which of these are {a} and which are {b}: {listed}",
            f"{listed}. Which ones are {a}?",
            f"Sort these into {a} and {b}: {listed}",
            f"Identify the {a} in this list: {listed}",
        )
    )


_ANSWER_SETS: tuple[tuple[str, ...], ...] = (
    ("yes", "no", "maybe"),
    ("agree", "neutral", "disagree"),
    ("red", "blue", "green", "black"),
    ("bus", "car", "bike", "walk"),
    ("cat", "dog", "none", "fish"),
    ("morning", "afternoon", "evening"),
)


def _answers(rng: random.Random) -> str:
    """Categorical survey answers to tally; counting them is data analysis without any digits."""
    options = rng.choice(_ANSWER_SETS)
    weights = [rng.random() + 0.2 for _ in options]
    return ", ".join(rng.choices(options, weights, k=rng.randint(9, 16)))


_CLASSIFY_SETS: tuple[tuple[tuple[str, str], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("fruits", "vegetables"),
        ("plum", "mango", "kiwi", "apricot", "fig"),
        ("leek", "carrot", "celery", "kale"),
    ),
    (
        ("mammals", "reptiles"),
        ("otter", "bat", "dolphin", "hedgehog"),
        ("iguana", "gecko", "tortoise", "cobra"),
    ),
    (
        ("string instruments", "percussion instruments"),
        ("cello", "banjo", "harp", "sitar"),
        ("marimba", "snare drum", "tabla", "cymbal"),
    ),
    (
        ("European capitals", "other cities"),
        ("Lisbon", "Vienna", "Oslo", "Dublin"),
        ("Milan", "Porto", "Hamburg", "Lyon"),
    ),
    (("prime numbers", "composite numbers"), ("7", "13", "29", "41"), ("9", "21", "35", "51")),
    (("metals", "non-metals"), ("copper", "zinc", "iron", "tin"), ("sulfur", "carbon", "neon", "iodine")),
    (
        ("team sports", "individual sports"),
        ("volleyball", "hockey", "water polo", "cricket"),
        ("archery", "fencing", "golf", "surfing"),
    ),
    (
        ("renewable energy sources", "fossil fuels"),
        ("wind", "solar", "geothermal", "tidal"),
        ("coal", "diesel", "natural gas", "peat"),
    ),
    (
        ("things that float", "things that sink"),
        ("cork", "a rubber duck", "an empty bottle", "a pine log"),
        ("a coin", "a key", "a marble", "a brick"),
    ),
    (
        ("romance languages", "germanic languages"),
        ("Italian", "Romanian", "Catalan", "Portuguese"),
        ("Dutch", "Swedish", "German", "Icelandic"),
    ),
    (
        ("planets", "moons"),
        ("Mars", "Neptune", "Venus", "Saturn"),
        ("Titan", "Europa", "Phobos", "Ganymede"),
    ),
    (("birds", "insects"), ("heron", "finch", "magpie", "ostrich"), ("beetle", "moth", "wasp", "cricket")),
)

POOLS: dict[str, SlotPool] = {
    # ---- question answering
    "qa_thing": (
        "a sea otter",
        "the Treaty of Westphalia",
        "a sonnet",
        "the offside rule",
        "a credit union",
        "basalt",
        "the Pareto principle",
        "an annuity",
        "a quasar",
        "kombucha",
        "the Hanseatic League",
        "a Michelin star",
        "polyphony",
        "a monsoon",
        "the Mughal Empire",
        "a bassoon",
        "a lithium-ion battery",
        "the Federal Reserve",
        "a tsunami",
        "a haiku",
        "the Tour de France",
        "a sommelier",
        "a hedge maze",
        "the Bauhaus movement",
        "a tariff",
        "a stock split",
        "an isotope",
        "a fjord",
        "the Geneva Conventions",
        "a prenuptial agreement",
        "sashimi",
        "a marsupial",
        "an aquifer",
        "the Rosetta Stone",
        "a filibuster",
        "a decathlon",
    ),
    "who_q": (
        "was the first person to reach the South Pole",
        "painted the ceiling of the Sistine Chapel",
        "composed The Four Seasons",
        "discovered penicillin",
        "won the first FIFA World Cup",
        "was the first woman in space",
        "designed the Eiffel Tower",
        "wrote the Odyssey",
        "founded the Mongol Empire",
        "proposed the theory of plate tectonics",
        "was the longest reigning British monarch",
        "invented the World Wide Web",
        "built the first successful steam locomotive",
        "directed the first feature-length animated film",
    ),
    "when_q": (
        "was the Eiffel Tower built",
        "did the Byzantine Empire end",
        "was the first email sent",
        "did humans first land on the moon",
        "was the Great Fire of London",
        "did the Berlin Wall come down",
        "was the euro introduced",
        "did the Olympics start again in modern times",
        "was paper invented",
        "did the first Harry Potter book come out",
        "did dinosaurs go extinct",
        "was the Panama Canal finished",
    ),
    "where_q": (
        "is the Okavango Delta",
        "did the Olympic Games start",
        "do kiwi birds live",
        "do cashews grow",
        "is the deepest lake in the world",
        "was the printing press invented",
        "is the Atacama Desert",
        "did chess originate",
        "are most of the world's volcanoes",
        "is Timbuktu",
        "did coffee come from originally",
        "is the tallest waterfall in the world",
    ),
    "why_how_q": (
        "why are flamingos pink",
        "why do some trees lose their leaves in winter",
        "how do bees make honey",
        "how do vaccines train the immune system",
        "why is sea level rising",
        "how do noise-cancelling headphones work",
        "why do we have seasons",
        "how does a bill become a law",
        "why do cats knead blankets",
        "how are rainbows formed",
        "why is the Dead Sea called dead",
        "how do airplanes stay in the air",
        "why do onions make your eyes water",
        "how does compound interest work",
        "why do some people have freckles",
        "how did the pyramids get built",
        "why do golf balls have dimples",
        "how do whales sleep",
    ),
    "example_cat": (
        "flightless birds",
        "famous female scientists",
        "board games for two players",
        "renewable energy sources",
        "Shakespeare comedies",
        "healthy snacks for work",
        "countries in South America",
        "programming languages used for data science",
        "dog breeds that shed very little",
        "indoor plants that need little light",
        "famous bridges in Europe",
        "types of pasta",
        "Greek gods",
        "things to do in {city} on a rainy day",
        "classic novels under 200 pages",
        "national parks in the US",
        "root vegetables",
        "famous jazz musicians",
        "ways to save water at home",
        "hobbies you can do at home",
        "mammals that live in the ocean",
        "famous inventions from the 1800s",
        "woodwind instruments",
        "desserts from {country}",
        "sci-fi movies from the 80s",
        "gifts for someone who loves cooking",
        "exercises you can do without equipment",
        "cheeses from France",
    ),
    "choice_q": (
        "what is the best running shoe for a beginner training for a first 10k",
        "which camera is best for travel photography",
        "which programming language is best for a first-time programmer",
        "what houseplant is best for a dark apartment",
        "which dog breed is best for a family with small kids",
        "what is the best time of year to visit {city}",
        "which board game is best for a group of six",
        "what kind of flour is best for baking bread",
        "which wine goes best with a steak dinner",
        "what is the best way to learn a new language as an adult",
        "what is a good first car for a teenager",
        "which streaming service has the best documentaries",
    ),
    "rec_thing": (
        "books for someone who loved {book}",
        "podcasts about history",
        "movies like Interstellar",
        "day trips from {city}",
        "albums to get into jazz",
        "apps for learning to meditate",
        "games for a long car ride",
        "vegetarian dishes to cook for guests",
        "YouTube channels for learning math",
        "documentaries about the ocean",
        "names of classic novels to read this summer",
    ),
    "idea_for": (
        "a first date",
        "a rainy Saturday with kids",
        "a retirement party",
        "a 10th wedding anniversary gift",
        "a team-building activity",
        "a science fair project",
        "a themed dinner party",
        "a weekend hobby",
    ),
    "rank_task": (
        "rank these countries by population: {country}, {country@2}, {country@3}, {country@4}",
        "order these planets by distance from the sun: Mars, Venus, Jupiter, Mercury",
        "sort these animals from smallest to largest: elephant, mouse, horse, cat, whale",
        "rank these rivers by length: the Nile, the Danube, the Amazon, the Thames",
        "put these events in chronological order: the moon landing, the French Revolution, "
        "the invention of the telephone, World War I",
        "list these mountains from highest to lowest: K2, Everest, Mont Blanc, Kilimanjaro",
        "order these cities by population: {city}, {city@2}, {city@3}",
        "rank the Harry Potter books by length",
        "arrange these elements by atomic number: oxygen, carbon, helium, iron",
    ),
    "hist_if": (
        "the Roman Empire had never fallen",
        "the printing press had never been invented",
        "Napoleon had won at Waterloo",
        "the Library of Alexandria had survived",
        "the Spanish Armada had won",
        "the dinosaurs had not gone extinct",
        "the internet had been invented in the 1950s",
        "the Black Death had never happened",
        "China had kept exploring the oceans after Zheng He",
        "the Wright brothers had failed",
    ),
    "film": (
        "Inception",
        "The Sixth Sense",
        "Shutter Island",
        "Blade Runner",
        "2001: A Space Odyssey",
        "Parasite",
        "Arrival",
        "The Graduate",
        "No Country for Old Men",
        "Lost in Translation",
        "Donnie Darko",
        "Interstellar",
    ),
    "yes_no_q": (
        "is a tomato a fruit",
        "can dogs eat grapes",
        "do penguins have knees",
        "are bats mammals",
        "is Pluto a planet",
        "can you see the Great Wall from space",
        "do fish sleep",
        "is glass a liquid",
        "are spiders insects",
        "is coffee a diuretic",
        "can octopuses change color",
        "is Greenland part of Europe",
        "do all snakes lay eggs",
        "is a peanut a nut",
    ),
    "general_howto": (
        "brew pour-over coffee",
        "tie a bowline knot",
        "start composting at home",
        "learn to juggle",
        "keep cut flowers fresh longer",
        "season a wok",
        "choose a ripe watermelon",
        "store fresh herbs",
        "get better at chess",
        "make a budget",
        "write a good cover letter",
        "train a puppy to sit",
        "fold a fitted sheet",
        "read music",
        "build a campfire",
        "negotiate a salary",
    ),
    "greatest": (
        "tennis player",
        "basketball player",
        "Formula 1 driver",
        "guitarist",
        "science fiction novel",
        "painter of the 20th century",
        "James Bond actor",
        "animated movie",
        "football club",
        "rock band",
    ),
    # ---- creative writing
    "cw_role": (
        "a lighthouse keeper in 1890",
        "the last tree in a city",
        "a cat who has just moved house",
        "an astronaut on a long mission",
        "a dragon guarding an empty cave",
        "a street musician in {city}",
        "a retired detective",
        "the moon",
    ),
    "cw_piece": (
        "a diary entry about your day",
        "a letter to your younger self",
        "a short monologue",
        "a poem about what you see",
        "a postcard home",
        "a speech to a crowd",
    ),
    "letter_task": (
        "my landlord asking to fix the heating",
        "my neighbor about their dog barking at night",
        "my child's teacher explaining an absence",
        "a friend I haven't spoken to in years",
        "my team announcing that I'm leaving",
        "a hotel asking for a late checkout",
        "my grandmother thanking her for the sweater",
        "a company asking for a refund",
    ),
    "essay_topic": (
        "why libraries still matter",
        "the joy of cooking for others",
        "life in a small town",
        "the first day of spring",
        "what friendship means",
        "the ocean at night",
        "growing up with siblings",
        "learning to fail",
        "the smell of rain",
    ),
    "edit_change": (
        "more polite",
        "more formal",
        "more casual",
        "friendlier",
        "more concise",
        "more confident",
        "less aggressive",
        "more persuasive",
        "simpler, so a ten year old could follow it",
        "sound less like a robot",
    ),
    "edit_op": (
        "Fix the grammar in",
        "Correct the spelling and punctuation in",
        "Proofread",
        "Rewrite in the passive voice",
        "Change to the past tense",
        "Rewrite in the first person",
        "Remove the jargon from",
        "Paraphrase",
    ),
    # ---- code generation
    "given_code_task": (
        "a list of integers, write a function that returns the second largest value",
        "a string, write code that checks whether it is a palindrome",
        "two sorted arrays, write a function that merges them into one sorted array",
        "a list of words, write code that counts how often each one appears",
        "a binary tree, write a function that returns its maximum depth",
        "a sentence, write a function that reverses the order of the words",
        "an array of numbers, write code that moves all the zeros to the end",
        "a date string, write a function that returns the day of the week",
        "a list of dictionaries, write code that sorts them by the 'age' key",
        "a matrix, write a function that rotates it 90 degrees",
    ),
    "sql_task": (
        "find the second highest salary in an employees table",
        "count the orders per customer and show only customers with more than 5",
        "list all products that have never been ordered",
        "get the most recent login for each user",
        "find duplicate email addresses in a users table",
        "delete rows older than 90 days from a logs table",
        "join orders and customers and return the customer name with each order",
        "add an index on the created_at column of the events table",
    ),
    "git_task": (
        "undo my last commit but keep the changes",
        "rename a branch",
        "see which files changed in the last commit",
        "delete a remote branch",
        "squash the last three commits",
        "stash only one file",
        "list all containers including stopped ones",
        "remove all unused docker images",
    ),
    # ---- data analysis
    "nums": _numbers(2, 98, (5, 11)),
    "series": _monthly,
    "big_a": number(1200, 9800, 50),
    "big_b": number(1200, 9800, 50),
    "score_list": _numbers(55, 100, (6, 12)),
    "cat_responses": _answers,
    "trend_desc": (
        "sales rose every month in spring, fell sharply in July and only partly recovered by December",
        "website visits double on weekends but sign-ups stay flat",
        "customer complaints went down after the redesign while returns went up",
        "our cheapest plan has the most users but the premium plan brings in most of the revenue",
        "attendance is high in the first week of every course and drops off steadily after that",
        "delivery times got longer in every region except the north",
        "the newest stores sell more per visitor than the old ones but have fewer visitors",
    ),
    "rp_place": (
        "a tavern on a rainy night",
        "a spaceship that has just lost power",
        "a small bookshop in {city}",
        "the waiting room of a train station",
        "a pirate ship in a storm",
        "a cafe on the first day of spring",
    ),
    "short_text": (
        "are we still on for dinner tomorrow?",
        "can you cover my shift on Saturday?",
        "I'm so sorry I missed your party, things got crazy at work.",
        "Congrats on the new job!! We have to celebrate.",
        "hey, do you still have my blue jacket?",
        "Running 20 minutes late, sorry!",
        "Can we move the meeting to 3pm?",
        "Thanks for the flowers, they're beautiful.",
        "Want to come hiking with us on Sunday?",
        "Did you get home okay last night?",
    ),
    # ---- reasoning
    "two_digit": number(12, 99),
    "percent": number(5, 45, 5),
    "speed": number(40, 120, 10),
    "distance": number(60, 480, 20),
    "age_gap": number(2, 9),
    "sibling_puzzle": (
        "{name} has {n_small} brothers and each brother has one sister. how many sisters does {name} have",
        "{name} is older than {name@2}, and {name@2} is older than {name@3}. who is the youngest",
        "{name}'s father has five daughters: Nana, Nene, Nini, Nono. what is the name of the fifth daughter",
        "if {name} is {age_gap} years older than {name@2} and together they are 40, how old is each of them",
        "{name} sits left of {name@2}, and {name@3} sits right of {name@2}. who is in the middle",
        "{name} is twice as old as {name@2} was when {name} was as old as {name@2} is now. "
        "if {name} is 24, how old is {name@2}",
    ),
    # ---- summarization
    "doc_piece": ("email", "article", "paragraph", "passage", "post", "text", "announcement", "story"),
    # ---- translation
    "word_list": _items(
        (
            "apple",
            "house",
            "river",
            "friend",
            "morning",
            "bread",
            "window",
            "library",
            "train",
            "happy",
            "cold",
            "blue",
            "to sleep",
            "to read",
            "tomorrow",
        ),
        3,
        7,
    ),
    "dialect": (
        "British English",
        "American English",
        "Brazilian Portuguese",
        "European Portuguese",
        "Latin American Spanish",
        "Swiss German",
        "Canadian French",
    ),
    "script_target": (
        "the Cyrillic alphabet",
        "Latin letters",
        "Hiragana",
        "Devanagari",
        "Greek letters",
        "the Korean alphabet",
    ),
    # ---- conversation
    "rp_role": (
        "a grumpy pirate captain",
        "my old school friend",
        "a barista at a busy cafe",
        "a medieval innkeeper",
        "Sherlock Holmes",
        "a friendly alien visiting Earth",
        "my personal cheerleader",
        "a talk show host interviewing me",
        "a shopkeeper in {city}",
        "a knight who just got back from a quest",
    ),
    "rp_open": (
        "say hello to me",
        "ask me how my day was",
        "greet me as I walk in",
        "start a conversation with me",
        "tell me what's new with you",
        "introduce yourself",
    ),
    "reply_goal": (
        "politely",
        "saying I can't make it",
        "accepting the offer",
        "saying thanks and that I'll get back to them next week",
        "declining nicely",
        "asking for a few more days",
        "in a friendly way",
        "saying yes",
    ),
    "chat_q": (
        "how was your weekend",
        "are you having a good day",
        "what are you up to today",
        "have you ever been to {city}",
        "which season do you like best",
        "if you were an animal what would you be",
        "what kind of music do you like",
        "do you prefer mornings or evenings",
        "what did you think of the last book you read",
        "what's the best advice anyone ever gave you",
        "are you a cat person or a dog person",
    ),
    "chat_statement": (
        "I just got back from {city}",
        "my sister turns {two_digit} tomorrow",
        "I ran {n_small} km this morning",
        "it's 2am and I can't sleep",
        "I finally finished my first marathon",
        "my team won {n_small}-1 last night",
        "I adopted a kitten today",
        "I've been learning the guitar for {n_small} months now",
        "it's been raining for {n_small} days straight here",
        "I passed my driving test",
    ),
    # ---- task planning
    "steps_goal": (
        "get a driver's license",
        "apply to graduate school",
        "move to another country for work",
        "run a half marathon",
        "publish a children's book",
        "switch careers into nursing",
        "adopt a rescue dog",
        "start a podcast",
        "renovate a kitchen",
        "prepare for a job interview next week",
        "open a small bakery",
        "learn to swim as an adult",
    ),
    "pack_for": (
        "a week of camping",
        "a ski trip",
        "a beach holiday in {country}",
        "a business trip to {city}",
        "a hospital stay for giving birth",
        "a 3-day music festival",
        "moving into a college dorm",
        "a long-haul flight with a toddler",
    ),
    "task_list": _items(
        (
            "laundry",
            "gym",
            "call the bank",
            "finish the report",
            "groceries",
            "pick up the kids at 3",
            "dentist at 11",
            "reply to emails",
            "cook dinner",
            "walk the dog",
            "study for 2 hours",
            "team meeting at 10",
        ),
        4,
        7,
    ),
    # ---- problem solving
    "own_issue": (
        "my bread always come out dense",
        "my dog bark every time the doorbell rings",
        "my laptop fan run so loud even when nothing is open",
        "my sourdough starter smell like nail polish",
        "my toddler wake up at 5am every day",
        "my wifi drop every evening around 8",
        "my car battery keep dying overnight",
        "my cookies spread flat in the oven",
        "my basil keep wilting",
        "my phone get hot while charging",
    ),
    "decision": (
        "rent or buy an apartment in {city}",
        "quit my job to go back to school",
        "take the job with more money or the one closer to home",
        "repair my old car or buy a new one",
        "move in with my partner after {n_small} months",
        "pay off my student loans or invest",
        "switch to the night shift for the extra pay",
        "tell my friend her boyfriend is cheating",
        "accept a counteroffer from my current employer",
        "put my dog through an expensive surgery",
    ),
    "pet_problem": (
        "my cat from scratching the couch",
        "my dog from pulling on the leash",
        "my puppy from chewing the furniture",
        "my parrot from screaming in the morning",
        "my cat from waking me up at 4am",
        "my dog from eating too fast",
    ),
}


_PROTECTED = frozenset(POOLS)


def _factory(module: ModuleType, casual: bool = False) -> FamilyFactory:
    """A factory for one intent with its module's pools, constraints and follow-ups plus ours."""
    pools: Mapping[str, SlotPool] = module.POOLS
    clash = _PROTECTED & set(pools)
    if clash:
        raise RuntimeError(f"{module.__name__} already defines pools {sorted(clash)}")
    return FamilyFactory(
        module.family.intent, {**pools, **POOLS}, module.CONSTRAINTS, module.FOLLOW_UPS, casual=casual
    )


# ================================================================================ question answering

qa = _factory(question_answering)
qa(
    "real_what_is",
    (
        "What is {qa_thing}?",
        "what is {qa_thing}",
        "What is {qa_thing} and how does it work?",
        "Define {qa_thing}",
        "Explain what {qa_thing} is.",
        "what exactly is {qa_thing}?",
        "Tell me about {qa_thing}",
        "Describe {qa_thing} in a few sentences",
    ),
)
qa(
    "real_who_when_where",
    (
        "Who {who_q}?",
        "who {who_q}",
        "When {when_q}?",
        "when {when_q}",
        "Where {where_q}?",
        "where {where_q}",
        "Name the person who {who_q}.",
        "Tell me who {who_q}",
    ),
)
qa(
    "real_why_how",
    (
        "{why_how_q}?",
        "{why_how_q}",
        "Explain {why_how_q}.",
        "Can you explain {why_how_q}?",
        "I've always wondered {why_how_q}",
    ),
)
qa(
    "real_examples_list",
    (
        "Give me examples of {example_cat}",
        "Give me some examples of {example_cat}.",
        "List some {example_cat}",
        "List {n_small} {example_cat}.",
        "Name {n_small} {example_cat}",
        "What are some {example_cat}?",
        "what are a few {example_cat}",
        "Make a list of {example_cat}",
        "Tell me {n_small} {example_cat}",
    ),
)
qa(
    "real_best_for",
    (
        "{choice_q}?",
        "{choice_q}",
        "Recommend some {rec_thing}",
        "Suggest a few {rec_thing}.",
        "What are good {rec_thing}?",
        "I need some ideas for {idea_for}",
        "Give me {n_small} ideas for {idea_for}.",
        "What should I get for {idea_for}?",
    ),
)
qa(
    "real_classify_items",
    ("{classify_task}", "{classify_task}?", "Quick one: {classify_task}"),
    pools={"classify_task": _classify_task},
)
qa(
    "real_rank_order",
    (
        "{rank_task}",
        "{rank_task}.",
        "Please {rank_task}",
        "Which is bigger, {country} or {country@2}?",
        "which country is larger by area, {country} or {country@2}",
    ),
)
qa(
    "real_extract_from_text",
    context=contexts.document(
        ("news_article", "history_passage", "sports_report", "meeting_notes", "earnings_report", "email")
    ),
    context_templates=(
        "List the names in this paragraph:\n\n{context}",
        "Extract all the dates and numbers mentioned in the text below.\n\n{context}",
        "Which places are mentioned in this {doc_noun}?\n\n{context}",
        "{context}\n\nList every person mentioned above.",
        "From the passage below, pull out the key facts as a bulleted list.\n\n{context}",
        "Given this {doc_noun}, what are the organizations it mentions?\n{context}",
        "{context}\n\nWhich of the people mentioned have a job title given",
    ),
)
qa(
    "real_question_then_passage",
    context=contexts.document(with_question=True),
    context_templates=(
        "{doc_question}\n\n{context}",
        "{doc_question}\n{context}",
        "Given this {doc_noun}, {doc_question}\n\n{context}",
        "Using the text below, answer: {doc_question}\n\n{context}",
        "{context}\n\nBased on the above, {doc_question}",
    ),
)
qa(
    "real_fact_check",
    (
        "Fact-check this claim: {myth}",
        "fact check: {myth}",
        "Is it true that {myth}?",
        "True or false: {myth}",
        "Is this correct? {myth}",
        "Someone told me {myth}. Is that right?",
    ),
)
qa(
    "real_what_if_history",
    (
        "What if {hist_if}?",
        "what would have happened if {hist_if}",
        "How would the world be different if {hist_if}?",
        "Imagine {hist_if}. What would Europe look like today?",
        "what if {hist_if}",
    ),
)
qa(
    "real_film_book_questions",
    (
        "Explain the ending of {film}",
        "explain the ending of {film}?",
        "What does the ending of {film} mean?",
        "What are the main themes of {book}?",
        "What is {book} about?",
        "Why is {film} considered a classic?",
        "who is the main character in {book}",
    ),
)
qa(
    "real_yes_no",
    (
        "{yes_no_q}?",
        "{yes_no_q}",
        "Is it true? {yes_no_q}",
        "Quick question: {yes_no_q}?",
    ),
)
qa(
    "real_general_howto",
    (
        "How do you {general_howto}?",
        "how do you {general_howto}",
        "What is the best way to {general_howto}?",
        "Explain how to {general_howto}.",
        "Tell me how to {general_howto}",
        "How can I learn to {general_howto}?",
    ),
)
qa(
    "real_greatest",
    (
        "Who is the greatest {greatest} of all time?",
        "who is the best {greatest} ever",
        "What is the best {greatest}?",
        "In your view, who is the greatest {greatest}",
        "Name the {n_small} greatest {greatest}s of all time",
    ),
)

qa(
    "real_tell_me_about",
    (
        "Tell me about {person}",
        "Describe {landmark}.",
        "Give me a brief history of {hist_cause}",
        "Provide an overview of {concept}.",
        "List the main causes of {hist_cause}",
        "Explain {concept} in simple terms",
        "Name the capital of {country}",
        "Give me {n_small} facts about {landmark}",
    ),
)

# ================================================================================ creative writing

cw = _factory(creative_writing)
cw(
    "real_edit_text",
    context=contexts.english_text,
    context_templates=(
        "{edit_op} this text:\n\n{context}",
        "{edit_op} the following {doc_noun}.\n\n{context}",
        "{edit_op} this: {context}",
        "{context}\n\n{edit_op} the above.",
        "Rewrite the sentence below so it reads better.\n{context}",
    ),
    max_bucket=2,
)
cw(
    "real_change_tone",
    context=contexts.english_text,
    context_templates=(
        "Make this {edit_change}:\n\n{context}",
        "Rewrite this {doc_noun} to be {edit_change}.\n\n{context}",
        "{context}\n\nMake it {edit_change}",
        "Rewrite the following so it sounds {edit_change}: {context}",
        "Can you make this {edit_change}? {context}",
    ),
    max_bucket=2,
)
cw(
    "real_imagine_you_are",
    (
        "Imagine you are {cw_role}. Write {cw_piece}.",
        "Imagine you are {cw_role} and write {cw_piece}",
        "You are {cw_role}. Write {cw_piece}.",
        "Pretend to be {cw_role} and write {cw_piece}",
        "Write {cw_piece} from the point of view of {cw_role}.",
    ),
)
cw(
    "real_write_letter",
    (
        "Write an email to {letter_task}",
        "Write a short letter to {letter_task}.",
        "Draft a note to {letter_task}",
        "Compose a polite message to {letter_task}.",
        "write an email to {letter_task}",
    ),
)
cw(
    "real_essay_paragraph",
    (
        "Write a paragraph about {essay_topic}",
        "Write a short essay on {essay_topic}.",
        "Write a blog post intro about {essay_topic}",
        "Write {n_small} sentences about {essay_topic}.",
        "write a short piece on {essay_topic}",
    ),
)
cw(
    "real_wh_creative",
    (
        "What would be a good slogan for {business}?",
        "What's a good name for {naming_thing}?",
        "what is a catchy title for a story about {premise}",
        "How would you describe {setting} in a poem?",
        "What's a funny opening line for a speech at my {relation}'s {occasion}?",
        "Which words rhyme with {subject} that I could use in a song",
    ),
)
cw(
    "real_come_up_with",
    (
        "Come up with {n_small} names for {naming_thing}",
        "Come up with a tagline for {business}.",
        "Think of a title for my {genre} novel about {premise}",
        "Make up a story about {premise} in {n_small} sentences",
        "Invent a holiday and describe how people celebrate it",
        "Create a riddle whose answer is {subject}",
    ),
)

# ================================================================================ code generation

code = _factory(code_generation)
code(
    "real_fix_bug_give_code",
    context=contexts.buggy_code,
    context_templates=(
        "Fix the bug in this code and give me the corrected version:\n\n{context}",
        "{context}\n\nThis has a bug ({symptom}). Rewrite it so it works.",
        "Correct this {code_lang} code and return the fixed code only.\n{context}",
        "{context}\n\nfix this and give me the working code",
        "Here is my {code_lang} code. {symptom}. Give me a corrected version.\n\n{context}",
    ),
    max_bucket=2,
)
code(
    "real_given_write",
    (
        "Given {given_code_task}.",
        "Given {given_code_task}",
        "given {given_code_task} in {plang}",
        "In {plang}: given {given_code_task}.",
    ),
)
code(
    "real_write_program",
    (
        "Write a {plang} program to {code_howto}",
        "Write code to {code_howto}.",
        "write a program that can {code_howto}",
        "Show me {plang} code to {code_howto}",
        "What is the {plang} code to {code_howto}?",
        "how would you {code_howto} in {plang}",
    ),
)
code(
    "real_sql_query",
    (
        "Write a SQL query to {sql_task}",
        "write an sql query to {sql_task}",
        "What SQL would {sql_task}?",
        "SQL to {sql_task}",
        "How do I {sql_task} in SQL?",
    ),
)
code(
    "real_command",
    (
        "Give me the command to {git_task}",
        "What is the command to {git_task}?",
        "command to {git_task}",
        "how do i {git_task} from the terminal",
        "Which command lets me {git_task}",
    ),
)

# ================================================================================ data analysis

data = _factory(data_analysis)
data(
    "real_inline_stats",
    (
        "What is the average of {nums}?",
        "Calculate the mean and median of these numbers: {nums}",
        "Find the standard deviation of {nums}.",
        "compute the range and the mean of {nums}",
        "Given the values {nums}, which one is an outlier?",
        "what's the median of {nums}",
    ),
)
data(
    "real_inline_series",
    (
        "Monthly sales were {series}. What is the trend?",
        "Here are our signups by month: {series}. Which month grew the most?",
        "{series}. what was the average month-over-month growth",
        "Given these monthly figures ({series}), describe the trend and predict the next month.",
        "Make a table of the month-over-month change for {series}",
    ),
)
data(
    "real_two_numbers",
    (
        "We had {big_a} visitors last month and {big_b} this month. What's the percentage change?",
        "Revenue went from {big_a} to {big_b}. How big is the change in percent?",
        "If {big_a} people saw the ad and {pct}% clicked, how many clicks is that? Is that a good rate?",
        "Store A sold {big_a} units and store B sold {big_b}. Compare their share of the total.",
        "what share of {big_b} is {big_a}",
    ),
)
data(
    "real_scores_analysis",
    (
        "Here are the test scores of my class: {score_list}. How did the class do overall?",
        "Analyze these exam scores: {score_list}",
        "My students scored {score_list}. What's the pass rate if 70 is a pass?",
        "Which quartile is 80 in for these scores: {score_list}?",
    ),
)
data(
    "real_given_table",
    context=contexts.table(),
    context_templates=(
        "Using the data below, which category grew fastest?\n\n{context}",
        "Given the following table, calculate the totals per row and the overall average.\n\n{context}",
        "{context}\n\nWhat does this data show?",
        "Make a summary table of averages from this data:\n{context}",
        "Based on this {table_desc}, which row stands out and why?\n\n{context}",
    ),
    max_bucket=2,
)

data(
    "real_categorical_counts",
    (
        "Count the answers and give the share of each: {cat_responses}",
        "Which answer was most common? {cat_responses}",
        "Make a frequency table of these survey answers: {cat_responses}",
        "Here are the responses from our poll: {cat_responses}. What does this tell us?",
        "tally these up and tell me the percentages: {cat_responses}",
    ),
)
data(
    "real_trend_described",
    (
        "{trend_desc}. What does this trend tell us?",
        "Our data shows that {trend_desc}. How should we read that?",
        "Interpret this pattern: {trend_desc}.",
        "What could explain the data here? {trend_desc}",
        "In our dashboard {trend_desc}. Which metric should we look at next to understand it?",
    ),
)

# ================================================================================ reasoning

reason = _factory(reasoning)
reason(
    "real_logic_short",
    (
        "{sibling_puzzle}?",
        "{sibling_puzzle}",
        "Solve this: {sibling_puzzle}?",
        "Logic question: {sibling_puzzle}?",
    ),
)
reason(
    "real_arithmetic",
    (
        "What is {percent}% of {big_a}?",
        "If a train travels at {speed} km/h, how long does it take to go {distance} km?",
        "A shirt costs {two_digit} dollars and is {percent}% off. What is the final price?",
        "If I save {two_digit} dollars a week, how many weeks until I have {big_a}?",
        "solve for x: 3x + {two_digit} = {big_a}",
        "What is {two_digit} times {two_digit@2} minus {n_small}?",
        "Calculate {percent} percent of {two_digit} and explain how",
    ),
)
reason(
    "real_which_follows",
    (
        "If all {nonsense} are {nonsense@2} and no {nonsense@2} are {nonsense@3}, what must be true?",
        "Which comes next: {sequence}",
        "Explain why this argument is or isn't valid: {argument}",
        "Decide whether the conclusion follows: {argument}",
        "Which is heavier, a kilogram of feathers or a kilogram of bricks, and why?",
    ),
)

# ================================================================================ summarization

summ = _factory(summarization)
summ(
    "real_title_for_text",
    context=contexts.document(
        ("email", "news_article", "science_news", "op_ed", "personal_story", "recipe_blog")
    ),
    context_templates=(
        "Suggest a title for this {doc_noun}:\n\n{context}",
        "Write a headline for the following {doc_noun}.\n\n{context}",
        "{context}\n\nGive this a title",
        "What would be a good subject line for this email?\n\n{context}",
        "Give me {n_small} possible headlines for this:\n{context}",
        "title for this {doc_noun}: {context}",
    ),
)
summ(
    "real_summarize_in_n",
    context=contexts.document(),
    context_templates=(
        "Summarize the following text in {n_small} sentences:\n\n{context}",
        "Summarize this {doc_noun} in {n_small} bullet points.\n\n{context}",
        "{context}\n\nSummarize the above in one paragraph.",
        "In {word_limit} words or fewer, summarize this: {context}",
        "Give me a summary of the {doc_noun} below\n\n{context}",
        "Given this {doc_noun}, write a brief summary.\n{context}",
    ),
)
summ(
    "real_wh_gist",
    context=contexts.document(),
    context_templates=(
        "What is the main idea of this {doc_noun}?\n\n{context}",
        "What's the gist of this?\n{context}",
        "{context}\n\nwhat are the key takeaways",
        "What are the {n_small} most important points in this {doc_noun}?\n\n{context}",
        "How would you sum this up in one line? {context}",
    ),
)
summ(
    "real_summarize_known",
    (
        "Summarize the plot of {book} in {n_small} sentences",
        "Give me a brief summary of {movie}.",
        "summarize {nonfiction} in one paragraph",
        "What's {movie} about, in a few sentences? Give me a summary.",
        "Write a one-paragraph synopsis of {book}",
    ),
)

summ(
    "real_gist_known",
    (
        "Give me the gist of {nonfiction}",
        "Key takeaways from {nonfiction}?",
        "{movie} in one sentence",
        "sum up {show} season {season} in {n_small} lines",
        "Short summary of {book}, no spoilers",
        "tl;dr of {nonfiction}",
    ),
)

# ================================================================================ translation

trans = _factory(translation)
trans(
    "real_translate_sentence",
    context=contexts.english_text,
    context_templates=(
        "Translate the following into {target}: {context}",
        "Translate this {doc_noun} into {target}.\n\n{context}",
        "{context}\n\nTranslate the above to {target}",
        "What is this in {target}? {context}",
        "How would you say this in {target}: {context}",
    ),
    max_bucket=2,
)
trans(
    "real_word_list",
    (
        "Translate these words into {lang}: {word_list}",
        "translate to {lang}: {word_list}",
        "What are these in {lang}? {word_list}",
        "Give me the {lang} for {word_list}",
    ),
)
trans(
    "real_dialect_script",
    (
        "Translate '{english}' into {dialect}",
        'How would you say "{english}" in {dialect}?',
        "Write {name} in {script_target}",
        "Transliterate the name {name} into {script_target}.",
        'What is "{phrase}" in {dialect}',
    ),
)

# ================================================================================ conversation

chat = _factory(conversation, casual=True)
chat(
    "real_reply_to_message",
    context=contexts.document(("email", "personal_story")),
    context_templates=(
        "Reply to this email {reply_goal}:\n\n{context}",
        "Write a reply to this message {reply_goal}.\n\n{context}",
        "{context}\n\nrespond to this for me, {reply_goal}",
        "Answer this email on my behalf, {reply_goal}.\n{context}",
        "How should I answer this? Write the reply {reply_goal}.\n\n{context}",
    ),
    max_bucket=2,
)
chat(
    "real_roleplay_opener",
    (
        "Pretend you are {rp_role} and {rp_open}.",
        "You are {rp_role}. {rp_open}",
        "Let's role-play: you're {rp_role}. {rp_open}",
        "Act as {rp_role} and {rp_open}",
        "Play {rp_role} and {rp_open}. I'll answer in character.",
    ),
)
chat(
    "real_question_for_you",
    (
        "{chat_q}?",
        "{chat_q}",
        "So, {chat_q}?",
        "Tell me, {chat_q}?",
    ),
)
chat(
    "real_share_statement",
    (
        "{chat_statement}.",
        "{chat_statement}!",
        "{chat_statement}",
        "Guess what, {chat_statement}.",
        "{chat_statement}. What about you?",
    ),
)

chat(
    "real_roleplay_setup",
    (
        "Let's play a game. You are {rp_role} and we are in {rp_place}. Stay in character and {rp_open}.",
        "Role-play with me. The setting is {rp_place}, you're {rp_role}, and I'm a stranger who "
        "just walked in. {rp_open}.",
        "I want to practice small talk. Be {rp_role} in {rp_place} and {rp_open}. Keep your replies short.",
        "Scene: {rp_place}. You: {rp_role}. Me: a traveller who has been on the road for {n_small} days. "
        "Go ahead and {rp_open}.",
    ),
)
chat(
    "real_reply_text_for_me",
    (
        'Reply to this text from my {relation} for me: "{short_text}"',
        'My {relation} just texted "{short_text}" Write back {reply_goal}.',
        'Answer this message {reply_goal}: "{short_text}"',
        'What should I text back? They wrote: "{short_text}" Keep it {reply_goal}.',
        'Respond to "{short_text}" as if you were me, {reply_goal}.',
    ),
    pools={"relation": creative_writing.POOLS["relation"]},
)
chat(
    "real_long_hello",
    (
        "Hi! I'm {name}, I'm {two_digit} and I live in {city}. I don't need anything, I just wanted to chat "
        "for a bit. How is your day going?",
        "Good evening. It has been a long week: {n_small} deadlines, two birthdays and a flat tyre. "
        "Tell me something fun, I just want to talk.",
        "Hello again. Yesterday we talked about my trip to {city}, and I wanted to tell you it went well. "
        "Do you remember what I was worried about?",
        "Hey, it's {name}. I finally have a free evening after {n_small} weeks of overtime, and nobody to "
        "talk to. What's new with you?",
    ),
)

# ================================================================================ task planning

plan = _factory(task_planning)
plan(
    "real_steps_to",
    (
        "What are the steps to {steps_goal}?",
        "List the steps to {steps_goal}.",
        "Give me a step-by-step plan to {steps_goal}",
        "Outline what I need to do to {steps_goal}, in order",
        "what do i need to do to {steps_goal}, step by step",
        "Make a {weeks}-week plan to {steps_goal}.",
    ),
)
plan(
    "real_packing_list",
    (
        "Make a packing list for {pack_for}",
        "What should I pack for {pack_for}?",
        "Create a checklist for {pack_for}.",
        "packing list for {pack_for}",
        "Give me a to-do list for the week before {pack_for}",
    ),
)
plan(
    "real_schedule_tasks",
    (
        "I have these tasks today: {task_list}. Make me a schedule.",
        "Plan my day: {task_list}",
        "Put these in a sensible order for tomorrow: {task_list}.",
        "How should I schedule {task_list} between 8 and 6?",
        "Create a timetable for {task_list}",
    ),
)

plan(
    "real_wh_plan",
    (
        "What should my study schedule look like for {exam}?",
        "What's a good weekly plan for {fitness_goal}?",
        "How should I plan a {days}-day trip to {city}?",
        "When should I start preparing for {life_event}, and what should I do each month?",
        "What order should I do things in when planning {event}?",
        "How would you structure {weeks} weeks of learning {skill}?",
    ),
)

# ================================================================================ problem solving

fix = _factory(problem_solving)
fix(
    "real_why_does_my",
    (
        "Why does {own_issue}?",
        "why does {own_issue}",
        "How do I stop {pet_problem}?",
        "What can I do to stop {pet_problem}?",
    ),
)
fix(
    "real_should_i",
    (
        "Should I {decision}?",
        "should i {decision}",
        "Help me decide whether to {decision}.",
        "I can't decide whether to {decision}. What would you weigh?",
        "Give me the pros and cons for my situation: should I {decision}?",
    ),
)
fix(
    "real_help_fix_mine",
    (
        "Help me figure out why my {device} {device_symptom}.",
        "Suggest ways to stop {pet_problem}",
        "Give me {n_small} things to try, my {device} {device_symptom}",
        "Tell me what to check first: my car {car_symptom}",
        "List possible causes and fixes: {home_problem}",
    ),
)

fix(
    "real_help_me_handle",
    (
        "Help me deal with this: {people_problem}.",
        "Give me advice, {people_problem}",
        "Tell me how to handle this: {landlord_issue}",
        "Suggest a fix, {home_problem}",
        "Help me turn this around: {biz_problem}.",
        "Give me a plan to fix this: {biz_problem}",
    ),
)

FAMILIES: dict[str, tuple[Family, ...]] = {
    factory.intent: tuple(factory.families)
    for factory in (qa, cw, code, data, reason, summ, trans, chat, plan, fix)
}
"""Real-style families by intent; the registry appends them to each intent module's families."""
