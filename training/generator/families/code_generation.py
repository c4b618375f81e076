"""Code generation: producing or changing code, queries, configs and commands to a specification.

The line to problem solving: here the user wants new or changed code (write, implement, convert,
refactor, extend, test); when they want to know why existing code or a system misbehaves (an error,
a wrong result), it is problem solving. Queries and pandas code are code too, analytical or not;
data analysis gets the prompts that want the numbers themselves worked out.
"""

from __future__ import annotations

import random

from training.generator import contexts
from training.generator.base import Context, FamilyFactory
from training.generator.families import data_analysis
from training.generator.pools import GENERAL_POOLS

_PSEUDOCODE = (
    """for each order in orders:
    if order.status is "paid" and order.date is in the last 30 days:
        add order.total to the customer's running total
sort customers by total, highest first
return the top 10""",
    """function is_valid(password):
    must be at least 12 characters
    must contain a digit, an uppercase letter and a symbol
    must not contain the username
    return true or false with a reason""",
    """read the log file line by line
for each line that contains "ERROR":
    extract the timestamp and the message
    group messages by hour
print the hour with the most errors""",
    """start with an empty grid of size n x n
place the player at the top left corner
each turn: read a direction, move if the cell is free, otherwise print "blocked"
stop when the player reaches the bottom right corner""",
    """given a list of meetings with start and end times
sort them by start time
merge meetings that overlap
return the merged list""",
)

_SPEC_LINES = (
    "takes a list of {thing} and returns a new list",
    "ignores entries where the {field} is missing",
    "sorts the result by {field}, newest first",
    "raises a ValueError on negative amounts",
    "returns an empty list for empty input",
    "runs in linear time",
    "does not modify the input",
    "accepts an optional limit argument (default 10)",
    "logs a warning for every skipped entry",
    "treats {field} case-insensitively",
    "rounds money values to two decimals",
    "returns a dict keyed by {field}",
    "retries network calls up to three times",
)


def _spec(rng: random.Random, bucket: int) -> Context | None:
    """A short requirements list, the way tickets and assignments state what the code must do."""
    if bucket != 1:
        return None
    thing = rng.choice(("orders", "users", "transactions", "events", "products", "log entries"))
    field = rng.choice(("date", "email", "category", "status", "amount", "user id"))
    lines = [line.format(thing=thing, field=field) for line in rng.sample(_SPEC_LINES, rng.randint(3, 5))]
    name = rng.choice(("process", "summarize", "filter_items", "build_report", "normalize", "group_entries"))
    text = f"`{name}(items)`:\n" + "\n".join(f"- {line}" for line in lines)
    return Context(text, "spec", len(lines), {"spec_name": name})


def _pseudocode(rng: random.Random, bucket: int) -> Context | None:
    if bucket != 1:
        return None
    text = rng.choice(_PSEUDOCODE)
    return Context(text, "pseudocode", text.count("\n") + 1)


