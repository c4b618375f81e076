"""Task planning: schedules, itineraries, roadmaps, checklists and breakdowns of goals into steps.

The line to problem solving: a plan organises known work over time ("plan my week", "roadmap for
the launch"); problem solving resolves something that is broken or a decision that is stuck.
Saving up for a goal is planning; choosing between paying off debt and investing is problem solving.
"""

from __future__ import annotations

import random

from training.generator import contexts
from training.generator.base import Context, Expander, FamilyFactory, context_bucket
from training.generator.pools import GENERAL_POOLS

_TODO_ITEMS = (
    "renew passport",
    "finish the Q3 report",
    "call the dentist",
    "buy a birthday gift for {name}",
    "fix the leaking tap",
    "prepare slides for the client meeting",
    "do my taxes",
    "book flights for the wedding",
    "clean out the garage",
    "reply to 37 unread emails",
    "study chapters 4-6",
    "grocery shopping",
    "laundry",
    "get the car serviced",
    "plan the team offsite",
    "cancel the gym membership I never use",
    "update my CV",
    "pay the electricity bill",
    "schedule the vet appointment",
    "write the blog post",
    "return the Amazon package",
    "pick up dry cleaning",
    "review {name}'s pull request",
    "order new contact lenses",
    "meal prep for the week",
    "water the garden",
    "set up the new printer",
    "call mom back",
    "fill in the school forms",
    "research health insurance plans",
    "book a haircut",
    "clear out the fridge",
    "back up my laptop",
    "prep for the job interview on Thursday",
    "finish reading the onboarding docs",
    "send the invoice to the client",
    "fix the bike tire",
    "RSVP to the wedding",
    "sort out the recycling",
    "practice the presentation",
)

_TODO_NOTES = (
    " (due Friday)",
    " - urgent",
    " (takes about 2 hours)",
    " - waiting on {name}",
    " (before the 15th)",
    " - keep putting this off",
    " (30 min)",
    " - boss asked twice",
    " (needs the car)",
    " - only open weekdays 9-5",
)


def _todo_list(rng: random.Random, bucket: int) -> Context | None:
    """A pasted to-do list, sometimes with notes and deadlines, as people dump it before planning."""
    count = {1: (3, 6), 2: (8, 16), 3: (30, 40)}[bucket]
    for _ in range(8):
        items = rng.sample(_TODO_ITEMS, min(rng.randint(*count), len(_TODO_ITEMS)))
        expander = Expander(rng, GENERAL_POOLS, {})
        lines = []
        for item in items:
            note = rng.choice(_TODO_NOTES) if rng.random() < (0.3 if bucket == 1 else 0.7) else ""
            lines.append(expander.expand(item + note))
            expander.bound.clear()
        marker = rng.choice(("- ", "* ", "", "[ ] "))
        text = "\n".join(f"{marker}{line}" for line in lines)
        if context_bucket(len(text)) == bucket:
            return Context(text, "todo_list", len(lines))
    return None


