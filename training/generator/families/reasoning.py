"""Reasoning: deriving a conclusion from given premises, numbers or arguments.

Logic puzzles, deductions, math word problems, probability, proofs, argument evaluation,
"is it true that" claims about logic and numbers, and causal or counterfactual why-questions about a
stated scenario. The puzzles are generated with real solutions (the ordering, grid and
knights-and-knaves builders check that exactly one answer fits), so the prompts read like the ones
people actually post rather than word salad.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

from training.generator.base import Context, FamilyFactory, context_bucket, number
from training.generator.pools import GENERAL_POOLS, NAMES

_NONSENSE = (
    "bloops",
    "razzies",
    "lazzies",
    "wugs",
    "florps",
    "zibs",
    "grommets",
    "snarks",
    "tovs",
    "quibs",
    "drelks",
)


# ---- puzzles


def _ordering(rng: random.Random, bucket: int) -> Context | None:
    """A race result given as pairwise clues; adjacent pairs are always included, so one order fits."""
    if bucket != 1:
        return None
    size = rng.randint(4, 6)
    people = rng.sample(NAMES, size)
    event = rng.choice(
        ("race", "spelling bee", "baking contest", "chess tournament", "hot dog eating contest")
    )
    phrasing = rng.choice(
        (
            ("{a} finished ahead of {b}.", "{b} finished behind {a}."),
            ("{a} placed higher than {b}.", "{b} came after {a}."),
            ("{a} beat {b}.", "{b} lost to {a}."),
        )
    )
    pairs = [(people[i], people[i + 1]) for i in range(size - 1)]
    distant = [(i, j) for i, j in itertools.combinations(range(size), 2) if j > i + 1]
    pairs += [(people[i], people[j]) for i, j in rng.sample(distant, 2)]
    rng.shuffle(pairs)
    clues = [rng.choice(phrasing).format(a=a, b=b) for a, b in pairs]
    intro = f"{size} friends took part in a {event}. There were no ties."
    question = rng.choice(
        ("Who came last?", "Who won?", "What was the full finishing order?", f"Where did {people[2]} finish?")
    )
    text = intro + "\n" + "\n".join(clues) + "\n" + question
    return Context(text, "logic_puzzle", len(clues) + 2)


_GRID_ATTRIBUTES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("pet", ("cat", "dog", "parrot", "rabbit", "turtle"), "{p} owns the {v}.", "{p} doesn't own the {v}."),
    ("drink", ("tea", "coffee", "juice", "milk", "water"), "{p} drinks {v}.", "{p} doesn't drink {v}."),
    ("job", ("teacher", "pilot", "chef", "nurse", "lawyer"), "{p} is the {v}.", "{p} is not the {v}."),
    (
        "color",
        ("red", "blue", "green", "yellow", "white"),
        "{p} lives in the {v} house.",
        "{p} doesn't live in the {v} house.",
    ),
)


def _logic_grid(rng: random.Random, bucket: int) -> Context | None:
    """A who-owns-what puzzle: clues are added until exactly one assignment satisfies them all."""
    size = {1: 3, 2: 4}.get(bucket)
    if size is None:
        return None
    people = rng.sample(NAMES, size)
    chosen = rng.sample(_GRID_ATTRIBUTES, 1 if bucket == 1 else 2)
    values = [rng.sample(attr[1], size) for attr in chosen]
    candidates = [list(p) for p in itertools.permutations(range(size))]
    worlds = list(itertools.product(candidates, repeat=len(chosen)))
    facts: list[tuple[int, int, int, bool]] = [
        (a, person, value, values[a][person] == v)
        for a in range(len(chosen))
        for person in range(size)
        for value, v in enumerate(values[a])
    ]
    rng.shuffle(facts)
    clues: list[str] = []

    def consistent(world: tuple[list[int], ...], fact: tuple[int, int, int, bool]) -> bool:
        attr, person, value, positive = fact
        return (world[attr][person] == value) == positive

    truth = tuple(list(range(size)) for _ in chosen)
    alive = worlds
    for fact in facts:
        if len(alive) == 1:
            break
        remaining = [w for w in alive if consistent(w, fact)]
        if len(remaining) == len(alive) or (fact[3] and rng.random() < 0.5):
            continue
        alive = remaining
        attr, person, value, positive = fact
        template = chosen[attr][2] if positive else chosen[attr][3]
        clues.append(template.format(p=people[person], v=values[attr][value]))
    if len(alive) != 1 or alive[0] != truth:
        return None
    attr_names = " and a ".join(a[0] for a in chosen)
    options = "; ".join(", ".join(sorted(v)) for v in values)
    intro = f"{', '.join(people[:-1])} and {people[-1]} each have a different {attr_names} ({options})."
    question = rng.choice(
        (
            f"Who has the {values[0][rng.randrange(size)]}?",
            f"What does {people[0]} have?",
            "Who has what?",
            "Can you work out everyone's " + attr_names.replace(" and a ", " and ") + "?",
        )
    )
    text = intro + "\n" + "\n".join(f"{i}. {c}" for i, c in enumerate(clues, 1)) + "\n" + question
    if bucket == 1 and len(text) >= 400:
        return None
    return Context(text, "logic_puzzle", len(clues) + 2)


def _knights(rng: random.Random, bucket: int) -> Context | None:
    """Knights always tell the truth, knaves always lie; statements are checked for a unique answer."""
    if bucket != 1:
        return None
    size = rng.choice((2, 2, 3))
    people = rng.sample(("A", "B", "C") if rng.random() < 0.5 else NAMES, size)
    roles = [rng.random() < 0.5 for _ in range(size)]

    def statements(speaker: int) -> list[tuple[str, Callable[[list[bool]], bool]]]:
        found: list[tuple[str, Callable[[list[bool]], bool]]] = []
        for other in range(size):
            if other == speaker:
                continue
            name = people[other]
            found += [
                (f"{name} is a knave.", lambda w, o=other: not w[o]),
                (f"{name} is a knight.", lambda w, o=other: w[o]),
                (f"{name} and I are both knights.", lambda w, o=other, s=speaker: w[o] and w[s]),
                (f"{name} and I are different types.", lambda w, o=other, s=speaker: w[o] != w[s]),
                (
                    f"At least one of {name} and me is a knave.",
                    lambda w, o=other, s=speaker: not (w[o] and w[s]),
                ),
            ]
        found.append(("We are all knaves.", lambda w: not any(w)))
        return found

    said: list[tuple[int, str, Callable[[list[bool]], bool]]] = []
    for speaker in range(size):
        options = [(s, f) for s, f in statements(speaker) if f(roles) == roles[speaker]]
        text, check = rng.choice(options)
        said.append((speaker, text, check))
    worlds = [list(w) for w in itertools.product((True, False), repeat=size)]
    fits = [w for w in worlds if all(check(w) == w[s] for s, _, check in said)]
    if len(fits) != 1:
        return None
    lines = [f'{people[s]} says: "{text}"' for s, text, _ in said]
    intro = "On an island, knights always tell the truth and knaves always lie."
    question = rng.choice(
        ("Who is a knight and who is a knave?", "What is each of them?", f"Is {people[0]} a knight?")
    )
    text = intro + " You meet " + ", ".join(people) + ".\n" + "\n".join(lines) + "\n" + question
    return Context(text, "logic_puzzle", len(lines) + 2)


_ROOMS = (
    "library",
    "kitchen",
    "garden",
    "study",
    "ballroom",
    "wine cellar",
    "conservatory",
    "billiard room",
    "attic",
    "greenhouse",
    "music room",
    "dining room",
)
_ACTIVITIES = (
    "reading by the fire",
    "fixing a dripping tap",
    "arguing on the phone with a lawyer",
    "walking the dog",
    "playing cards",
    "writing letters",
    "looking for a lost earring",
    "checking the fuse box",
    "watching the news",
    "practicing the piano",
    "sorting old photographs",
)
_STAFF = ("The butler", "The cook", "The gardener", "The chauffeur", "The housekeeper")


def _case(rng: random.Random, bucket: int) -> Context | None:
    """A whodunit: staff (who never lie) confirm every alibi but one, and contradict the culprit's."""
    size = {1: 3, 2: rng.randint(4, 5), 3: rng.randint(8, 10)}[bucket]
    suspects = rng.sample(NAMES, size)
    culprit = rng.randrange(size)
    rooms = rng.sample(_ROOMS, size + 1)
    room = rooms[-1]
    hour = rng.randint(8, 10)
    crime = rng.choice(
        ("the painting was stolen", "the vase was smashed", "the safe was opened", "the will disappeared")
    )
    lines = [
        f"At {hour}:15 pm {crime} in the {room}. The guests were {', '.join(suspects[:-1])} and "
        f"{suspects[-1]}. "
        "The staff always tell the truth."
    ]
    minutes = rng.sample(range(2, 29), size)
    activities = rng.sample(_ACTIVITIES, size)
    for i, suspect in enumerate(suspects):
        activity = activities[i]
        seen_at = f"{hour}:{minutes[i]:02d}"
        lines.append(f"{suspect} says they were in the {rooms[i]} {activity} from {hour}:00 to {hour}:30.")
        staff = rng.choice(_STAFF)
        if i == culprit:
            lines.append(f"{staff} says they walked through the {rooms[i]} at {seen_at} and it was empty.")
        elif bucket > 1:
            lines.append(f"{staff} confirms seeing {suspect} in the {rooms[i]} around {seen_at}.")
    question = rng.choice(
        (
            "Who did it, and how do you know?",
            "Which alibi doesn't hold up?",
            "Who is lying?",
            "Based only on these statements, who is the most likely culprit?",
        )
    )
    text = "\n".join([*lines, question])
    if context_bucket(len(text)) != bucket:
        return None
    return Context(text, "case", len(lines) + 1)


