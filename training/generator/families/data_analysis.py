"""Data analysis: interpreting numbers and datasets, statistics, trends and analytical queries.

Most prompts paste the data (a table, a column of numbers) or describe a dataset and ask what it
shows or how to analyse it. Asking for a pandas snippet or an SQL query is code generation and
choosing a chart or a test without data is a question (the labelling guide in docs/taxonomy.md).
The same pasted tables also appear under task planning, translation and creative writing, so "has
a table" is not this label by itself.
"""

from __future__ import annotations

from training.generator import contexts
from training.generator.base import FamilyFactory, number
from training.generator.pools import GENERAL_POOLS, GENERIC_CONSTRAINTS

_MEASURES = (
    ("daily sales", 80, 400),
    ("response times in ms", 90, 900),
    ("test scores", 45, 100),
    ("monthly electricity bills", 60, 180),
    ("weekly running distances in km", 5, 42),
    ("customer ages", 18, 75),
    ("wait times in minutes", 2, 45),
    ("house prices in thousands", 180, 950),
    ("daily step counts", 2000, 16000),
    ("order values in dollars", 12, 240),
    ("delivery times in days", 1, 14),
    ("hours of sleep", 4, 10),
)

POOLS = {
    **GENERAL_POOLS,
    "dataset_desc": (
        "customer transactions",
        "website sessions",
        "employee survey responses",
        "Airbnb listings in {city}",
        "hospital readmissions",
        "support tickets",
        "sensor readings from a factory line",
        "student grades from five schools",
        "my Spotify streaming history",
        "e-commerce orders",
        "gym check-ins",
        "flight delays",
        "loan applications",
        "app store reviews",
        "email campaign results",
        "house sales in {city}",
    ),
    "columns": (
        "date, customer_id, amount, category",
        "user_id, signup_date, plan, last_login, churned",
        "age, income, region, purchased",
        "store, date, units_sold, price, promo",
        "ticket_id, created_at, resolved_at, priority, agent",
        "listing_id, neighborhood, price, rating, reviews",
    ),
    "analysis_goal": (
        "what drives churn",
        "which products are bought together",
        "whether the new pricing increased revenue",
        "seasonal patterns",
        "which marketing channel has the best ROI",
        "why conversions dropped last month",
        "which customers are likely to cancel",
        "whether the regions really differ",
        "what causes late deliveries",
        "how satisfaction changed over time",
        "which features predict a high rating",
    ),
    "pandas_task": (
        "group by month and sum revenue",
        "find the top 5 customers by spend",
        "calculate a 7-day rolling average",
        "pivot sales by region and quarter",
        "compute the week over week percentage change",
        "find the rows with missing values and summarize them",
        "merge two dataframes on customer id and compare totals",
        "bin ages into groups and count each group",
        "compute retention by signup cohort",
        "get summary statistics per category",
        "find outliers with the IQR method",
        "resample hourly data to daily",
    ),
    "analytics_question": (
        "the top 10 customers by revenue last quarter",
        "monthly active users for the past year",
        "average order value by country",
        "customers who ordered twice within 30 days",
        "the weekly conversion rate from signup to first purchase",
        "each product's share of total sales",
        "month-over-month revenue growth",
        "median resolution time by priority",
        "which weekday gets the most orders",
        "7-day retention for each signup cohort",
        "the running total of revenue by day",
    ),
    "table_schema": (
        "orders(id, customer_id, total, created_at)",
        "users(id, signup_date, country) and events(user_id, event, ts)",
        "sales(store_id, product_id, qty, price, sold_at)",
        "subscriptions(user_id, plan, started_at, cancelled_at)",
        "tickets(id, opened_at, closed_at, priority, agent_id)",
    ),
    "chart_goal": (
        "how sales changed over the year",
        "the market share of five competitors",
        "the relationship between ad spend and revenue",
        "the distribution of customer ages",
        "survey results on a 1 to 5 scale",
        "how each region contributes to total revenue",
        "before and after results of an experiment",
        "website traffic by hour of day",
        "budget vs actual by department",
    ),
    "xy": (
        "house price on square footage",
        "sales on ad spend",
        "test scores on hours studied",
        "crop yield on rainfall",
        "salary on years of experience",
        "delivery time on distance",
    ),
    "r2": ("0.12", "0.34", "0.58", "0.71", "0.89", "0.05"),
    "pval": ("0.002", "0.03", "0.049", "0.12", "0.41", "<0.001"),
    "dirty_issue": (
        "duplicate rows and inconsistent date formats",
        "missing values in about 20% of the income column",
        "ages like 250 that are obviously typos",
        "the same city spelled five different ways",
        "prices stored as text with $ signs",
        "timestamps in different time zones",
        "a lot of blank survey answers",
    ),
    "test_situation": (
        "average order value between two website designs",
        "satisfaction scores across three store locations",
        "conversion rates of two email subject lines",
        "blood pressure before and after a diet program for the same patients",
        "whether gender and product preference are related",
        "mean delivery times of four couriers",
    ),
    "personal_metric": (
        "sleep",
        "spending",
        "running pace",
        "weight",
        "screen time",
        "mood",
        "blood sugar",
        "study hours",
    ),
    "analyst": (
        "a product analyst",
        "an operations manager",
        "a marketing analyst",
        "a school principal",
        "a small shop owner",
        "a nonprofit program manager",
        "a finance intern",
    ),
    "metric": (
        "sign-ups",
        "revenue",
        "conversion rate",
        "average session length",
        "NPS",
        "repeat purchases",
        "daily active users",
        "average basket size",
    ),
    "users_a": number(3000, 9000, 100),
    "users_b": number(3000, 9000, 100),
    "conv_a": number(90, 400),
    "conv_b": number(90, 400),
    "dim": ("region", "month", "product category", "salesperson", "store", "customer segment"),
    "lift": ("1%", "2%", "5%", "half a percentage point", "10%"),
    "base_rate": ("3%", "4.5%", "8%", "12%", "20%"),
}

