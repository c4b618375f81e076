"""Problem solving: fixing, troubleshooting or resolving a concrete practical problem.

Bugs and errors (why does this fail, how do I fix it), broken devices and homes, stuck decisions
about money, jobs and people, and business problems. Debugging pasted code is problem solving even
though the answer may contain code; writing code to a spec is code generation.
"""

from __future__ import annotations

import random

from training.generator import contexts
from training.generator.base import Context, Expander, FamilyFactory, context_bucket
from training.generator.families import data_analysis
from training.generator.pools import GENERAL_POOLS

_TRIED = (
    "I already restarted it twice.",
    "It started after the last update.",
    "There's a light that blinks orange three times.",
    "It's about {n_small} years old.",
    "I tried a different outlet and a different cable.",
    "It happens mostly in the evening.",
    "Everything else in the house seems fine.",
    "I haven't dropped it or spilled anything on it.",
    "A factory reset didn't help either.",
    "It worked perfectly until last week.",
    "The warranty ran out in {month}.",
    "I looked online and people say it could be the power supply, but I'm not sure.",
    "It only happens when it's been on for more than an hour.",
    "My partner says it made a weird noise right before.",
    "I updated everything I could find.",
    "I unplugged it for a full minute and plugged it back in.",
)


def _tried_details(rng: random.Random, bucket: int) -> Context | None:
    """What the user already noticed and tried, told inline the way people describe a problem."""
    count = {1: rng.randint(1, 3), 2: rng.randint(8, 12)}.get(bucket)
    if count is None:
        return None
    expander = Expander(rng, GENERAL_POOLS, {})
    text = " ".join(expander.expand(s) for s in rng.sample(_TRIED, count))
    return Context(text, "problem_details", count) if context_bucket(len(text)) == bucket else None