# ---- number problems


def _trains_meeting(rng: random.Random, name: str) -> str:
    s1, s2 = rng.choice((40, 50, 60, 70)), rng.choice((45, 55, 65, 80))
    hours = rng.choice((2, 3, 4))
    return (
        f"Two trains start {(s1 + s2) * hours} miles apart and head toward each other, one at {s1} mph "
        f"and the other at {s2} mph. How long until they meet?"
    )


def _workers_painting(rng: random.Random, name: str) -> str:
    w, days = rng.choice(((4, 6), (6, 10), (3, 8), (5, 12)))
    return f"If {w} workers can paint a house in {days} days, how long would it take {w * 2} workers?"


def _price_before_discount(rng: random.Random, name: str) -> str:
    pct = rng.choice((10, 20, 25, 40))
    original = rng.choice((40, 60, 80, 120, 200))
    return (
        f"A jacket costs ${original * (100 - pct) // 100} after a {pct}% discount. What was the "
        f"original price?"
    )


def _mother_and_son_ages(rng: random.Random, name: str) -> str:
    son = rng.randint(6, 15)
    return (
        f"{name} is three times as old as her son. In {son} years she'll be twice as old as him. "
        "How old is the son now?"
    )


def _two_pipes(rng: random.Random, name: str) -> str:
    a, b = rng.choice(((3, 6), (4, 12), (2, 3), (6, 12)))
    return f"One pipe fills a tank in {a} hours and another in {b} hours. How long if both are open?"