POOLS = {
    **GENERAL_POOLS,
    "plang": (
        "Python",
        "JavaScript",
        "TypeScript",
        "Java",
        "C#",
        "Go",
        "Rust",
        "C++",
        "Ruby",
        "PHP",
        "Kotlin",
        "Swift",
        "python",
        "js",
    ),
    "plang_b": ("Python", "TypeScript", "Go", "Rust", "Java", "Kotlin", "C#", "JavaScript"),
    "func_task": (
        "reverses a linked list",
        "checks if a string is a palindrome",
        "merges two sorted lists",
        "parses a date string like 2024-03-15",
        "removes duplicates from a list but keeps the order",
        "validates an email address",
        "converts Roman numerals to integers",
        "finds the second largest number in an array",
        "flattens a nested list",
        "counts how often each word appears in a text",
        "calculates the median of a list",
        "checks whether two strings are anagrams",
        "generates a random password with at least one symbol",
        "converts Celsius to Fahrenheit",
        "splits a list into chunks of n",
        "returns the nth Fibonacci number",
        "finds all prime numbers up to n",
        "deep merges two dictionaries",
        "formats a byte count as KB, MB or GB",
        "counts the business days between two dates",
        "retries a function call with exponential backoff",
        "turns a blog post title into a URL slug",
        "validates a credit card number with the Luhn algorithm",
        "rotates a matrix 90 degrees",
        "finds the longest common prefix of a list of strings",
        "masks all but the last four digits of a card number",
        "groups transactions by month",
        "parses a query string into a dictionary",
        "converts a number to words",
        "checks if parentheses are balanced",
    ),
    "code_howto": (
        "read a CSV file",
        "make an HTTP request",
        "sort a list of dictionaries by a key",
        "read a JSON file",
        "get the current date and time",
        "reverse a string",
        "check if a file exists",
        "remove duplicates from a list",
        "connect to a PostgreSQL database",
        "send an email",
        "parse command line arguments",
        "run code in parallel",
        "convert a string to a date",
        "write to a text file",
        "generate a UUID",
        "hash a password",
        "read environment variables",
        "upload a file to S3",
        "call a REST API with a bearer token",
        "iterate over a dictionary",
        "round a number to 2 decimal places",
        "split a string on multiple delimiters",
        "download an image from a URL",
        "run a function every hour",
        "zip a folder",
        "read a file line by line",
    ),
    "automation_task": (
        "renames all the photos in a folder by the date they were taken",
        "backs up my Postgres database every night",
        "checks a website every hour and emails me if it's down",
        "merges all the PDFs in a folder into one",
        "downloads all the images from a webpage",
        "resizes every image in a folder to 800px wide",
        "deletes files older than 30 days from my downloads folder",
        "categorizes the transactions in my bank CSV",
        "posts a Slack message when someone opens a GitHub issue",
        "converts a folder of Word docs to PDF",
        "saves job postings from a page to a CSV",
        "logs CPU and memory usage to a file every minute",
        "sorts my downloads folder into subfolders by file type",
        "sends birthday reminder emails from a spreadsheet",
        "fills in a web form from rows in an Excel file",
        "renames files to lowercase with underscores instead of spaces",
    ),
    "class_entity": (
        "a bank account",
        "a library book checkout system",
        "a parking lot",
        "a to-do list",
        "an inventory item",
        "a deck of cards",
        "a matrix",
        "a rate limiter",
        "a shopping cart",
        "a traffic light state machine",
        "a student grade book",
        "a hotel room booking",
        "a chess board",
        "a temperature sensor reading",
    ),
    "web_framework": (
        "Flask",
        "FastAPI",
        "Express",
        "Django",
        "Spring Boot",
        "ASP.NET Core",
        "Gin",
        "Rails",
        "Laravel",
        "NestJS",
    ),
    "endpoint_task": (
        "returns a paginated list of products",
        "lets users upload a profile picture",
        "creates a user and hashes their password",
        "returns the weather for a city from an external API",
        "handles Stripe webhook events",
        "exports a user's orders as CSV",
        "searches blog posts by keyword",
        "resets a password with an emailed token",
        "validates a JSON payload and saves it",
        "returns the 10 most recent comments for a post",
        "soft-deletes a record",
    ),
    "regex_target": (
        "email addresses",
        "US phone numbers",
        "dates in DD/MM/YYYY format",
        "URLs",
        "hex color codes",
        "IPv4 addresses",
        "passwords with at least 8 characters, one digit and one uppercase letter",
        "UK postcodes",
        "hashtags in a tweet",
        "words that start with a capital letter",
        "prices like $12.99",
        "times in 24-hour format",
        "lines that start with a timestamp",
        "semantic version numbers",
    ),
    "schema_domain": (
        "a blog with posts, comments and tags",
        "a library with books, members and loans",
        "an online store",
        "a school with students, courses and enrollments",
        "a gym membership system",
        "a recipe app",
        "a hotel booking system",
        "a support ticket system",
        "a SaaS app with organizations and users",
        "a music streaming app",
        "a veterinary clinic",
        "an event ticketing site",
    ),
    "ui_framework": (
        "React",
        "Vue",
        "Svelte",
        "Angular",
        "SwiftUI",
        "Flutter",
        "React Native",
        "plain HTML/CSS/JS",
    ),
    "component_task": (
        "shows a list of products with a search box",
        "is a login form with validation",
        "opens a modal when you click a button",
        "toggles dark mode",
        "counts down to a date",
        "lets users pick a star rating",
        "is an image carousel",
        "is a responsive navbar with a hamburger menu",
        "renders a sortable table",
        "is a multi-step signup form",
        "shows toast notifications",
        "loads more posts as you scroll",
        "shows a file upload area with drag and drop",
    ),
    "cli_task": (
        "converts CSV files to JSON",
        "counts lines of code in a project",
        "shows the weather for a city",
        "manages a todo list stored in a JSON file",
        "finds duplicate files in a directory",
        "bulk renames files with a pattern",
        "tails a log file and highlights errors",
        "generates secure passwords",
        "compresses all the images in a folder",
        "checks a list of URLs for broken links",
    ),
    "algorithm": (
        "binary search",
        "quicksort",
        "merge sort",
        "Dijkstra's algorithm",
        "A* pathfinding",
        "a trie",
        "breadth-first search",
        "the 0/1 knapsack problem with dynamic programming",
        "topological sort",
        "Kruskal's algorithm",
        "Levenshtein distance",
        "a sudoku solver with backtracking",
        "union-find",
        "the sieve of Eratosthenes",
        "k-means clustering from scratch",
        "a bloom filter",
    ),
    "data_structure": (
        "linked list",
        "stack",
        "queue",
        "binary search tree",
        "hash map",
        "min heap",
        "graph",
        "circular buffer",
        "priority queue",
        "LRU cache",
        "doubly linked list",
        "trie",
    ),
    "infra_config": (
        "a Dockerfile for a Node.js app",
        "a docker-compose file with Postgres and Redis",
        "a GitHub Actions workflow that runs pytest on every push",
        "an nginx config that proxies to a Flask app on port 5000",
        "a Kubernetes deployment for a Python API",
        "a Makefile for a small C project",
        "a .gitignore for a Python project",
        "a systemd service file for my Discord bot",
        "a Terraform config for a private S3 bucket",
        "a crontab line that runs backup.sh every Monday at 9am",
        "a pre-commit config with black and ruff",
    ),
    "game": (
        "tic-tac-toe",
        "snake",
        "hangman",
        "rock paper scissors",
        "Pong",
        "a number guessing game",
        "Minesweeper",
        "blackjack",
        "Wordle",
        "a text adventure",
        "Connect Four",
        "Breakout",
    ),
    "scaffold": (
        "a FastAPI project with SQLAlchemy and Alembic",
        "a React app with routing and a login page",
        "an Express API with JWT auth",
        "a Django project with a custom user model",
        "a Chrome extension",
        "a Discord bot in Python",
        "a Next.js blog",
        "a Telegram bot",
        "a VS Code extension",
        "a Python package with tests",
    ),
    "feature": (
        "error handling",
        "logging",
        "type hints",
        "caching",
        "input validation",
        "retries with backoff",
        "async support",
        "pagination",
        "a command line interface",
        "docstrings",
        "a progress bar",
        "a config file instead of hardcoded values",
        "support for multiple files",
    ),
    "shell_task": (
        "find all files larger than 100MB",
        "count the lines in all .py files",
        "kill whatever is running on port 3000",
        "replace a word in every file in a folder",
        "list the 10 biggest folders",
        "find the process using the most memory",
        "extract all email addresses from a text file",
        "rename every .jpeg file to .jpg",
        "show only unique lines of a file",
        "download a whole website for offline use",
    ),
    "api_task": (
        "the GitHub API to list all my repos",
        "the OpenWeather API to get tomorrow's forecast",
        "the Spotify API to get my top tracks",
        "the Stripe API to create a customer and a subscription",
        "the Google Sheets API to append a row",
        "the Twilio API to send an SMS",
        "the Notion API to create a page",
        "the Slack API to post a message to a channel",
    ),
    "gs_task": (
        "emails me when a cell in column C changes",
        "copies new form responses into another sheet",
        "creates a calendar event for every row in my sheet",
        "highlights duplicate rows",
        "clears the sheet every Sunday night",
        "sends a weekly summary of the sheet by email",
    ),
    "beginner": (
        "I'm new to programming",
        "I just started learning to code",
        "I'm a total beginner",
        "I'm learning {plang} on my own",
        "I'm a designer, not a developer",
        "I'm switching careers into tech",
    ),
}