POOLS = {
    **GENERAL_POOLS,
    "device": (
        "laptop",
        "iPhone",
        "Android phone",
        "printer",
        "router",
        "PS5",
        "smart TV",
        "Bluetooth headphones",
        "MacBook",
        "washing machine",
        "dishwasher",
        "Kindle",
        "air conditioner",
        "fridge",
        "gaming PC",
        "Apple Watch",
    ),
    "device_symptom": (
        "won't turn on",
        "keeps restarting by itself",
        "is suddenly really slow",
        "won't connect to wifi",
        "drains its battery in a few hours",
        "makes a clicking noise",
        "says it's offline even though it's plugged in",
        "keeps disconnecting",
        "gets super hot",
        "won't charge past 80%",
        "has a flickering screen",
        "has no sound",
        "won't pair",
        "shows a blinking red light",
        "is leaking water",
        "smells like something is burning",
    ),
    "car_symptom": (
        "makes a grinding noise when I brake",
        "won't start when it's cold",
        "pulls to the left",
        "has the check engine light on",
        "shakes at highway speed",
        "smells like burning oil",
        "keeps dying overnight",
        "blows warm air with the AC on",
    ),
    "home_problem": (
        "my sink is clogged",
        "the toilet keeps running",
        "there's mold on the bathroom ceiling",
        "the wifi doesn't reach my bedroom",
        "the circuit breaker keeps tripping",
        "my radiator is cold at the top",
        "the shower has almost no water pressure",
        "there's a draft coming through the windows",
        "the garbage disposal hums but doesn't spin",
        "ants keep getting into the kitchen",
        "the front door sticks",
    ),
    "money_choice": (
        "pay off my credit card debt or invest in an index fund",
        "buy a house now or keep renting and invest",
        "pay off my student loans early or put more into my 401k",
        "lease a car or buy a used one",
        "use my savings for a master's degree or keep working",
        "pay off the car loan or build an emergency fund",
    ),
    "amount": ("5000", "12,000", "800", "30k", "2,500", "50,000"),
    "offers": (
        "a startup offering equity but less salary, and a big company with better pay",
        "a remote job paying $85k and an in-office job paying $95k",
        "a promotion at my current job and a role at a competitor that sounds more fun",
        "a stable government job and a freelance contract that pays double",
    ),
    "business": (
        "coffee shop",
        "online store",
        "SaaS startup",
        "bakery",
        "design agency",
        "restaurant",
        "gym",
        "bookstore",
    ),
    "biz_problem": (
        "sales dropped 20% after we raised prices",
        "customers keep abandoning their carts at checkout",
        "our best employee just quit and morale is low",
        "reviews keep mentioning slow delivery",
        "we get lots of sign-ups but almost nobody pays",
        "our Instagram engagement fell off a cliff",
        "a competitor opened across the street",
        "cash is tight every month even though we're profitable",
        "support tickets doubled after the last release",
        "our biggest client is threatening to leave",
    ),
    "people_problem": (
        "my roommate never does the dishes",
        "my coworker keeps taking credit for my work",
        "my neighbor plays loud music every night",
        "my friend owes me $400 and keeps dodging it",
        "my sister and I haven't spoken since a fight at Christmas",
        "my manager books meetings over my lunch break every day",
        "my partner and I can't agree on where to spend the holidays",
        "my teenager won't get off their phone",
    ),
    "slow_system": (
        "our Django app",
        "the checkout page",
        "our Postgres database",
        "my React app",
        "the nightly ETL job",
        "our API",
    ),
    "slow_condition": (
        "more than 100 users are online",
        "the orders table passed a million rows",
        "the cache is cold",
        "users upload big files",
        "it runs in production but never locally",
        "the report covers more than a month",
    ),
    "app": (
        "Excel",
        "Photoshop",
        "Zoom",
        "Chrome",
        "Spotify",
        "Outlook",
        "Teams",
        "Steam",
        "VS Code",
        "Premiere Pro",
    ),
    "app_action": (
        "open a big file",
        "share my screen",
        "export a video",
        "start a meeting",
        "print",
        "open it after the update",
        "switch tabs",
        "connect my headphones",
    ),
    "account": ("Gmail", "Instagram", "bank app", "Apple ID", "Microsoft account", "Netflix", "work VPN"),
    "account_msg": (
        "my password is wrong even though it isn't",
        "too many attempts, try again later",
        "the verification code never arrives",
        "this account has been locked",
        "unusual activity detected",
    ),
    "stain": ("red wine", "coffee", "grease", "ink", "blood", "sweat", "grass", "candle wax"),
    "fabric": ("a white cotton shirt", "my couch", "a wool carpet", "jeans", "a silk blouse", "a mattress"),
    "plant": ("monstera", "tomato plants", "fiddle leaf fig", "basil", "lemon tree", "snake plant"),
    "plant_symptom": (
        "leaves are turning yellow",
        "has brown crispy edges",
        "is drooping even though I water it",
        "has tiny white bugs on it",
        "stopped growing",
    ),
    "procrastinate": (
        "my thesis",
        "applying for jobs",
        "going to the gym",
        "cleaning my apartment",
        "doing my taxes",
        "studying",
    ),
    "team_conflict": (
        "two senior engineers keep fighting in code reviews",
        "one person is always late with their part",
        "half the team wants to switch tools and half doesn't",
        "a new hire feels left out",
    ),
    "web_error": (
        "a 502 Bad Gateway behind nginx",
        "a blank white page after deploying",
        "CORS errors only in production",
        "images not loading over https",
        "a redirect loop after adding SSL",
        "a 404 on every page except the homepage",
    ),
    "git_accident": (
        "committed my API key to GitHub",
        "ran git reset --hard and lost my changes",
        "pushed to main instead of my branch",
        "deleted a branch I still needed",
        "committed a 2GB file and now I can't push",
    ),
    "excel_issue": (
        "VLOOKUP returns #N/A even though the value is there",
        "my dates show up as numbers like 45123",
        "SUM gives 0 for a column of numbers",
        "the pivot table won't pick up new rows",
        "the file takes forever to open",
    ),
    "landlord_issue": (
        "my landlord won't return my deposit",
        "my landlord wants to raise the rent by 30%",
        "the heating has been broken for two weeks and the landlord isn't responding",
        "I need to break my lease early",
    ),
    "complaint": (
        "their order arrived broken",
        "we double charged them",
        "the delivery was a week late",
        "the product didn't do what the ad said",
    ),
    "travel_problem": (
        "my flight got cancelled and the next one is in two days",
        "the airline lost my luggage",
        "I missed my connecting flight in Frankfurt",
        "my passport expires in two months and I fly next week",
        "my hotel has no record of my booking",
    ),
    "dish_problem": (
        "my soup is way too salty",
        "my cake sank in the middle",
        "my rice came out mushy",
        "the curry is way too spicy",
        "my bread didn't rise",
        "my sauce split",
        "my cookies spread out flat",
    ),
    "sleep_issue": (
        "I wake up at 3am every night",
        "my neighbor's dog barks all night",
        "I can't stop thinking about work",
        "I work night shifts",
        "my partner snores",
    ),
    "user_symptom": (
        "the app logs them out every few minutes",
        "emails from our domain land in spam",
        "the dashboard shows yesterday's numbers",
        "uploads over 10MB fail",
        "password reset links don't work",
        "the mobile app shows a blank screen",
    ),
    "change": (
        "we moved to a new server",
        "last week's release",
        "we switched DNS providers",
        "we enabled the CDN",
        "the database upgrade",
    ),
}