def _rectangle_area(rng: random.Random, name: str) -> str:
    w = rng.randint(3, 12)
    k = rng.choice((2, 3))
    return (
        f"A rectangle is {k} times as long as it is wide, and its perimeter is {2 * (k * w + w)} cm. "
        f"What is its area?"
    )


def _party_handshakes(rng: random.Random, name: str) -> str:
    n = rng.randint(5, 30)
    return (
        f"If {n} people at a party each shake hands with everyone else exactly once, how many "
        f"handshakes are there?"
    )


def _pens_for_money(rng: random.Random, name: str) -> str:
    n = rng.choice((9, 12, 15, 21, 30))
    return f"Pens are sold at 3 for $2. How much do {n} pens cost, and how many can I buy with $10?"


def _half_a_number(rng: random.Random, name: str) -> str:
    a, b = rng.randint(2, 20), rng.randint(21, 60)
    return f"Half of a number plus {a} equals {b}. What's the number?"


def _late_or_early_walk(rng: random.Random, name: str) -> str:
    speed = rng.choice((4, 5, 6))
    return (
        f"{name} walks to work at {speed} km/h and gets there 10 minutes late. At {speed + 1} km/h "
        "she'd be 5 minutes early. How far is her work?"
    )


def _two_red_marbles(rng: random.Random, name: str) -> str:
    red, blue = rng.randint(2, 6), rng.randint(2, 6)
    return (
        f"A bag has {red} red and {blue} blue marbles. If I draw two without replacement, what's the "
        f"chance both are red?"
    )


