"""Creative writing: poems, stories, lyrics, speeches, captions, names and other invented text.

Like code generation, most of these prompts say "write"; what separates them is what is to be
written. Rewriting a pasted text in a new voice is creative writing, shortening it is summarization.
"""

from __future__ import annotations

from training.generator import contexts
from training.generator.base import FamilyFactory
from training.generator.pools import GENERAL_POOLS

POOLS = {
    **GENERAL_POOLS,
    "poem_form": (
        "poem",
        "haiku",
        "limerick",
        "sonnet",
        "short poem",
        "free verse poem",
        "rhyming poem",
        "ode",
        "villanelle",
        "couple of haikus",
        "acrostic poem",
    ),
    "subject": (
        "my cat",
        "the ocean at night",
        "Monday mornings",
        "a broken umbrella",
        "my grandmother's kitchen",
        "falling in love at 40",
        "autumn leaves",
        "coffee",
        "a city in the rain",
        "moving away from home",
        "the first snow of the year",
        "a dog waiting by the door",
        "losing a friend",
        "the smell of bread",
        "a lighthouse",
        "traffic jams",
        "my houseplants",
        "the last day of summer",
        "insomnia",
        "a long train journey",
        "the moon",
        "running a marathon",
        "being a new parent",
        "an old guitar",
        "my sourdough starter",
        "working from home",
        "the stars over the desert",
        "a forgotten birthday",
    ),
    "premise": (
        "a lighthouse keeper who finds a message in a bottle addressed to her",
        "a robot that learns to paint",
        "two strangers stuck in an elevator during a blackout",
        "a town where it hasn't rained in ten years",
        "a detective who can't remember faces",
        "a kid who discovers their grandma was a spy",
        "the last bookstore on Mars",
        "a chef who loses their sense of taste",
        "a time traveler stuck in 1994",
        "a dragon who is afraid of heights",
        "a group of retirees who rob a bank",
        "a ghost who haunts a coffee shop",
        "an astronaut who hears knocking on the outside of the ship",
        "a village that forgets everything every winter",
        "a dog who runs for mayor",
        "two rival food truck owners",
        "a librarian who finds a book that writes itself",
        "a heist at a chess tournament",
        "a woman who inherits a haunted vineyard",
    ),
    "genre": (
        "sci-fi",
        "fantasy",
        "mystery",
        "horror",
        "romantic comedy",
        "thriller",
        "cozy mystery",
        "noir",
        "magical realism",
        "dystopian",
        "western",
        "literary fiction",
    ),
    "music_genre": (
        "country",
        "pop",
        "folk",
        "punk",
        "R&B",
        "indie rock",
        "blues",
        "k-pop",
        "reggae",
        "sea shanty",
    ),
    "kid_subject": (
        "a dinosaur who is scared of the dark",
        "a brave little turtle",
        "sharing toys",
        "going to the dentist",
        "a unicorn who loves broccoli",
        "a rocket ship made of cardboard",
        "making new friends at school",
        "a sleepy owl",
        "a garbage truck with feelings",
        "a cat who wants to be a firefighter",
    ),
    "age": ("3", "4", "5", "6", "7", "8", "9"),
    "relation": (
        "sister",
        "best friend",
        "brother",
        "mom",
        "dad",
        "coworker",
        "grandpa",
        "grandma",
        "boss",
        "husband",
        "wife",
        "girlfriend",
        "boyfriend",
        "college roommate",
        "son",
        "daughter",
    ),
    "occasion": (
        "50th birthday",
        "retirement",
        "wedding",
        "graduation",
        "baby shower",
        "anniversary",
        "farewell party",
        "promotion",
        "housewarming",
        "30th birthday",
    ),
    "business": (
        "a vegan bakery",
        "a dog grooming salon",
        "a bike repair shop",
        "an accounting firm",
        "a yoga studio",
        "a coffee roastery",
        "a kids' coding camp",
        "a plumbing company",
        "a used bookstore",
        "a taco truck",
        "a language school",
        "a plant nursery",
        "a cybersecurity startup",
        "a wedding photographer",
    ),
    "naming_thing": (
        "a fantasy kingdom",
        "my bakery",
        "a sci-fi spaceship",
        "my D&D party",
        "a rock band",
        "our podcast",
        "a new board game",
        "a villain in my novel",
        "my sourdough starter",
        "a pet hedgehog",
        "a craft beer",
        "our fantasy football team",
        "a mobile app for plant care",
    ),
    "race_class": (
        "a tiefling warlock",
        "a dwarf cleric",
        "a half-elf bard",
        "a halfling rogue",
        "a human paladin",
        "a dragonborn sorcerer",
        "an elf ranger",
        "a gnome artificer",
        "an orc barbarian",
        "a goliath monk",
    ),
    "trait": (
        "is afraid of magic",
        "owes money to a thieves' guild",
        "lost their memory",
        "was raised by wolves",
        "is secretly royalty",
        "betrayed their mentor",
        "collects bones",
        "can't lie",
        "is running from a prophecy",
    ),
    "char_pair": (
        "a grumpy wizard and an overly cheerful knight",
        "two siblings",
        "a barista and a regular customer",
        "an alien and a farmer",
        "a mother and her teenage son",
        "two old rivals",
        "a detective and a suspect",
        "a job interviewer and a very nervous candidate",
        "two astronauts",
        "a ghost and a real estate agent",
    ),
    "situation": (
        "argue about who ate the last slice of pizza",
        "meet for the first time in twenty years",
        "are stuck on a broken ski lift",
        "have to share a tiny apartment",
        "discover they've been pen pals",
        "try to assemble IKEA furniture",
        "plan a surprise party that goes wrong",
        "get lost in a museum at night",
    ),
    "setting": (
        "an abandoned amusement park at dawn",
        "a crowded night market in Taipei",
        "a spaceship's greenhouse",
        "a village after a snowstorm",
        "a desert motel in 1962",
        "a library in an underwater city",
        "a forest that changes color every hour",
        "a train station at 3 a.m.",
        "a grandmother's attic",
        "a busy restaurant kitchen on a Friday night",
    ),
    "author": (
        "Shakespeare",
        "Jane Austen",
        "Ernest Hemingway",
        "Dr. Seuss",
        "Edgar Allan Poe",
        "a pirate",
        "a 1920s newspaper",
        "a noir detective",
        "a nature documentary narrator",
        "a Gen Z TikToker",
        "Charles Dickens",
        "a medieval bard",
        "a sports commentator",
        "a fairy tale",
    ),
    "photo": (
        "a sunset at the beach with my dog",
        "my first homemade sourdough",
        "our hiking trip in the Alps",
        "me finishing my first 10k",
        "a rainy street in Paris",
        "my new tattoo",
        "my grandma's 90th birthday",
        "our messy kitchen after Thanksgiving",
        "a flat white and a croissant",
        "my graduation cap",
    ),
    "platform": ("Instagram", "LinkedIn", "TikTok", "Twitter", "Facebook"),
    "fict_pair": (
        "a soldier in 1916 to his mother",
        "a cat to its owner",
        "the moon to the sun",
        "a future version of me to my teenage self",
        "an astronaut on Mars to her daughter",
        "a retired superhero to their replacement",
        "a houseplant to the person who keeps forgetting to water it",
    ),
    "world_premise": (
        "magic is powered by music",
        "the sun never sets",
        "everyone is born with a spirit animal",
        "cities float above a poisonous sea",
        "memories can be traded like money",
        "dragons run the banks",
        "nobody can lie after sunset",
    ),
    "public_char": (
        "Sherlock Holmes",
        "Dracula",
        "Alice from Wonderland",
        "Robin Hood",
        "Captain Nemo",
        "Frankenstein's monster",
        "Peter Pan",
        "the Little Mermaid",
        "King Arthur",
        "Don Quixote",
    ),
    "product_desc": (
        "handmade soy candles that smell like old books",
        "a smart water bottle that reminds you to drink",
        "a foldable electric bike",
        "organic dog treats",
        "noise-cancelling sleep earbuds",
        "a journaling app for anxious people",
        "a reusable coffee cup made from bamboo",
        "hot sauce made with mango",
    ),
}