CONSTRAINTS = (
    "keep it short",
    "be specific",
    "no jargon please",
    "give me options, not just one answer",
    "be practical",
    "explain your reasoning",
    "be honest with me",
)

FOLLOW_UPS = (
    "tell me what to do first",
    "tell me what could go wrong",
)

_TROUBLESHOOTING_CONSTRAINTS = (
    "I'm not very technical",
    "assume I'm a beginner",
    "start with the most likely cause",
    "I don't want to make it worse",
    "I need this sorted today",
)
_TROUBLESHOOTING_FOLLOW_UPS = (
    "tell me how to stop it from happening again",
    "list what to check first",
    "explain what's probably causing it",
    "give me a plan B if that doesn't work",
    "explain the root cause in simple terms",
)

_SOFTWARE = dict(
    constraints=(
        *_TROUBLESHOOTING_CONSTRAINTS,
        "we can't roll back the release",
        "I can't lose any data",
        "don't suggest rewriting everything",
        "it has to keep working for existing users",
        "I can't change the server config",
    ),
    follow_ups=(
        *_TROUBLESHOOTING_FOLLOW_UPS,
        "show me how to confirm the fix worked",
        "suggest a test that would have caught this",
    ),
)
_DESKTOP = dict(
    constraints=(
        *_TROUBLESHOOTING_CONSTRAINTS,
        "I can't install anything, it's a work laptop",
        "I can't lose my files",
        "I'm on Windows 11",
        "I'm on a Mac",
    ),
    follow_ups=(
        *_TROUBLESHOOTING_FOLLOW_UPS,
        "tell me when I should contact IT support",
    ),
)
_PHYSICAL = dict(
    constraints=(
        *_TROUBLESHOOTING_CONSTRAINTS,
        "I can't afford a technician",
        "I don't want to buy a new one",
        "I only have basic tools",
        "start with the cheapest fix",
        "I rent, so I can't do major repairs",
    ),
    follow_ups=(
        *_TROUBLESHOOTING_FOLLOW_UPS,
        "tell me when I should call a professional",
        "rank the options by cost",
    ),
)
_HOUSEHOLD = dict(
    constraints=(
        *_TROUBLESHOOTING_CONSTRAINTS,
        "I only have what's in my kitchen",
        "it needs to be pet-safe",
        "nothing with harsh chemicals",
        "I don't have much time",
    ),
    follow_ups=(
        *_TROUBLESHOOTING_FOLLOW_UPS,
        "tell me how to prevent it next time",
    ),
)
_PEOPLE = dict(
    constraints=(
        "keep it non-confrontational",
        "I'd rather not involve HR yet",
        "I don't want to damage the relationship",
        "keep it professional",
    ),
    follow_ups=("write a short message I could send them", "tell me what to say if they get defensive"),
)
_MONEY = dict(
    constraints=(
        "I'm pretty risk-averse",
        "think long term",
        "I don't want to take on more debt",
        "assume I have no other savings",
    ),
    follow_ups=(
        "rank the options by risk",
        "tell me what you'd need to know to be sure",
        "list the pros and cons of each",
    ),
)
_PERSONAL = dict(
    constraints=(
        "I don't have much money",
        "I have a full-time job",
        "be realistic",
        "I've already tried the obvious stuff",
    ),
    follow_ups=("give me a plan B if that doesn't work", "tell me how I'll know it's working"),
)
_BUSINESS = dict(
    constraints=(
        "we have no budget for ads",
        "we're a team of three",
        "we can't lower prices",
        "we need results this quarter",
    ),
    follow_ups=("tell me which metric to watch", "rank the fixes by effort and impact"),
)

family = FamilyFactory("problem_solving", POOLS, CONSTRAINTS, FOLLOW_UPS)