def _snail_in_a_well(rng: random.Random, name: str) -> str:
    n = rng.randint(3, 9)
    return (
        f"A snail climbs 3 meters up a {n * 2 + 4} meter well each day and slides back 2 meters each night. "
        f"How many days to get out?"
    )


_MATH_PROBLEMS: tuple[Callable[[random.Random, str], str], ...] = (
    _trains_meeting,
    _workers_painting,
    _price_before_discount,
    _mother_and_son_ages,
    _two_pipes,
    _rectangle_area,
    _party_handshakes,
    _pens_for_money,
    _half_a_number,
    _late_or_early_walk,
    _two_red_marbles,
    _snail_in_a_well,
)
"""Word problems whose numbers are chosen so that each has a clean answer; one takes a name."""


def _math_problem(rng: random.Random) -> str:
    """A word problem with numbers chosen so that it has a clean answer."""
    name = rng.choice(NAMES)
    return _MATH_PROBLEMS[rng.randrange(len(_MATH_PROBLEMS))](rng, name)


def _sequence(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        start, step = rng.randint(1, 20), rng.randint(2, 9)
        seq = [start + step * i for i in range(5)]
    elif kind == 1:
        start, ratio = rng.randint(1, 5), rng.choice((2, 3))
        seq = [start * ratio**i for i in range(5)]
    elif kind == 2:
        offset = rng.randint(0, 3)
        seq = [(i + offset) ** 2 for i in range(1, 6)]
    elif kind == 3:
        a, b = rng.randint(1, 4), rng.randint(2, 6)
        seq = [a, b]
        for _ in range(4):
            seq.append(seq[-1] + seq[-2])
    else:
        start = rng.randint(2, 10)
        seq = [start]
        for i in range(1, 6):
            seq.append(seq[-1] + i * rng.choice((1, 2)))
    return ", ".join(str(x) for x in seq)


def _expected_value(rng: random.Random) -> str:
    p = rng.choice((10, 20, 25, 40, 50, 60))
    win = rng.choice((100, 200, 500, 1000))
    sure = rng.choice((40, 60, 90, 150, 250))
    return f"option A is a {p}% chance to win ${win}, option B is a guaranteed ${sure}"


POOLS = {
    **GENERAL_POOLS,
    "nonsense": _NONSENSE,
    "math_problem": _math_problem,
    "sequence": _sequence,
    "ev_options": _expected_value,
    "argument": (
        "If we allow students to use calculators, soon they won't be able to do any math at all.",
        "My uncle smoked every day and lived to 95, so smoking can't be that bad.",
        "Everyone I know is voting for her, so she's definitely going to win.",
        "You can't trust his climate research; he failed chemistry in high school.",
        "Crime went up after the new mayor took office, so the mayor caused the crime increase.",
        "Either you support this policy or you don't care about children.",
        "This supplement is natural, so it must be safe.",
        "All successful founders dropped out of college, so dropping out will make me successful.",
        "Since no one has proven ghosts don't exist, they must exist.",
        "All dogs are mammals. All mammals breathe air. So all dogs breathe air.",
        "If it rains, the street gets wet. The street is wet. Therefore it rained.",
        "If the store is open, the lights are on. The lights are off. So the store is closed.",
        "We've always done it this way, so it must be the best way.",
        "A famous actor recommends this diet, so it must work.",
        "The new phone sold a million units in a day, so it's the best phone on the market.",
        "Most people who get into car accidents were driving within 10 miles of home, so driving near home "
        "is dangerous.",
    ),
    "counterfactual": (
        "the moon disappeared",
        "everyone switched to a four-day work week",
        "humans could photosynthesize",
        "the internet went down worldwide for a month",
        "a city made public transport free",
        "all the bees disappeared",
        "a day on Earth lasted 30 hours",
        "interest rates dropped to zero overnight",
        "nobody could lie",
        "cars were banned in city centers",
        "everyone got the same salary",
        "antibiotics stopped working",
        "nobody needed to sleep",
    ),
    "correlation": (
        "ice cream sales and drowning deaths both go up in the summer",
        "students who eat breakfast get better grades",
        "cities with more police officers have more crime",
        "people who own pets live longer",
        "countries that eat more chocolate win more Nobel prizes",
        "kids who play video games have faster reaction times",
        "hospitals with more doctors have more deaths",
        "people who sleep more than nine hours die earlier",
        "towns with more churches have more bars",
        "companies with a ping pong table have happier employees",
    ),
    "math_claim": (
        "the sum of two odd numbers is always even",
        "every prime number greater than 2 is odd",
        "the product of any three consecutive integers is divisible by 6",
        "if n squared is even then n is even",
        "a number is divisible by 3 if its digits add up to a multiple of 3",
        "0.999 repeating equals 1",
        "there are as many even numbers as whole numbers",
        "n squared plus n plus 41 is always prime",
        "the square of an odd number is always one more than a multiple of 8",
        "if a implies b, then not b implies not a",
        "the average of two numbers is always between them",
        "any triangle with sides 3, 4 and 5 is a right triangle",
    ),
    "theorem": (
        "there are infinitely many primes",
        "the square root of 2 is irrational",
        "the sum of the first n odd numbers is n squared",
        "two consecutive integers never share a factor other than 1",
        "the angles of a triangle add up to 180 degrees",
        "there is no largest even number",
        "every integer greater than 1 has a prime factor",
        "the sum 1 + 2 + ... + n equals n(n+1)/2",
    ),
    "riddle": (
        "What has keys but can't open locks?",
        "The more you take, the more you leave behind. What am I?",
        "What has a neck but no head?",
        "I speak without a mouth and hear without ears. What am I?",
        "What can travel around the world while staying in a corner?",
        "A man pushes his car to a hotel and tells the owner he's bankrupt. Why?",
        "What gets wetter the more it dries?",
        "What has one eye but can't see?",
        "A woman shoots her husband, holds him underwater for five minutes, then hangs him. Later they go "
        "out to dinner. How?",
        "What comes once in a minute, twice in a moment, but never in a thousand years?",
        "If you have me, you want to share me. If you share me, you don't have me. What am I?",
    ),
    "teaser": (
        "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the "
        "ball cost?",
        "If it takes 5 machines 5 minutes to make 5 widgets, how long would it take 100 machines to make "
        "100 widgets?",
        "A patch of lily pads doubles in size every day. It takes 48 days to cover the lake. How long to "
        "cover half?",
        "You're on a game show with three doors. You pick one, the host opens another with a goat, and "
        "offers a switch. Should you switch?",
        "You have two ropes that each take an hour to burn, but unevenly. How do you measure 45 minutes?",
        "There are three light switches outside a closed room with one bulb. You can enter once. How do you "
        "find which switch controls it?",
        "A farmer needs to cross a river with a wolf, a goat and a cabbage, but the boat only holds one at "
        "a time. How?",
        "You have 12 coins and one is fake and lighter or heavier. With a balance and three weighings, how "
        "do you find it?",
        "A father and son are in a car crash. The surgeon says 'I can't operate, he's my son.' How is that "
        "possible?",
        "Two people are born at the same moment but have different birthdays. How?",
    ),
    "fermi": (
        "piano tuners are there in Chicago",
        "golf balls fit in a school bus",
        "words I'll speak in my lifetime",
        "gas stations are there in the US",
        "liters of coffee are drunk in {city} every day",
        "hairs are on a human head",
        "pizzas are eaten in New York every day",
        "trees are there on Earth",
        "cars cross the Golden Gate Bridge each year",
        "steps it would take to walk across {country}",
    ),
    "flawed": (
        "I flipped heads five times in a row, so tails is due next",
        "a 50% discount on top of a 50% discount means it's free",
        "the price went up 20% and then down 20%, so it's back where it started",
        "the lottery numbers 1 2 3 4 5 6 are less likely to win than random ones",
        "my test is 99% accurate and came back positive, so there's a 99% chance I have the disease",
        "since most accidents happen at home, I'm safer outside",
        "I bought this stock because it fell a lot, so it has to bounce back",
        "my friend got sick after the flu shot, so the flu shot gave her the flu",
    ),
    "analogy": (
        "bird is to flock as fish is to",
        "hot is to cold as tall is to",
        "author is to book as composer is to",
        "glove is to hand as sock is to",
        "doctor is to hospital as teacher is to",
        "seed is to tree as egg is to",
        "thermometer is to temperature as clock is to",
        "page is to book as brick is to",
    ),
    "n_days": number(10, 400),
    "coins": number(8, 27),
    "cause_scenario": (
        "a cafe sells more hot chocolate on sunny winter days than on rainy ones",
        "our store's sales dropped on every rainy day except Sundays",
        "the bakery down the street always sells out of bread by noon on Fridays",
        "a small town's library got busier after its opening hours were cut",
        "a hospital's newest wing has the highest infection rate despite the best equipment",
        "traffic in my town got worse right after a new highway opened",
    ),
}

CONSTRAINTS = (
    "show your work",
    "explain each step",
    "don't just give the answer, explain the logic",
    "use a table if it helps",
    "keep the explanation short",
    "state your assumptions",
    "check your answer at the end",
    "no calculus please",
    "explain it so a 12-year-old could follow",
    "give the final answer on its own line",
    "think it through before answering",
)

FOLLOW_UPS = (
    "check it a different way",
    "explain where people usually go wrong",
    "give me a harder version to try",
    "explain the general rule behind it",
    "tell me how confident you are",
    "show an alternative method",
    "make up a similar problem for me",
    "point out any hidden assumptions",
)

family = FamilyFactory("reasoning", POOLS, CONSTRAINTS, FOLLOW_UPS)

family(
    "syllogism",
    (
        "if all {nonsense} are {nonsense@2} and all {nonsense@2} are {nonsense@3}, are all {nonsense} "
        "{nonsense@3}?",
        "All {nonsense} are {nonsense@2}. Some {nonsense@2} are {nonsense@3}. Does it follow that some "
        "{nonsense} are {nonsense@3}?",
        "If no {nonsense} are {nonsense@2} and some {nonsense@3} are {nonsense}, what can we conclude about "
        "{nonsense@3} and {nonsense@2}?",
        "all {nonsense} are {nonsense@2}, no {nonsense@2} are {nonsense@3}. so can a {nonsense} be a "
        "{nonsense@3}?",
        "Is this valid: all cats are mammals, some mammals are black, so some cats are black?",
    ),
)
family(
    "ordering_puzzle",
    context=_ordering,
    max_bucket=1,
    context_templates=(
        "{context}",
        "Can you solve this?\n\n{context}",
        "logic puzzle:\n{context}",
        "{context}\n\nexplain how you figured it out",
        "Here's a puzzle from my kid's homework:\n{context}",
    ),
)
family(
    "logic_grid",
    context=_logic_grid,
    max_bucket=2,
    context_templates=(
        "{context}",
        "Solve this logic puzzle:\n\n{context}",
        "{context}\n\nI'm stuck on this one, help",
        "Puzzle time!\n{context}",
    ),
)
family(
    "knights_knaves",
    context=_knights,
    max_bucket=1,
    context_templates=(
        "{context}",
        "Classic logic puzzle:\n{context}",
        "{context}\n\nhow do you even approach these?",
    ),
)
family(
    "whodunit",
    context=_case,
    min_bucket=2,
    context_templates=(
        "{context}",
        "Murder mystery game question:\n\n{context}",
        "{context}\n\nreason through it carefully",
        "Help me solve this mystery:\n{context}",
    ),
)
family(
    "math_word_problem",
    (
        "{math_problem}",
        "Can you solve this? {math_problem}",
        "word problem: {math_problem}",
        "Help me with this: {math_problem}",
        "{math_problem} I keep getting a different answer than the book.",
    ),
)
family(
    "step_by_step_math",
    (
        "Let's think step by step. {math_problem}",
        "think carefully: {math_problem}",
        "Walk me through this: {math_problem}",
        "{math_problem} Reason it out before giving the answer.",
    ),
)
family(
    "sequence",
    (
        "what comes next in the sequence {sequence}?",
        "{sequence}, ... what's the next number?",
        "Find the pattern: {sequence}",
        "next number? {sequence}",
        "What rule generates {sequence}?",
    ),
)
family(
    "probability",
    (
        "if I roll two dice, what's the probability the total is {n_small}?",
        "What's the probability of getting at least one six in {n_small} rolls of a die?",
        "I draw two cards from a deck. what's the chance both are aces?",
        "If I flip a coin {n_small} times, what's the chance of getting exactly two heads?",
        "In a room of 30 people, how likely is it that two share a birthday?",
        "if 1 in 100 people have a condition and a test is 95% accurate, what's the chance I have it if I "
        "test positive?",
    ),
)
family(
    "argument_validity",
    (
        'is this argument valid? "{argument}"',
        "Evaluate this reasoning: {argument}",
        "{argument} Does that logic hold up?",
        "is this a good argument or not: {argument}",
        'Does the conclusion follow from the premises here? "{argument}"',
    ),
)
family(
    "name_the_fallacy",
    (
        'what logical fallacy is this: "{argument}"',
        "Which fallacy is being committed here? {argument}",
        'my coworker said "{argument}" - what\'s wrong with that reasoning?',
        "Is there a fallacy in this? {argument}",
    ),
)
family(
    "counterfactual",
    (
        "what would happen if {counterfactual}? reason through the consequences",
        "Suppose {counterfactual}. What would the knock-on effects be?",
        "hypothetically, if {counterfactual}, what changes first?",
        "Think through the chain of effects if {counterfactual}.",
    ),
)
family(
    "correlation_causation",
    (
        "{correlation}. does that mean one causes the other?",
        "Data shows {correlation}. What's really going on?",
        "I read that {correlation}. is that causal?",
        "Explain why {correlation} doesn't prove causation, or does it?",
    ),
)
family(
    "claim_check",
    (
        "is it true that {math_claim}?",
        "Prove or disprove: {math_claim}.",
        "true or false: {math_claim}",
        "my teacher says {math_claim}. why is that?",
        "Is it always the case that {math_claim}?",
    ),
)
family(
    "proof",
    (
        "prove that {theorem}",
        "Can you give a proof that {theorem}?",
        "How do we know {theorem}? Show the proof.",
        "write a simple proof that {theorem}",
    ),
)
family(
    "riddle",
    (
        "{riddle}",
        "Riddle: {riddle}",
        "solve this riddle: {riddle}",
        "my friend asked me this and I'm stumped: {riddle}",
    ),
)
family(
    "brain_teaser",
    (
        "{teaser}",
        "Brain teaser: {teaser}",
        "{teaser} I think the obvious answer is wrong?",
        "Interview question I got: {teaser}",
    ),
)
family(
    "fermi_estimate",
    (
        "roughly how many {fermi}?",
        "Estimate how many {fermi}.",
        "fermi problem: how many {fermi}",
        "ballpark it: how many {fermi}? walk me through the estimate",
    ),
)
family(
    "expected_value",
    (
        "which is better: {ev_options}?",
        "Rationally, should I pick: {ev_options}?",
        "{ev_options}. which has the higher expected value?",
        "game show choice - {ev_options}. what would you pick and why",
    ),
)
family(
    "find_the_flaw",
    (
        "I figured {flawed}. where's the mistake?",
        "My reasoning: {flawed}. Is that right?",
        "someone told me {flawed}. that sounds wrong but I can't say why",
        "What's wrong with this thinking: {flawed}?",
    ),
)
family(
    "calendar_logic",
    (
        "if today is {weekday}, what day of the week will it be in {n_days} days?",
        "If the 1st of the month is a {weekday}, what day is the 25th?",
        "I was born on a {weekday}. On what day will my birthday fall next year if it's not a leap year?",
        "a meeting happens every 9 days. if the first one is on a {weekday}, when is the next {weekday} "
        "meeting?",
    ),
)
family(
    "analogy",
    (
        "{analogy} what?",
        "Complete the analogy: {analogy} ___",
        "{analogy}...?",
        "analogy question: {analogy} ?",
    ),
)
family(
    "rate_puzzle",
    (
        "if 3 cats catch 3 mice in 3 minutes, how many cats catch 100 mice in 100 minutes?",
        "If a hen and a half lays an egg and a half in a day and a half, how many eggs does one hen lay in "
        "{n_small} days?",
        "{n_small} painters paint {n_small} fences in {n_small} hours. How long do 2 painters take for 1 "
        "fence?",
        "if a clock takes 6 seconds to strike 6, how long does it take to strike 12?",
    ),
)
family(
    "weighing_puzzle",
    (
        "you have {coins} coins and one is heavier. with a balance scale, what's the fewest weighings to "
        "find it?",
        "Among {coins} identical-looking balls one is heavier. How many weighings on a balance do you need, "
        "at minimum?",
        "What's the strategy to find the one heavy coin out of {coins} with as few weighings as possible?",
    ),
)
family(
    "scenario_causes",
    (
        "{cause_scenario}. what could explain that? think through the possible causes",
        "Puzzle from real life: {cause_scenario}. What's the most likely reason?",
        "{cause_scenario}. how would I figure out which explanation is right?",
    ),
)

FAMILIES = tuple(family.families)