CONSTRAINTS = (
    "show the calculations",
    "round to two decimals",
    "assume a 95% confidence level",
    "explain it for a non-technical audience",
    "don't assume the data is normally distributed",
    "put the results in a table",
    "state any assumptions you make",
    "flag anything that looks like bad data",
    "focus on the last three months",
    "ignore the outliers",
    "use percentages, not raw numbers",
    *GENERIC_CONSTRAINTS,
)

FOLLOW_UPS = (
    "suggest a chart to visualize it",
    "tell me what other data would help",
    "write the pandas code to reproduce it",
    "give me three takeaways for my manager",
    "say how confident I should be in the result",
    "point out anything surprising",
    "suggest what to investigate next",
    "compute the overall average too",
    "tell me if the sample size is big enough",
)

family = FamilyFactory("data_analysis", POOLS, CONSTRAINTS, FOLLOW_UPS)

_ALL_TABLES = contexts.table()

family(
    "table_trend",
    context=contexts.table(
        ("monthly revenue", "weekly website traffic", "electricity usage", "API latency by hour")
    ),
    context_templates=(
        "{context}\n\nwhat's the trend here?",
        "What trends do you see in this {table_desc} data?\n\n{context}",
        "here's our {table_desc}:\n{context}\n\nis it going up or down overall?",
        "{context}\n\nanalyze the trend",
        "Can you describe how things changed over time in this data?\n{context}",
    ),
)
family(
    "descriptive_stats",
    context=contexts.numbers(_MEASURES),
    context_templates=(
        "here are some {measure}: {context}. calculate the mean, median and standard deviation",
        "What's the average and spread of these {measure}?\n{context}",
        "{context}\n\nmean? median? range?",
        "Give me summary statistics for these {measure}: {context}",
        "compute the mean and SD:\n{context}",
    ),
)
family(
    "ab_test_inline",
    (
        "A/B test: A had {users_a} visitors and {conv_a} conversions, B had {users_b} visitors and {conv_b} "
        "conversions. is B better?",
        "Variant A: {conv_a}/{users_a} converted. Variant B: {conv_b}/{users_b}. Is the difference "
        "statistically significant?",
        "we tested two landing pages, {conv_a} of {users_a} vs {conv_b} of {users_b} signed up. which one "
        "won?",
        "Control converted {conv_a} out of {users_a}, treatment {conv_b} out of {users_b}. What's the lift "
        "and is it real?",
    ),
)
family(
    "ab_test_table",
    context=contexts.table(("A/B test results",)),
    context_templates=(
        "{context}\n\nwhich variant performed best, and is it significant?",
        "Here are our experiment results:\n{context}\nWhat should we conclude?",
        "interpret this A/B test for me\n\n{context}",
    ),
    max_bucket=1,
)
family(
    "survey_results",
    context=contexts.table(("survey ratings",)),
    context_templates=(
        "{context}\n\nwhat does this survey data tell us?",
        "Here are the ratings from our customer survey:\n{context}\nHow satisfied are people overall?",
        "what's the average rating here and the share of 4s and 5s?\n{context}",
        "{context}\n\nis this a good result for a customer satisfaction survey?",
    ),
    max_bucket=1,
)
family(
    "approach_dataset",
    (
        "I have a dataset of {dataset_desc} with columns {columns}. How should I analyze {analysis_goal}?",
        "what analysis would you run on {dataset_desc} to figure out {analysis_goal}?",
        "I've got a spreadsheet of {dataset_desc}. how do i find out {analysis_goal}",
        "Given data on {dataset_desc}, which statistical methods would help me understand {analysis_goal}?",
    ),
)
family(
    "correlation",
    context=contexts.table(
        ("sleep and activity log", "marketing spend by channel", "electricity usage", "student test scores")
    ),
    context_templates=(
        "{context}\n\nis there a correlation between these columns?",
        "Do any of these variables move together?\n{context}",
        "here's my {table_desc}:\n{context}\nwhat's related to what?",
        "{context}\n\ncompute the correlations and explain them",
    ),
)
family(
    "forecast",
    context=contexts.table(("monthly revenue", "weekly website traffic", "electricity usage")),
    context_templates=(
        "based on these numbers, what would you forecast for the next three periods?\n\n{context}",
        "{context}\n\nproject this forward for next quarter",
        "Can you predict next month from this?\n{context}",
        "{context}\n\nif the trend continues, where will we be in six months?",
    ),
)
family(
    "anomalies",
    context=_ALL_TABLES,
    context_templates=(
        "spot any outliers or anomalies in this:\n\n{context}",
        "{context}\n\nanything weird in this data?",
        "Check this {table_desc} data for unusual values:\n{context}",
        "{context}\n\nwhich rows look off?",
    ),
)
family(
    "compare_groups",
    context=contexts.table(
        (
            "sales by region",
            "marketing spend by channel",
            "headcount and attrition by department",
            "churn by plan",
        )
    ),
    max_bucket=1,
    context_templates=(
        "{context}\n\nwhich one performs best and which is worst?",
        "Compare the groups in this {table_desc} table:\n{context}",
        "here's {table_desc}. who's underperforming?\n\n{context}",
        "{context}\n\nrank these and explain the gaps",
    ),
)
family(
    "interpret_stats",
    (
        "my regression of {xy} gave R² = {r2} and p = {pval}. what does that mean?",
        "I ran a regression of {xy}. R-squared is {r2}, p-value {pval}. Is that good?",
        "got p = {pval} on my t-test comparing {test_situation}. can I say there's a difference?",
        "How should I interpret an R² of {r2} for {xy}?",
    ),
)
family(
    "growth_rates",
    context=contexts.table(("monthly revenue", "weekly website traffic")),
    context_templates=(
        "calculate the month over month growth from these numbers:\n{context}",
        "{context}\n\nwhat's the growth rate period to period, and the average?",
        "What's the compound growth rate over this period?\n{context}",
    ),
)
family(
    "churn_by_plan",
    context=contexts.table(("churn by plan", "headcount and attrition by department")),
    context_templates=(
        "{context}\n\nwhich group has the worst churn rate?",
        "Work out the churn rate for each row:\n{context}",
        "{context}\n\nwhere are we losing the most people, proportionally?",
    ),
    max_bucket=1,
)
family(
    "spreadsheet_summary",
    (
        "in excel how can I summarize {dataset_desc} by {dim}?",
        "How do I make a pivot table of {dataset_desc} by {dim} in Google Sheets?",
        "what formula gives me the average per {dim} in my {dataset_desc} sheet",
        "I want to see totals by {dim} for my {dataset_desc} spreadsheet",
    ),
)
family(
    "analyst_persona",
    context=_ALL_TABLES,
    context_templates=(
        "I'm {analyst} and I need to figure out why {metric} dropped in {month}. Here's the "
        "data:\n\n{context}",
        "As {analyst}, I'm looking at this {table_desc} data. What stands out?\n{context}",
        "{context}\n\nI'm {analyst}; what does this tell me about {metric}?",
    ),
)
family(
    "terse_analyze",
    context=_ALL_TABLES,
    context_templates=(
        "analyze:\n{context}",
        "{context}\n\nthoughts?",
        "stats on this pls\n{context}",
        "{context}\n\ninsights?",
    ),
)
family(
    "share_of_total",
    context=contexts.table(("sales by region", "marketing spend by channel", "household spending")),
    context_templates=(
        "what percentage of the total does each row represent?\n\n{context}",
        "{context}\n\nbreak this down as shares of the total",
        "Which category makes up the biggest share here?\n{context}",
    ),
)
family(
    "insights_report",
    context=_ALL_TABLES,
    context_templates=(
        "Pull the key insights out of this {table_desc} data for my boss:\n\n{context}",
        "{context}\n\nwhat are the three most important findings here?",
        "What story does this data tell?\n{context}",
    ),
)
family(
    "personal_tracking",
    (
        "I've logged my {personal_metric} every day for two months in a spreadsheet. How do I find patterns?",
        "what's a good way to analyze my {personal_metric} data from the last year?",
        "I track my {personal_metric} in an app and can export it. which stats would actually tell me "
        "something?",
    ),
    context=contexts.table(("sleep and activity log", "household spending", "electricity usage")),
    context_templates=(
        "I've been tracking my own {table_desc} for a while. any patterns?\n\n{context}",
        "{context}\n\nthis is my own data. what do you notice?",
        "Here's my log for the last while:\n{context}\nWhat's the biggest factor?",
    ),
)
family(
    "percentiles",
    context=contexts.numbers(
        (
            ("API response times in ms", 40, 2400),
            ("page load times in ms", 300, 6000),
            ("order values in dollars", 5, 400),
        )
    ),
    context_templates=(
        "what's the p50, p90 and p99 of these {measure}?\n{context}",
        "{context}\n\nwhat's the 95th percentile?",
        "Calculate the quartiles for these {measure}: {context}",
    ),
)
family(
    "distribution_shape",
    context=contexts.numbers(_MEASURES),
    context_templates=(
        "is this data normally distributed? {context}",
        "{context}\n\nwhat does the distribution of these {measure} look like? skewed?",
        "Describe the shape of this distribution:\n{context}",
    ),
)
family(
    "sample_size",
    (
        "how many users do I need per group to detect a {lift} lift on a {base_rate} conversion rate?",
        "What sample size do I need for an A/B test with a {base_rate} baseline?",
        "is {users_a} people per variant enough to see a {lift} difference?",
    ),
)
family(
    "budget_breakdown",
    context=contexts.table(("household spending",)),
    context_templates=(
        "here's my spending by month. where is most of my money going?\n\n{context}",
        "{context}\n\nwhat's my average monthly spend per category and what's trending up?",
    ),
)

FAMILIES = tuple(family.families)