POOLS = {
    **GENERAL_POOLS,
    "days": ("3", "4", "5", "7", "10", "2", "14"),
    "exam": (
        "the bar exam",
        "my calculus final",
        "the GRE",
        "the AWS Solutions Architect exam",
        "the MCAT",
        "my driving theory test",
        "IELTS",
        "a Spanish B2 exam",
        "the CPA exam",
        "my biology midterm",
        "the SAT",
    ),
    "weeks": ("2", "3", "4", "6", "8", "12"),
    "months": ("2", "3", "6", "9", "12"),
    "fitness_goal": (
        "running a half marathon",
        "losing 10 pounds",
        "doing my first pull-up",
        "building muscle at home with no equipment",
        "getting back in shape after having a baby",
        "improving my flexibility",
        "running a 5k in under 30 minutes",
        "hiking Kilimanjaro",
    ),
    "diet": (
        "vegetarian",
        "high protein",
        "on a $50 budget",
        "for a family of four",
        "low carb",
        "with no dairy",
        "that I can meal prep on Sundays",
        "for someone who hates cooking",
    ),
    "launch": (
        "a mobile app for dog walkers",
        "our new SaaS product",
        "a podcast",
        "an online photography course",
        "a handmade jewelry shop on Etsy",
        "a YouTube channel",
        "a paid newsletter",
        "a community garden",
    ),
    "event": (
        "a surprise 40th birthday party",
        "a team offsite",
        "a baby shower",
        "a wedding for 80 guests",
        "a neighborhood block party",
        "a charity fun run",
        "a family reunion",
        "a book club launch night",
        "a 10-year high school reunion",
        "a kids' science fair",
    ),
    "life_event": (
        "moving to {city}",
        "having a baby",
        "starting college",
        "a cross-country move",
        "selling my house",
        "going back to work after parental leave",
        "retiring next year",
        "adopting a dog",
        "studying abroad",
    ),
    "routine_goal": (
        "helps me be more productive",
        "gets me out the door by 8",
        "includes exercise and reading",
        "feels calmer and less rushed",
        "works with a newborn",
        "fits in 20 minutes of meditation",
    ),
    "skill": (
        "Python",
        "Spanish",
        "the piano",
        "data science",
        "watercolor painting",
        "public speaking",
        "basic cooking",
        "web development",
        "machine learning",
        "video editing",
        "chess",
        "Japanese",
    ),
    "app_feature": (
        "login with Google",
        "a payments page",
        "push notifications",
        "a search feature",
        "an admin dashboard",
        "dark mode",
        "CSV export",
        "a referral program",
    ),
    "goal_area": (
        "fitness",
        "career",
        "money",
        "reading",
        "relationships",
        "side projects",
        "health",
        "learning",
    ),
    "business": (
        "a food truck",
        "a dog walking business",
        "a cleaning company",
        "a freelance design business",
        "an online vintage clothing store",
        "a tutoring service",
        "a small bakery",
        "a mobile car detailing business",
    ),
    "room": ("kitchen", "bathroom", "basement", "home office", "backyard", "nursery"),
    "budget": ("$5,000", "$15k", "tight", "$2,000", "$30,000", "$800"),
    "role": ("data analyst", "UX designer", "software engineer", "product manager", "nursing", "marketing"),
    "commitments": (
        "the gym 3 times, guitar practice and a part-time job",
        "two kids' soccer practices, work and a night class",
        "studying for finals and a weekend job",
        "writing my thesis, teaching and running",
        "a full-time job, a side project and seeing my partner",
    ),
    "meeting_type": (
        "quarterly planning meeting",
        "team offsite",
        "board meeting",
        "project kickoff",
        "design workshop",
    ),
    "length": ("2-hour", "half-day", "full-day", "90-minute", "two-day"),
    "new_role": (
        "engineering manager",
        "head of marketing",
        "sales rep",
        "school principal",
        "first product manager",
    ),
    "climate": (
        "a cold climate with a short summer",
        "zone 7",
        "a hot dry climate",
        "the Pacific Northwest",
        "a small balcony",
    ),
    "platform": ("Instagram", "LinkedIn", "TikTok", "YouTube", "our blog"),
    "savings_goal": (
        "$10,000 by next December",
        "a $3,000 emergency fund in 6 months",
        "a house down payment in 3 years",
        "$2,000 for a trip to Japan next summer",
        "a new car in 18 months",
    ),
    "migration": (
        "our monolith to microservices",
        "MySQL to PostgreSQL",
        "our on-prem servers to AWS",
        "our old CRM to HubSpot",
        "a Jenkins pipeline to GitHub Actions",
        "10,000 users to the new billing system",
    ),
    "holiday": (
        "Thanksgiving dinner for 12",
        "Christmas with the whole family",
        "Diwali at our place",
        "Eid dinner for 20",
        "a Lunar New Year party",
        "a Passover seder",
    ),
    "kid_age": ("5", "6", "7", "8", "10", "12"),
    "books_goal": ("24", "30", "52", "12", "100"),
}

CONSTRAINTS = (
    "I only have weekends free",
    "keep the budget under {budget}",
    "I can spend about an hour a day on it",
    "include buffer time",
    "it has to be done by {month}",
    "no early mornings",
    "keep it realistic for a beginner",
    "put it in a table",
    "include rest days",
    "I work full time",
    "keep it flexible",
    "don't schedule anything on Sundays",
)

FOLLOW_UPS = (
    "add time estimates for each step",
    "turn it into a checklist",
    "add a rough budget",
    "list what I need to buy",
    "suggest a backup plan in case things slip",
    "put it in a calendar-style table",
    "mark the most important milestones",
    "tell me what to do first today",
    "add reminders I should set",
)

family = FamilyFactory("task_planning", POOLS, CONSTRAINTS, FOLLOW_UPS)