CONSTRAINTS = (
    "make it funny",
    "keep it under {word_limit} words",
    "avoid clichés",
    "keep it kid-friendly",
    "keep it short",
    "make it sound heartfelt but not cheesy",
    "keep the language simple",
    "use a friendly tone",
    "make it a little edgy",
    "keep it PG",
    "make it sound modern",
    'don\'t use the word "journey"',
)

FOLLOW_UPS = (
    "write a second version in a different tone",
    "give me two more versions to choose from",
    "explain the choices you made",
    "suggest how I could make it even better",
)

_NARRATIVE = dict(
    constraints=(
        "use lots of sensory detail",
        "set it in {city}",
        "use present tense",
        "write it in first person",
        "use a melancholic tone",
        "give it a hopeful ending",
        "name the main character {name}",
        'include the word "lantern"',
        "make it a little dark",
    ),
    follow_ups=(
        "give it a title",
        "suggest three alternative endings",
        "write a short sequel",
        "add a moral at the end",
        "turn it into a short poem",
        "suggest a few illustrations that would go with it",
        "rewrite the opening line three different ways",
    ),
)
_VERSE = dict(
    constraints=(
        "make it rhyme",
        "don't make it rhyme",
        "no more than {n_small} stanzas",
        "use an AABB rhyme scheme",
    ),
    follow_ups=("explain the imagery you used", "give it a title"),
)