CONSTRAINTS = (
    "no external libraries",
    "it must handle empty input",
    "use static types",
    "keep it under 50 lines",
    "don't use recursion",
    "handle errors gracefully",
    "use only the standard library",
    "make it thread-safe",
    "avoid global variables",
    "add comments",
    "return the result instead of printing it",
    "no classes, just functions",
    "read the settings from environment variables",
    "log every failure",
    "keep it in a single file",
    "use meaningful variable names",
    "don't use any deprecated APIs",
    "follow the usual style conventions",
    "make it production ready",
    "keep it beginner friendly",
)

FOLLOW_UPS = (
    "write a few unit tests for it",
    "add a short usage example",
    "write a README section on how to run it",
    "show me how to run it from the command line",
    "explain how it works",
    "add docstrings",
    "suggest how I could extend it later",
    "give me a version with error handling too",
    "list a couple of example inputs and outputs",
    "point out any edge cases I should test",
)

_ALGORITHMIC = dict(
    constraints=(
        "it should run in O(n log n) or better",
        "optimize for memory",
        "make it work for very large inputs",
    ),
    follow_ups=("explain the time complexity", "compare it with the naive approach"),
)

family = FamilyFactory("code_generation", POOLS, CONSTRAINTS, FOLLOW_UPS)

family(
    "function_spec",
    **_ALGORITHMIC,
    templates=(
        "write a {plang} function that {func_task}",
        "Write a function in {plang} that {func_task}.",
        "can you give me a {plang} function that {func_task}?",
        "I need a function that {func_task}. {plang} please.",
        "Implement a {plang} function which {func_task}.",
        "need a quick helper that {func_task}, in {plang}",
        "Create a function that {func_task}.",
    ),
)
family(
    "how_to_code",
    (
        "how do i {code_howto} in {plang}",
        "How do I {code_howto} in {plang}?",
        "{plang}: how to {code_howto}?",
        "what's the code to {code_howto} in {plang}",
        "Show me how to {code_howto} using {plang}.",
        "whats the cleanest way to {code_howto} in {plang}",
    ),
)
family(
    "automation_script",
    (
        "I need a script that {automation_task}",
        "Write a Python script that {automation_task}.",
        "can you make me a script that {automation_task}?",
        "automate this for me: a script that {automation_task}",
        "Is there a way to write a bash script that {automation_task}?",
        "build me a little tool that {automation_task}",
    ),
)
family(
    "class_design",
    (
        "create a {plang} class for {class_entity}",
        "Design a class that represents {class_entity} in {plang}.",
        "write an OOP model of {class_entity}",
        "Can you write classes for {class_entity} with the usual methods?",
        "model {class_entity} as a {plang} class",
    ),
)
family(
    "api_endpoint",
    (
        "build a {web_framework} endpoint that {endpoint_task}",
        "Write a REST endpoint in {web_framework} that {endpoint_task}.",
        "how would I write a {web_framework} route that {endpoint_task}?",
        "add an API route that {endpoint_task} ({web_framework})",
        "Create a {web_framework} controller that {endpoint_task}.",
    ),
)
family(
    "regex",
    inherit=False,
    constraints=(
        "it must not match partial words",
        "make it case-insensitive",
        "keep it readable",
        "it has to work in JavaScript",
        "no lookbehinds",
        "capture the parts in named groups",
    ),
    follow_ups=(
        "explain each part of the pattern",
        "give me a few strings it should and shouldn't match",
        "show how to use it in code",
    ),
    templates=(
        "regex for {regex_target}",
        "Write a regular expression that matches {regex_target}.",
        "give me a regex to match {regex_target}",
        "what regex would match {regex_target}?",
        "I need a pattern that validates {regex_target}",
        "regex to find all {regex_target} in a string ({plang})",
    ),
)
family(
    "sql_schema",
    inherit=False,
    constraints=(
        "use PostgreSQL",
        "add sensible indexes",
        "use UUIDs as primary keys",
        "include created_at and updated_at columns",
        "enforce referential integrity",
        "keep it normalized",
    ),
    follow_ups=(
        "add some sample insert statements",
        "explain the relationships",
        "draw the schema as a text diagram",
    ),
    templates=(
        "write the SQL to create tables for {schema_domain}",
        "Design a database schema for {schema_domain}.",
        "create postgres tables for {schema_domain} with foreign keys",
        "what tables would I need for {schema_domain}? write the DDL",
        "write a migration that adds a soft delete column to every table in {schema_domain}",
    ),
)
family(
    "convert_language",
    context=contexts.code(),
    context_templates=(
        "convert this to {plang_b}:\n\n{context}",
        "Can you translate this {code_lang} code into {plang_b}?\n\n{context}",
        "{context}\n\nrewrite this in {plang_b}",
        "port this to {plang_b} please\n{context}",
        "{context}\n\nWhat would this look like in {plang_b}?",
    ),
    max_bucket=2,
)
family(
    "refactor",
    context=contexts.code(),
    context_templates=(
        "refactor this to be more readable:\n\n{context}",
        "{context}\n\ncan you clean this up?",
        "Please refactor the following {code_lang} code:\n{context}",
        "make this more idiomatic\n\n{context}",
        "{context}\n\nthis works but it's ugly. rewrite it properly",
        "Simplify this code:\n{context}",
    ),
)
family(
    "add_feature",
    context=contexts.code(),
    context_templates=(
        "add {feature} to this:\n\n{context}",
        "{context}\n\ncan you add {feature}?",
        "Here's my code. I want to add {feature}.\n\n{context}",
        "{context}\n\nextend this with {feature}",
        "Modify this so it has {feature}:\n{context}",
    ),
)
family(
    "unit_tests",
    context=contexts.code(),
    context_templates=(
        "write unit tests for this:\n\n{context}",
        "{context}\n\nwrite tests for this function",
        "Generate pytest tests for the following code:\n{context}",
        "{context}\n\nI need test cases covering the edge cases",
        "Can you write a test suite for this {code_lang} code?\n\n{context}",
    ),
    max_bucket=2,
)
family(
    "shell_one_liner",
    inherit=False,
    constraints=(
        "it has to work on macOS",
        "no sudo",
        "it should be safe to run twice",
        "only use standard Unix tools",
    ),
    follow_ups=("explain each part of the command", "show how to do a dry run first"),
    templates=(
        "bash one-liner to {shell_task}",
        "What's the command to {shell_task} on Linux?",
        "terminal command to {shell_task}?",
        "how do I {shell_task} from the command line",
        "Give me a PowerShell command to {shell_task}.",
        "one liner to {shell_task} on mac",
    ),
)
family(
    "ui_component",
    (
        "make a {ui_framework} component that {component_task}",
        "Build a {ui_framework} component that {component_task}.",
        "can you code a {ui_framework} widget that {component_task}?",
        "I need a component that {component_task}, using {ui_framework}",
        "write the {ui_framework} code for a UI element that {component_task}",
    ),
)
family(
    "cli_tool",
    (
        "build a command line tool in {plang} that {cli_task}",
        "Write a CLI that {cli_task}.",
        "make a small {plang} program that {cli_task}",
        "I want a terminal app that {cli_task}",
    ),
)
family(
    "algorithm_impl",
    **_ALGORITHMIC,
    templates=(
        "implement {algorithm} in {plang}",
        "Write {algorithm} in {plang}.",
        "code {algorithm} for me",
        "Can you show an implementation of {algorithm}?",
        "{algorithm} in {plang}, please, with comments",
    ),
)
family(
    "terse_code",
    (
        "{plang} {code_howto}",
        "{plang} function {func_task}",
        "regex {regex_target}",
        "{algorithm} {plang}",
        "{plang} snippet: {code_howto}",
        "code: {func_task}",
    ),
)
family(
    "beginner_persona",
    (
        "{beginner}. Can you show me how to {code_howto} in {plang}?",
        "{beginner} - could you write a simple {plang} program that {func_task}?",
        "{beginner}, so please keep it simple: I need code that {func_task}.",
    ),
)
family(
    "data_structure",
    **_ALGORITHMIC,
    templates=(
        "implement a {data_structure} from scratch in {plang}",
        "Write a {data_structure} class in {plang}.",
        "How would I build my own {data_structure} in {plang}?",
        "code a generic {data_structure} with all the basic operations",
    ),
)
family(
    "infra_config",
    inherit=False,
    constraints=(
        "keep the image small",
        "pin all the versions",
        "don't run as root",
        "add comments explaining each section",
        "keep secrets out of the file",
        "make it work for both staging and production",
    ),
    follow_ups=(
        "explain each section",
        "show me how to test it locally",
        "list common mistakes with this setup",
    ),
    templates=(
        "write {infra_config}",
        "Can you write {infra_config}?",
        "I need {infra_config}.",
        "generate {infra_config} for me",
        "what would {infra_config} look like?",
    ),
)
family(
    "game",
    (
        "code a simple {game} game in {plang}",
        "Write {game} in {plang}.",
        "make {game} in the browser with JavaScript",
        "can you build a terminal version of {game}?",
        "I want to make {game} in pygame",
    ),
)
family(
    "scaffold",
    (
        "set up {scaffold}",
        "Scaffold {scaffold}.",
        "give me the boilerplate for {scaffold}",
        "What files do I need for {scaffold}? write them out",
        "generate a starter template for {scaffold}",
    ),
)
family(
    "document_code",
    context=contexts.code(),
    context_templates=(
        "add comments explaining each step:\n\n{context}",
        "{context}\n\nadd docstrings and type hints to this",
        "Document this code properly:\n{context}",
        "{context}\n\nadd JSDoc or docstring comments to everything here",
    ),
    max_bucket=2,
)
family(
    "optimize_code",
    context=contexts.code(),
    context_templates=(
        "make this faster:\n\n{context}",
        "{context}\n\nhow can I optimize this? rewrite it",
        "This is too slow on big inputs, rewrite it to be efficient:\n{context}",
        "{context}\n\ncan you make this use less memory?",
    ),
    max_bucket=2,
)
family(
    "pseudocode_to_code",
    context=_pseudocode,
    max_bucket=1,
    context_templates=(
        "turn this pseudocode into {plang}:\n\n{context}",
        "{context}\n\nwrite this in real {plang} code",
        "Implement the following logic in {plang}:\n{context}",
        "can you code this up?\n\n{context}",
    ),
)
family(
    "implement_spec",
    context=_spec,
    max_bucket=1,
    context_templates=(
        "Implement this in {plang}:\n{context}",
        "write {spec_name} in {plang} so that it meets these requirements\n\n{context}",
        "Here's the ticket:\n{context}\n\nwrite the code",
        "{context}\n\ncan you implement this function?",
    ),
)
family(
    "api_client",
    (
        "write code that uses {api_task}",
        "How do I use {api_task} in {plang}? write the code",
        "I need a {plang} script calling {api_task}.",
        "show me a working example using {api_task}",
    ),
)
family(
    "spreadsheet_script",
    (
        "write a google apps script that {gs_task}",
        "Can you write an Excel VBA macro that {gs_task}?",
        "I need a script for my google sheet that {gs_task}",
    ),
)

family(
    "pandas_howto",
    (
        "using pandas, how do I {pandas_task}?",
        "pandas: {pandas_task}",
        "How can I {pandas_task} in a pandas dataframe?",
        "In pandas I need to {pandas_task} on my {dataset_desc} data.",
        "what's the pandas way to {pandas_task}",
    ),
    pools={
        "pandas_task": data_analysis.POOLS["pandas_task"],
        "dataset_desc": data_analysis.POOLS["dataset_desc"],
        "city": data_analysis.POOLS["city"],
    },
)
family(
    "sql_analytics",
    (
        "given a table {table_schema}, write a query for {analytics_question}",
        "SQL question: I have {table_schema}. How do I get {analytics_question}?",
        "write a postgres query that returns {analytics_question} from {table_schema}",
        "How would I calculate {analytics_question} in SQL? Tables: {table_schema}",
    ),
    pools={
        "table_schema": data_analysis.POOLS["table_schema"],
        "analytics_question": data_analysis.POOLS["analytics_question"],
    },
)

FAMILIES = tuple(family.families)