family(
    "trip_itinerary",
    constraints=(
        "assume I'm using public transport",
        "I don't want to rent a car",
        "I'm traveling with a toddler",
    ),
    templates=(
        "can you help me plan a {days} day trip to {city}",
        "Plan a {days}-day itinerary for {city}.",
        "I'm going to {city} for {days} days in {month}. What should my itinerary look like?",
        "make me a day by day plan for {city}, {days} days",
        "first time in {city}, {days} days. plan it for me?",
        "Create a travel itinerary for {days} days in {city} with a mix of food and museums.",
    ),
)
family(
    "study_schedule",
    (
        "make a study schedule for {exam} in {weeks} weeks",
        "I have {weeks} weeks until {exam}. Can you build me a study plan?",
        "help me plan my revision for {exam}",
        "Create a week-by-week study plan for {exam}.",
        "how should I schedule my studying for {exam}? it's in {weeks} weeks",
    ),
)
family(
    "workout_plan",
    (
        "create a {weeks}-week workout plan for {fitness_goal}",
        "Can you put together a training plan for {fitness_goal}?",
        "I want to start {fitness_goal}. give me a weekly plan",
        "Build me a {weeks} week program for {fitness_goal}.",
    ),
)
family(
    "meal_plan",
    (
        "plan my meals for the week, {diet}",
        "Make a 7-day meal plan, {diet}.",
        "can you do a weekly dinner plan {diet}?",
        "I need a meal plan for next week ({diet}) with a shopping list",
        "Plan breakfast, lunch and dinner for 5 days, {diet}.",
    ),
)
family(
    "launch_roadmap",
    (
        "create a roadmap for launching {launch}",
        "What are the steps to launch {launch}? Put them in order.",
        "help me plan the launch of {launch} over the next {months} months",
        "Draft a launch plan with milestones for {launch}.",
    ),
)
family(
    "event_plan",
    constraints=("we're expecting about {n_small}0 people", "some guests are vegetarian"),
    templates=(
        "help me plan {event}",
        "I'm organizing {event}. Can you make a planning timeline?",
        "what do I need to do to plan {event}? step by step",
        "Plan {event} for me, from invitations to cleanup.",
        "we're hosting {event} in {weeks} weeks, make a plan",
    ),
)
family(
    "life_event_checklist",
    (
        "checklist for {life_event}",
        "What do I need to do before {life_event}? Make a checklist.",
        "can you make a to-do list for {life_event}?",
        "Create a timeline of tasks for {life_event}.",
    ),
)
family(
    "routine",
    (
        "help me build a morning routine that {routine_goal}",
        "Design an evening routine that {routine_goal}.",
        "I want a daily routine that {routine_goal}. can you lay one out?",
        "make me a schedule for a typical weekday that {routine_goal}",
    ),
)
family(
    "wedding_timeline",
    (
        "timeline for planning a wedding in {months} months",
        "We're getting married in {months} months. What should we do when?",
        "month by month wedding planning checklist please",
        "Create a wedding planning schedule for a {budget} budget.",
    ),
)
family(
    "learning_path",
    (
        "give me a plan to learn {skill} in {months} months",
        "How should I structure learning {skill}? Make a roadmap.",
        "I want to get good at {skill}. build me a learning plan",
        "Create a {weeks}-week curriculum for learning {skill}.",
    ),
)
family(
    "sprint_breakdown",
    (
        "break down {app_feature} into tasks for a two-week sprint",
        "Split the work for {app_feature} into tickets with estimates.",
        "how would you plan the work to ship {app_feature}?",
        "Create a task breakdown and order of work for building {app_feature}.",
    ),
)
family(
    "yearly_goals",
    (
        "help me set {goal_area} goals for this year and break them into milestones",
        "I want to make this year about {goal_area}. Can you plan quarterly goals?",
        "set up a 12-month plan for my {goal_area} goals",
    ),
)
family(
    "prioritize_todo",
    context=_todo_list,
    context_templates=(
        "here's my to-do list:\n{context}\n\nhelp me prioritize and schedule it",
        "{context}\n\nhow should I organize all of it over the next week?",
        "Can you turn this list into a plan for the next few days?\n\n{context}",
        "{context}\n\nwhat order should I do these in?",
        "brain dump of everything I need to do:\n{context}\nmake me a schedule",
    ),
)
family(
    "business_launch",
    (
        "step by step plan to start {business}",
        "I want to start {business}. What's the plan for the first 6 months?",
        "what are the steps to open {business}?",
        "Create a launch checklist for {business}.",
    ),
)
family(
    "renovation",
    (
        "plan a {room} renovation on a {budget} budget",
        "We're redoing our {room}. What's the order of work?",
        "make a project plan for renovating my {room}",
        "timeline for a DIY {room} remodel",
    ),
)
family(
    "job_search",
    (
        "plan out my job search for {role} roles",
        "Make a 6-week job hunting plan for {role} positions.",
        "how should I organize my week while looking for {role} jobs?",
    ),
)
family(
    "weekly_schedule",
    (
        "make me a weekly schedule that fits {commitments}",
        "How can I schedule my week around {commitments}?",
        "Build a weekly timetable for me: {commitments}.",
        "i need a week plan with {commitments}, help",
    ),
)
family(
    "meeting_agenda",
    (
        "draft an agenda for a {length} {meeting_type}",
        "Create an agenda for our {meeting_type} ({length}).",
        "what should the agenda be for a {length} {meeting_type}?",
        "Plan the schedule for a {length} {meeting_type} with breaks.",
    ),
)
family(
    "onboarding_plan",
    (
        "create a 30-60-90 day plan for a new {new_role}",
        "I'm starting as {new_role} next month. Help me plan my first 90 days.",
        "Write an onboarding plan for our new {new_role}.",
    ),
)
family(
    "garden_schedule",
    (
        "planting schedule for a vegetable garden in {climate}",
        "When should I plant what? I garden in {climate}.",
        "make a month-by-month garden plan for {climate}",
    ),
)
family(
    "content_calendar",
    (
        "make a content calendar for {platform} for next month",
        "Plan a month of {platform} posts for {business}.",
        "I need a posting schedule for {platform}, 3 posts a week",
        "Create a 4-week content plan for our {platform}.",
    ),
)
family(
    "savings_plan",
    (
        "make a plan to save {savings_goal}",
        "How do I save {savings_goal}? Break it down by month.",
        "I want to save {savings_goal}. can you make a savings schedule?",
    ),
)
family(
    "terse_plan",
    (
        "itinerary {city} {days} days",
        "study plan {exam}",
        "workout plan {fitness_goal}",
        "meal plan {diet}",
        "roadmap {launch}",
        "checklist {life_event}",
    ),
)
family(
    "kids_party",
    (
        "birthday party plan for my {kid_age} year old",
        "Help me plan a {kid_age}th birthday party at home for 12 kids.",
        "what's the schedule for a 2 hour kids party? she's turning {kid_age}",
    ),
)
family(
    "migration_plan",
    (
        "plan the migration of {migration}",
        "We need to move {migration}. Can you outline the phases?",
        "Draft a step-by-step migration plan: {migration}.",
        "how would you sequence moving {migration} without downtime?",
    ),
)
family(
    "holiday_prep",
    constraints=("we're expecting about {n_small}0 people", "some guests are vegetarian"),
    templates=(
        "help me plan {holiday}",
        "I'm hosting {holiday}. Make me a prep timeline for the week before.",
        "timeline for cooking {holiday} so everything is ready at once",
    ),
)
family(
    "notes_to_plan",
    context=contexts.document(("meeting_notes", "email")),
    context_templates=(
        "{context}\n\nturn this into a project plan with owners and deadlines",
        "Based on this, make me a step-by-step plan for the next two weeks:\n\n{context}",
        "{context}\n\ncan you make a timeline of what needs to happen when?",
    ),
)
family(
    "reading_plan",
    (
        "plan to read {books_goal} books this year",
        "Make me a reading schedule to get through {books_goal} books.",
        "help me plan a reading challenge of {books_goal} books with a mix of genres",
    ),
)
family(
    "chores",
    (
        "make a chore chart for my family of {n_small}",
        "Create a weekly cleaning schedule for a 2 bedroom apartment.",
        "how should me and my roommates split the chores? make a rota",
        "set up a rotating chore plan for my kids",
    ),
)
family(
    "plan_from_numbers",
    context=contexts.table(("household spending", "inventory", "sales by region")),
    max_bucket=2,
    context_templates=(
        "{context}\n\nbased on these numbers, make me a plan for next month",
        "Here's our {table_desc}:\n{context}\n\nCan you turn this into a week-by-week action plan?",
        "{context}\n\nuse this to plan a schedule for the next quarter, with milestones",
    ),
)

FAMILIES = tuple(family.families)