family(
    "fix_error",
    **_SOFTWARE,
    context=contexts.error_output(),
    context_templates=(
        "fix this error: {context}",
        "I'm getting this error:\n\n{context}\n\nhow do I fix it?",
        "{context}\n\nwhat am I doing wrong?",
        "help, {context}",
        "Getting this when I run my script:\n{context}",
        "{context}\n\nany idea how to solve this?",
        "why am I getting this?\n{context}",
    ),
)
family(
    "wrong_output",
    **_SOFTWARE,
    context=contexts.buggy_code,
    max_bucket=1,
    context_templates=(
        "{context}\n\n{symptom}. what's wrong?",
        "This {code_lang} code doesn't work: {symptom}.\n\n{context}",
        "why does this happen? {symptom}\n\n{context}",
        "{context}\n\nbug: {symptom}. can you find it?",
        "Can someone explain why {symptom}?\n{context}",
    ),
)
family(
    "device_broken",
    **_PHYSICAL,
    context=_tried_details,
    max_bucket=2,
    templates=(
        "my {device} {device_symptom}. what should I do?",
        "{device} {device_symptom}, how do I fix it",
        "My {device} {device_symptom}. Any ideas?",
        "help! my {device} {device_symptom}",
    ),
    context_templates=(
        "my {device} {device_symptom}. {context} what should I do?",
        "My {device} {device_symptom}. {context} Any ideas?",
        "{device} problem: it {device_symptom}. {context}",
    ),
)
family(
    "car_trouble",
    **_PHYSICAL,
    templates=(
        "my car {car_symptom}",
        "My car {car_symptom}. Is it safe to drive?",
        "what could cause a car that {car_symptom}?",
        "car {car_symptom}, what should I check?",
    ),
)
family(
    "home_repair",
    **_PHYSICAL,
    templates=(
        "{home_problem}. how do I fix it?",
        "{home_problem}, what can I do myself?",
        "Help: {home_problem}.",
        "{home_problem}. do I need a plumber or can I fix it?",
    ),
)
family(
    "money_dilemma",
    **_MONEY,
    templates=(
        "I have ${amount} saved, should I {money_choice}?",
        "Should I {money_choice}? I have about ${amount}.",
        "torn between options: {money_choice}. what would you do?",
        "${amount} in savings. {money_choice}?",
    ),
)
family(
    "job_offer",
    **_MONEY,
    templates=(
        "I got two job offers: {offers}. Which should I take?",
        "help me decide between {offers}",
        "I have {offers}. I can't decide.",
        "Which is the smarter move: {offers}?",
    ),
)
family(
    "business_problem",
    **_BUSINESS,
    templates=(
        "our {business}: {biz_problem}. how do we fix this?",
        "{biz_problem}. What should we do?",
        "Our {business} has a problem: {biz_problem}. Where do we start?",
        "{biz_problem} at my {business}, any ideas?",
    ),
)
family(
    "people_problem",
    **_PEOPLE,
    templates=(
        "{people_problem}. how do I handle this without a fight?",
        "{people_problem}. What should I do?",
        "how do I deal with this: {people_problem}",
        "{people_problem} and I'm at my wits' end. advice?",
    ),
)
family(
    "performance_issue",
    **_SOFTWARE,
    templates=(
        "{slow_system} gets really slow when {slow_condition}. how do I find the bottleneck?",
        "{slow_system} is slow when {slow_condition}. What should I look at?",
        "performance problem: {slow_system} crawls once {slow_condition}",
    ),
)
family(
    "build_failure",
    **_SOFTWARE,
    context=contexts.error_output(("npm", "Docker", "pip", "git", "Kubernetes", "Rust", "PostgreSQL")),
    context_templates=(
        "my build fails with this:\n\n{context}",
        "{context}\n\ndeploy is broken, how do I fix this?",
        "CI keeps failing:\n{context}",
        "{context}\n\nthis started after I updated things. fix?",
    ),
)
family(
    "app_crash",
    **_DESKTOP,
    templates=(
        "{app} keeps crashing when I {app_action}",
        "{app} freezes every time I {app_action}. Fix?",
        "why does {app} crash when I try to {app_action}?",
        "{app} closes itself whenever I {app_action}",
    ),
)
family(
    "account_locked",
    **_DESKTOP,
    templates=(
        "I can't log into my {account}, it says {account_msg}",
        "{account} login not working: {account_msg}. help",
        "locked out of my {account}. it says {account_msg}. what do I do?",
    ),
)
family(
    "stain_removal",
    **_HOUSEHOLD,
    templates=(
        "how do I get {stain} out of {fabric}?",
        "spilled {stain} on {fabric}, help!",
        "{stain} stain on {fabric}. what works?",
    ),
)
family(
    "plant_trouble",
    **_HOUSEHOLD,
    templates=(
        "my {plant} {plant_symptom}",
        "My {plant} {plant_symptom}. What am I doing wrong?",
        "why is my {plant} dying? it {plant_symptom}",
    ),
)
family(
    "procrastination",
    **_PERSONAL,
    templates=(
        "I keep procrastinating on {procrastinate}. how do I stop?",
        "I can't make myself start {procrastinate}. Help?",
        "every day I tell myself I'll work on {procrastinate} and I don't. what actually works?",
    ),
)
family(
    "team_conflict",
    **_PEOPLE,
    templates=(
        "{team_conflict}. as their manager, what should I do?",
        "I lead a small team and {team_conflict}. How do I fix it?",
        "how do I handle it when {team_conflict}?",
    ),
)
family(
    "website_issue",
    **_SOFTWARE,
    templates=(
        "my site is showing {web_error}. how do I fix it?",
        "Getting {web_error}. Where do I start debugging?",
        "{web_error} on my website since yesterday. help",
        "how do I troubleshoot {web_error}?",
    ),
)
family(
    "git_accident",
    **_SOFTWARE,
    templates=(
        "I accidentally {git_accident}. how do I undo it?",
        "oh no, I {git_accident}. what now?",
        "I {git_accident}. can I fix this?",
    ),
)
family(
    "spreadsheet_problem",
    **_DESKTOP,
    templates=(
        "{excel_issue}, help",
        "In Excel, {excel_issue}. Why?",
        "google sheets problem: {excel_issue}",
    ),
)
family(
    "landlord_problem",
    **_PEOPLE,
    templates=(
        "{landlord_issue}. what are my options?",
        "{landlord_issue}. What can I do?",
        "{landlord_issue} - how should I handle it?",
    ),
)
family(
    "customer_complaint",
    **_PEOPLE,
    templates=(
        "a customer is furious because {complaint}. how should I respond?",
        "How do I handle a complaint where {complaint}?",
        "angry customer, {complaint}. what do I say to fix this?",
    ),
)
family(
    "travel_disruption",
    **_PERSONAL,
    templates=(
        "{travel_problem}. what should I do?",
        "{travel_problem}! what are my options?",
        "Help, {travel_problem}.",
    ),
)
family(
    "cooking_fix",
    **_HOUSEHOLD,
    templates=(
        "{dish_problem}, how do I fix it?",
        "{dish_problem}. can it be saved?",
        "help, {dish_problem} and guests arrive in an hour",
    ),
)
family(
    "sleep_problem",
    **_PERSONAL,
    templates=(
        "I can't sleep because {sleep_issue}. what can I try?",
        "{sleep_issue} and I'm exhausted. how do I fix my sleep?",
        "how do I sleep better when {sleep_issue}?",
    ),
)
family(
    "small_business_owner",
    **_BUSINESS,
    templates=(
        "I run a small {business} and {biz_problem}. What should I do?",
        "As the owner of a {business}: {biz_problem}. Help me think of fixes.",
        "small {business} owner here. {biz_problem}. how do I turn it around?",
    ),
)
family(
    "root_cause",
    **_SOFTWARE,
    templates=(
        "Users report that {user_symptom} since {change}. Walk me through diagnosing the root cause.",
        "after {change}, {user_symptom}. how do I figure out why?",
        "{user_symptom} ever since {change}. where should I look?",
    ),
)
family(
    "life_dilemma",
    **_PERSONAL,
    context=contexts.document(("personal_story",)),
    min_bucket=2,
    context_templates=(
        "{context}\n\nwhat should I do?",
        "I need advice.\n\n{context}\n\nWhat would you do in my position?",
        "{context}\n\nhelp me figure out the best option here",
    ),
)

family(
    "data_cleaning",
    (
        "my dataset has {dirty_issue}. how should I clean it before analysis?",
        "How do I deal with {dirty_issue} in my {dataset_desc} data?",
        "what's the right way to handle {dirty_issue}? it's messing up my averages",
    ),
    pools={
        "dirty_issue": data_analysis.POOLS["dirty_issue"],
        "dataset_desc": data_analysis.POOLS["dataset_desc"],
    },
)

FAMILIES = tuple(family.families)