family = FamilyFactory("creative_writing", POOLS, CONSTRAINTS, FOLLOW_UPS)

family(
    "poem_about",
    **_VERSE,
    templates=(
        "write a {poem_form} about {subject}",
        "write me a {poem_form} about {subject}",
        "Can you write a {poem_form} about {subject}?",
        "{poem_form} about {subject} please",
        "I need a {poem_form} about {subject}.",
        "could u write a {poem_form} on {subject}",
        "Compose a {poem_form} about {subject}.",
    ),
)
family(
    "short_story",
    **_NARRATIVE,
    templates=(
        "write a short story about {premise}",
        "Write a {genre} short story about {premise}.",
        "can you write a story about {premise}?",
        "I want a short {genre} story where the main character is {premise}",
        "Tell me a story about {premise}.",
        "write a 1000 word story about {premise}",
    ),
)
family(
    "kids_story",
    **_NARRATIVE,
    templates=(
        "can you make up a story for my {age} year old about {kid_subject}",
        "write a bedtime story about {kid_subject}",
        "I need a bedtime story for a {age}-year-old about {kid_subject}.",
        "Make up a short story for kids about {kid_subject}.",
        "tell me a bedtime story about {kid_subject}",
        "write a rhyming picture book text about {kid_subject}",
    ),
)
family(
    "song_lyrics",
    **_VERSE,
    templates=(
        "write {music_genre} song lyrics about {subject}",
        "Write lyrics for a {music_genre} song about {subject}.",
        "can you write a song about {subject}?",
        "give me a chorus for a {music_genre} song about {subject}",
        "I need a verse and chorus for a song about {subject}, {music_genre} vibe",
        "write a rap verse about {subject}",
    ),
)
family(
    "scene_dialogue",
    **_NARRATIVE,
    templates=(
        "write a scene where {char_pair} {situation}",
        "Write a dialogue between {char_pair} who {situation}.",
        "Can you write a funny conversation between {char_pair}?",
        "script a short scene: {char_pair} {situation}",
        "write dialogue only: {char_pair} {situation}",
    ),
)
family(
    "character_backstory",
    **_NARRATIVE,
    templates=(
        "create a backstory for my D&D character, {race_class} who {trait}",
        "Help me write a backstory for {race_class} who {trait}.",
        "I need a tragic backstory for my character, {race_class}. They {trait}.",
        "write a character bio for {race_class} that {trait}",
    ),
)
family(
    "worldbuilding",
    (
        "help me invent a fantasy world where {world_premise}",
        "Create a {genre} setting with its own history, religion and politics.",
        "describe the culture of a city built on the back of a giant turtle",
        "invent a magic system based on {subject}",
        "Design an alien species for my {genre} novel.",
    ),
)
family(
    "continue_story",
    **_NARRATIVE,
    context=contexts.story_opening,
    context_templates=(
        "continue this story: {context}",
        "{context}\n\nkeep going",
        'Write what happens next:\n\n"{context}"',
        'Here\'s my opening line: "{context}" Can you write the next few paragraphs?',
        "{context}\n\ncontinue this in a {genre} style",
        "Use this as the first line of a story: {context}",
    ),
    max_bucket=1,
)
family(
    "rewrite_in_style",
    **_NARRATIVE,
    context=contexts.document(
        ("email", "news_article", "recipe_blog", "release_notes", "health_article", "policy_document")
    ),
    context_templates=(
        "rewrite this in the style of {author}:\n\n{context}",
        "{context}\n\nnow make this sound like {author} wrote it",
        "Can you rewrite the following as if {author} wrote it?\n\n{context}",
        "turn this {doc_noun} into a poem:\n\n{context}",
        "{context}\n\nrewrite this as a dramatic movie trailer voiceover",
        "Retell this {doc_noun} as a fairy tale:\n{context}",
    ),
)
family(
    "slogans",
    (
        "give me 10 slogans for {business}",
        "Come up with a catchy tagline for {business}.",
        "need a slogan for {business}, something clever",
        "brainstorm taglines for {business}",
        "What would be a fun motto for {business}?",
    ),
)
family(
    "product_copy",
    (
        "write a product description for {product_desc}",
        "Write Etsy listing copy for {product_desc}.",
        "I need a fun Amazon description for {product_desc}",
        "write a short ad for {product_desc}",
        "Write the copy for a landing page selling {product_desc}.",
    ),
)
family(
    "speech_toast",
    **_NARRATIVE,
    templates=(
        "write a wedding toast for my {relation}",
        "Write a speech for my {relation}'s {occasion}.",
        "I have to give a toast at my {relation}'s {occasion}. Can you write it?",
        "help me write a eulogy for my grandpa who loved fishing and bad jokes",
        "write a short funny speech for a coworker's {occasion}",
    ),
)
family(
    "card_message",
    (
        "write a funny birthday message for my {relation}",
        "What should I write in a card for my {relation}'s {occasion}?",
        "write a sweet note to put in my {relation}'s lunchbox",
        "Write a thank-you card message for my {relation}.",
        "need a heartfelt message for a sympathy card",
    ),
)
family(
    "jokes",
    (
        "write some jokes about {subject}",
        "tell me a joke about {subject}",
        "Give me a pun about {subject}.",
        "make up a knock-knock joke about {subject}",
        "I need a few dad jokes about {subject} for a speech",
    ),
)
family(
    "plot_ideas",
    (
        "give me plot twist ideas for a {genre} novel about {premise}",
        "Brainstorm story ideas for a {genre} book.",
        "what could happen next in my story about {premise}?",
        "I'm stuck. Give me five ways my {genre} novel could end.",
        "suggest a subplot for a story about {premise}",
    ),
)
family(
    "name_ideas",
    (
        "suggest names for {naming_thing}",
        "Give me 10 name ideas for {naming_thing}.",
        "what should I call {naming_thing}?",
        "help me name {naming_thing}",
        "name ideas for {naming_thing}? something unique",
    ),
)
family(
    "micro_fiction",
    **_NARRATIVE,
    templates=(
        "write a 50-word story about {subject}",
        "Write a six-word story about {subject}.",
        "flash fiction prompt: {premise}. go",
        "Write a 100-word horror story set in {setting}.",
        "tiny story about {subject}, max a paragraph",
    ),
)
family(
    "screenplay",
    **_NARRATIVE,
    templates=(
        "write the opening scene of a screenplay about {premise}",
        "Write a short film script about {premise}.",
        "Draft a sitcom cold open involving {char_pair}.",
        "write a movie pitch for a {genre} film about {premise}",
    ),
)
family(
    "novel_persona",
    **_NARRATIVE,
    templates=(
        "I'm writing a novel about {premise}. Can you write the chapter where everything falls apart?",
        "I'm working on a {genre} book. Write the scene where the hero first meets the villain.",
        "Ghostwrite a chapter for my memoir about growing up in {city}.",
        "I'm a fantasy author. Write a prologue for my book about {premise}.",
    ),
)
family(
    "description_passage",
    **_NARRATIVE,
    templates=(
        "describe {setting} in vivid detail",
        "Write a descriptive paragraph about {setting}.",
        "paint me a picture with words: {setting}",
        "Describe {setting} using all five senses.",
    ),
)
family(
    "fictional_letter",
    **_NARRATIVE,
    templates=(
        "write a letter from {fict_pair}",
        "Write a letter from {fict_pair}.",
        "Write a love letter from {fict_pair}.",
        "write an angry letter from {fict_pair}",
    ),
)
family(
    "social_caption",
    (
        "write an instagram caption for {photo}",
        "caption ideas for a photo of {photo}",
        "Write a {platform} post about {photo}.",
        "I need a witty caption for {photo}",
    ),
)
family(
    "fan_fiction",
    **_NARRATIVE,
    templates=(
        "write a story where {public_char} meets {public_char@2}",
        "Write fan fiction about {public_char} in modern-day {city}.",
        "What if {public_char} was a barista? Write it as a short story.",
        "crossover story: {public_char} and {public_char@2}",
    ),
)
family(
    "terse_request",
    **_VERSE,
    templates=(
        "haiku: {subject}",
        "limerick about {subject} pls",
        "poem, {subject}",
        "story idea: {premise}",
        "{music_genre} song about {subject}",
        "tagline for {business}",
    ),
)
family(
    "writing_prompt",
    (
        "give me a creative writing prompt about {subject}",
        "I need a journaling prompt about {subject}.",
        "Give me a {genre} writing prompt for my class.",
        "suggest an unusual story prompt involving {setting}",
    ),
)
family(
    "personalized_poem",
    **_VERSE,
    templates=(
        "can you write a poem for my {relation}'s {occasion}? they love {subject}",
        "Write a short poem for my {relation}, who is obsessed with {subject}.",
        "My {relation} is turning 60. Write a funny poem about getting old.",
        "write a love poem for my {relation} that mentions {city}",
    ),
)
family(
    "poem_about_data",
    **_VERSE,
    context=contexts.table(
        ("monthly revenue", "weekly website traffic", "household spending", "sleep and activity log")
    ),
    max_bucket=1,
    context_templates=(
        "{context}\n\nwrite a dramatic poem about these numbers",
        "Turn this {table_desc} into a funny limerick:\n{context}",
        "{context}\n\nwrite a short ballad about my {table_desc}, it's for a team party",
    ),
)

FAMILIES = tuple(family.families)
