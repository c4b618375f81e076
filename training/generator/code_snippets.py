"""Real code, real bugs and real error output for prompts that paste code.

People paste code into requests of many intents: to extend it (code generation), to debug it
(problem solving), to have it explained (question answering) or summarised. The same snippets serve
all of them so that "contains code" is not a shortcut to any one label.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Snippet:
    """Working code in ``lang``; ``what`` says what it does, for prompts that name its purpose."""

    lang: str
    code: str
    what: str


@dataclass(frozen=True)
class BuggySnippet:
    """Code with a real bug: ``symptom`` as a user describes it, ``output`` as the program shows it."""

    lang: str
    code: str
    symptom: str
    output: str


@dataclass(frozen=True)
class ErrorOutput:
    """An error as a user would paste it: the one-line message and, when there is one, the full trace."""

    tool: str
    line: str
    trace: str = ""


SNIPPETS: tuple[Snippet, ...] = (
    Snippet(
        "Python",
        """def get_user_emails(users):
    emails = []
    for user in users:
        if user["active"] == True:
            if user["email"] != None:
                emails.append(user["email"].lower())
    return emails""",
        "collects the emails of active users",
    ),
    Snippet(
        "Python",
        """import requests

def fetch_weather(city):
    url = "https://api.example.com/weather?q=" + city
    r = requests.get(url)
    data = r.json()
    return data["main"]["temp"] - 273.15""",
        "fetches the temperature for a city from a weather API",
    ),
    Snippet(
        "Python",
        """def word_counts(path):
    counts = {}
    with open(path) as f:
        for line in f:
            for word in line.split():
                word = word.strip(".,!?").lower()
                if word in counts:
                    counts[word] += 1
                else:
                    counts[word] = 1
    return sorted(counts.items(), key=lambda kv: kv[1], reverse=True)[:10]""",
        "returns the ten most common words in a text file",
    ),
    Snippet(
        "Python",
        """class ShoppingCart:
    def __init__(self):
        self.items = {}

    def add(self, name, price, qty=1):
        if name in self.items:
            self.items[name]["qty"] += qty
        else:
            self.items[name] = {"price": price, "qty": qty}

    def total(self):
        return sum(i["price"] * i["qty"] for i in self.items.values())""",
        "is a small shopping cart class",
    ),
    Snippet(
        "Python",
        """@app.route("/users/<int:user_id>")
def get_user(user_id):
    user = db.session.get(User, user_id)
    if user is None:
        return {"error": "not found"}, 404
    return {"id": user.id, "name": user.name, "email": user.email}""",
        "is a Flask endpoint that returns one user",
    ),
    Snippet(
        "Python",
        """def fib(n):
    if n <= 1:
        return n
    return fib(n - 1) + fib(n - 2)""",
        "computes Fibonacci numbers recursively",
    ),
    Snippet(
        "Python",
        """import csv

def load_orders(path):
    orders = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            row["amount"] = float(row["amount"])
            orders.append(row)
    return orders

def revenue_by_customer(orders):
    totals = {}
    for o in orders:
        totals[o["customer"]] = totals.get(o["customer"], 0) + o["amount"]
    return totals""",
        "loads orders from a CSV and sums revenue per customer",
    ),
    Snippet(
        "JavaScript",
        """function debounce(fn, wait) {
  let timer;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}""",
        "is a debounce helper",
    ),
    Snippet(
        "JavaScript",
        """async function loadPosts() {
  const res = await fetch('/api/posts');
  const posts = await res.json();
  const list = document.getElementById('posts');
  posts.forEach(p => {
    const li = document.createElement('li');
    li.textContent = p.title;
    list.appendChild(li);
  });
}""",
        "loads blog posts and renders them as a list",
    ),
    Snippet(
        "JavaScript",
        """app.post('/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  if (!user) return res.status(401).send('Invalid login');
  const ok = await bcrypt.compare(req.body.password, user.passwordHash);
  if (!ok) return res.status(401).send('Invalid login');
  req.session.userId = user.id;
  res.redirect('/dashboard');
});""",
        "is an Express login route",
    ),
    Snippet(
        "TypeScript",
        """function Counter() {
  const [count, setCount] = useState(0);
  return (
    <div>
      <p>Clicked {count} times</p>
      <button onClick={() => setCount(count + 1)}>Click me</button>
    </div>
  );
}""",
        "is a React counter component",
    ),
    Snippet(
        "Java",
        """public static int findMax(int[] numbers) {
    int max = numbers[0];
    for (int i = 1; i < numbers.length; i++) {
        if (numbers[i] > max) {
            max = numbers[i];
        }
    }
    return max;
}""",
        "finds the largest number in an array",
    ),
    Snippet(
        "Go",
        """func ReadLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		lines = append(lines, scanner.Text())
	}
	return lines, scanner.Err()
}""",
        "reads a file line by line",
    ),
    Snippet(
        "SQL",
        """SELECT c.name, COUNT(o.id) AS orders
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
WHERE o.created_at >= '2024-01-01'
GROUP BY c.name
ORDER BY orders DESC;""",
        "counts orders per customer since January",
    ),
    Snippet(
        "Bash",
        """#!/bin/bash
for f in *.jpg; do
  convert "$f" -resize 50% "small_$f"
done""",
        "shrinks every JPEG in a folder",
    ),
    Snippet(
        "C#",
        """public decimal ApplyDiscount(decimal price, string code)
{
    if (code == "SUMMER10") return price * 0.9m;
    if (code == "VIP20") return price * 0.8m;
    if (code == "STAFF") return price * 0.7m;
    return price;
}""",
        "applies a discount code to a price",
    ),
    Snippet(
        "Rust",
        """fn average(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    Some(sum / values.len() as f64)
}""",
        "averages a slice of numbers",
    ),
    Snippet(
        "C",
        """int count_vowels(const char *s) {
    int count = 0;
    for (int i = 0; s[i] != '\\0'; i++) {
        char c = tolower(s[i]);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') count++;
    }
    return count;
}""",
        "counts the vowels in a string",
    ),
    Snippet(
        "Python",
        """import pandas as pd

df = pd.read_csv("sales.csv", parse_dates=["date"])
df["month"] = df["date"].dt.to_period("M")
monthly = df.groupby(["month", "region"])["revenue"].sum().unstack()
growth = monthly.pct_change() * 100
print(growth.round(1).tail(6))""",
        "computes month-over-month revenue growth per region with pandas",
    ),
    Snippet(
        "Python",
        """import pandas as pd

users = pd.read_csv("users.csv")
events = pd.read_csv("events.csv")
active = events[events["event"] == "login"].groupby("user_id").size()
users["logins"] = users["id"].map(active).fillna(0)
print(users.groupby("plan")["logins"].describe())""",
        "counts logins per user and summarises them by plan with pandas",
    ),
)

BUGGY_SNIPPETS: tuple[BuggySnippet, ...] = (
    BuggySnippet(
        "Python",
        """def add_item(item, items=[]):
    items.append(item)
    return items

print(add_item("a"))
print(add_item("b"))""",
        "the second call prints ['a', 'b'] instead of just ['b']",
        "['a']\n['a', 'b']",
    ),
    BuggySnippet(
        "Python",
        """def average(nums):
    total = 0
    for i in range(1, len(nums)):
        total += nums[i]
    return total / len(nums)""",
        "average([2, 4, 6]) returns 3.33 instead of 4",
        "3.3333333333333335",
    ),
    BuggySnippet(
        "JavaScript",
        """async function totalStock(ids) {
  let total = 0;
  ids.forEach(async (id) => {
    const item = await getItem(id);
    total += item.stock;
  });
  return total;
}""",
        "it always returns 0 even though the items have stock",
        "0",
    ),
    BuggySnippet(
        "JavaScript",
        """for (var i = 0; i < 3; i++) {
  setTimeout(() => console.log(i), 100);
}""",
        "it prints 3 three times instead of 0, 1, 2",
        "3\n3\n3",
    ),
    BuggySnippet(
        "Python",
        """age = input("How old are you? ")
print("Next year you will be " + age + 1)""",
        'it crashes with TypeError: can only concatenate str (not "int") to str',
        'Traceback (most recent call last):\n  File "age.py", line 2, in <module>\n    print("Next year you '
        'will be " + age + 1)\nTypeError: can only concatenate str (not "int") to str',
    ),
    BuggySnippet(
        "Python",
        """nums = [1, 2, 2, 3, 4]
for n in nums:
    if n % 2 == 0:
        nums.remove(n)
print(nums)""",
        "it prints [1, 2, 3] but I expected [1, 3]",
        "[1, 2, 3]",
    ),
    BuggySnippet(
        "Java",
        """String answer = scanner.nextLine();
if (answer == "yes") {
    System.out.println("Continuing...");
} else {
    System.out.println("Stopping.");
}""",
        "it always prints Stopping. even when I type yes",
        "yes\nStopping.",
    ),
    BuggySnippet(
        "SQL",
        """SELECT COUNT(*)
FROM users
WHERE referrer_id = NULL;""",
        "it returns 0 even though lots of users have no referrer",
        " count\n-------\n     0\n(1 row)",
    ),
    BuggySnippet(
        "JavaScript",
        """function TodoList() {
  const [todos, setTodos] = useState([]);
  const addTodo = (text) => {
    todos.push(text);
    setTodos(todos);
  };
  return <TodoView todos={todos} onAdd={addTodo} />;
}""",
        "the list doesn't re-render when I add a todo",
        "(no error in the console, the list just never updates)",
    ),
    BuggySnippet(
        "Python",
        """us = df[df["country"] == "US"]
us["discount"] = 0.1
print(df[df["country"] == "US"]["discount"].head())""",
        "the discount column in df never changes and I get a SettingWithCopyWarning",
        "SettingWithCopyWarning:\nA value is trying to be set on a copy of a slice from a DataFrame.\nTry "
        "using .loc[row_indexer,col_indexer] = value instead\n0    NaN\n3    NaN\nName: discount, dtype: "
        "float64",
    ),
    BuggySnippet(
        "Go",
        """var counts map[string]int
for _, w := range words {
	counts[w]++
}""",
        "it panics with: assignment to entry in nil map",
        "panic: assignment to entry in nil map\n\ngoroutine 1 "
        "[running]:\nmain.main()\n\t/home/dev/wordcount/main.go:11 +0x8c\nexit status 2",
    ),
    BuggySnippet(
        "C",
        """char *greet(const char *name) {
    char buf[64];
    sprintf(buf, "Hello, %s!", name);
    return buf;
}""",
        "it sometimes prints garbage characters instead of the greeting",
        "Hello, ��@!",
    ),
    BuggySnippet(
        "Python",
        """def countdown(n):
    print(n)
    countdown(n - 1)

countdown(5)""",
        "it crashes with RecursionError: maximum recursion depth exceeded",
        '5\n4\n3\n...\n-989\nTraceback (most recent call last):\n  File "countdown.py", line 5, in '
        '<module>\n    countdown(5)\n  File "countdown.py", line 3, in countdown\n    countdown(n - 1)\n  '
        "[Previous line repeated 996 more times]\nRecursionError: maximum recursion depth exceeded while "
        "calling a Python object",
    ),
    BuggySnippet(
        "Python",
        """total = 0.1 + 0.2
if total == 0.3:
    print("equal")
else:
    print("not equal")""",
        "it prints not equal and I have no idea why",
        "not equal",
    ),
    BuggySnippet(
        "Bash",
        """for f in $(ls *.txt); do
  mv $f archive/
done""",
        "it breaks on files that have spaces in their names",
        "mv: cannot stat 'meeting': No such file or directory\nmv: cannot stat 'notes.txt': No such file or "
        "directory",
    ),
    BuggySnippet(
        "Python",
        """import threading

counter = 0

def work():
    global counter
    for _ in range(100000):
        counter += 1

threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(counter)""",
        "the final count is sometimes lower than 400000",
        "371245",
    ),
)

ERRORS: tuple[ErrorOutput, ...] = (
    ErrorOutput(
        "Python",
        "TypeError: 'NoneType' object is not subscriptable",
        """Traceback (most recent call last):
  File "app/main.py", line 42, in <module>
    report = build_report(load_user(user_id))
  File "app/report.py", line 17, in build_report
    name = user["profile"]["display_name"]
TypeError: 'NoneType' object is not subscriptable""",
    ),
    ErrorOutput(
        "Python",
        "ModuleNotFoundError: No module named 'requests'",
        """Traceback (most recent call last):
  File "/home/dev/scraper/run.py", line 1, in <module>
    import requests
ModuleNotFoundError: No module named 'requests'""",
    ),
    ErrorOutput(
        "Python",
        "IndexError: list index out of range",
        """Traceback (most recent call last):
  File "parse_log.py", line 23, in <module>
    status = parts[8]
IndexError: list index out of range""",
    ),
    ErrorOutput(
        "Python",
        "AttributeError: 'list' object has no attribute 'split'",
        """Traceback (most recent call last):
  File "clean.py", line 11, in <module>
    words = lines.split()
AttributeError: 'list' object has no attribute 'split'""",
    ),
    ErrorOutput(
        "Python",
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0x92 in position 1043: invalid start byte",
        """Traceback (most recent call last):
  File "import_customers.py", line 8, in <module>
    for row in reader:
  File "/usr/lib/python3.11/codecs.py", line 322, in decode
    (result, consumed) = self._buffer_decode(data, self.errors, final)
UnicodeDecodeError: 'utf-8' codec can't decode byte 0x92 in position 1043: invalid start byte""",
    ),
    ErrorOutput(
        "Python",
        "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB",
        """Traceback (most recent call last):
  File "train.py", line 88, in <module>
    outputs = model(**batch)
  File "/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py", line 1501, in _call_impl
    return forward_call(*args, **kwargs)
RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 8.00 GiB total capacity; \
6.12 GiB already allocated; 1.05 GiB free; 6.40 GiB reserved in total by PyTorch)""",
    ),
    ErrorOutput(
        "JavaScript",
        "TypeError: Cannot read properties of undefined (reading 'map')",
        """Uncaught TypeError: Cannot read properties of undefined (reading 'map')
    at ProductList (ProductList.jsx:14:23)
    at renderWithHooks (react-dom.development.js:16305:18)
    at mountIndeterminateComponent (react-dom.development.js:20074:13)""",
    ),
    ErrorOutput("JavaScript", "Uncaught ReferenceError: $ is not defined"),
    ErrorOutput(
        "browser",
        "Access to fetch at 'http://localhost:5000/api/login' from origin 'http://localhost:3000' has been "
        "blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested "
        "resource.",
    ),
    ErrorOutput(
        "Java",
        'java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null',
        """Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()" \
because "name" is null
	at com.example.users.UserService.validate(UserService.java:58)
	at com.example.users.UserService.register(UserService.java:31)
	at com.example.App.main(App.java:12)""",
    ),
    ErrorOutput(
        "npm",
        "npm ERR! code ERESOLVE npm ERR! ERESOLVE unable to resolve dependency tree",
        """npm ERR! code ERESOLVE
npm ERR! ERESOLVE unable to resolve dependency tree
npm ERR!
npm ERR! While resolving: my-app@0.1.0
npm ERR! Found: react@18.2.0
npm ERR! node_modules/react
npm ERR!   react@"^18.2.0" from the root project
npm ERR!
npm ERR! Could not resolve dependency:
npm ERR! peer react@"^16.8.0 || ^17.0.0" from react-beautiful-dnd@13.1.1""",
    ),
    ErrorOutput(
        "git",
        "error: failed to push some refs to 'github.com:team/website.git'",
        """To github.com:team/website.git
 ! [rejected]        main -> main (fetch first)
error: failed to push some refs to 'github.com:team/website.git'
hint: Updates were rejected because the remote contains work that you do
hint: not have locally. This is usually caused by another repository pushing
hint: to the same ref. You may want to first integrate the remote changes
hint: (e.g., 'git pull ...') before pushing again.""",
    ),
    ErrorOutput(
        "Docker",
        "Error response from daemon: driver failed programming external connectivity on endpoint web: Bind "
        "for 0.0.0.0:8080 failed: port is already allocated",
    ),
    ErrorOutput(
        "PostgreSQL",
        'psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused',
        """psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused
	Is the server running on that host and accepting TCP/IP connections?
connection to server at "localhost" (::1), port 5432 failed: Cannot assign requested address
	Is the server running on that host and accepting TCP/IP connections?""",
    ),
    ErrorOutput(
        "Rust",
        "error[E0382]: borrow of moved value: `name`",
        """error[E0382]: borrow of moved value: `name`
 --> src/main.rs:5:20
  |
3 |     let name = String::from("Ada");
  |         ---- move occurs because `name` has type `String`, which does not implement the `Copy` trait
4 |     let greeting = make_greeting(name);
  |                                  ---- value moved here
5 |     println!("{}", name);
  |                    ^^^^ value borrowed here after move""",
    ),
    ErrorOutput(
        "Python",
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries "
        "exceeded with url: /v1/items (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
        "CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate')))",
    ),
    ErrorOutput(
        "Kubernetes",
        "Back-off restarting failed container api in pod api-7c9f8d6b5-x2k4q (CrashLoopBackOff)",
        """NAME                      READY   STATUS             RESTARTS      AGE
api-7c9f8d6b5-x2k4q       0/1     CrashLoopBackOff   6 (42s ago)   9m
worker-5d8c7f9b4-lq8mz    1/1     Running            0             9m
redis-0                   1/1     Running            0             2d""",
    ),
    ErrorOutput(
        "pip",
        "error: externally-managed-environment",
        """error: externally-managed-environment

× This environment is externally managed
╰─> To install Python packages system-wide, try apt install
    python3-xyz, where xyz is the package you are trying to
    install.""",
    ),
    ErrorOutput("C", "Segmentation fault (core dumped)"),
    ErrorOutput(
        "Windows",
        "The application was unable to start correctly (0xc000007b). Click OK to close the application.",
    ),
    ErrorOutput(
        "Django",
        "django.db.utils.OperationalError: no such table: blog_post",
        """Traceback (most recent call last):
  File "/app/venv/lib/python3.11/site-packages/django/db/backends/sqlite3/base.py", line 328, in execute
    return super().execute(query, params)
django.db.utils.OperationalError: no such table: blog_post""",
    ),
)

LOG_LINES: tuple[str, ...] = (
    "INFO  [worker-{n}] processing batch {big} ({records} records)",
    "WARN  [worker-{n}] slow query took {ms}ms: SELECT * FROM orders WHERE status = 'pending'",
    "INFO  [http] GET /api/orders 200 {ms}ms",
    "INFO  [http] POST /api/checkout 201 {ms}ms",
    "WARN  [pool] connection pool at 95% capacity ({n}/10 free)",
    "ERROR [http] POST /api/checkout 500 {ms}ms",
    "INFO  [scheduler] job cleanup_sessions finished in {ms}ms",
    "DEBUG [cache] miss for key user:{big}:profile",
    "WARN  [worker-{n}] retrying payment webhook (attempt {n}/5)",
    "INFO  [auth] user {big} logged in",
)
"""Log lines around an error, so long pastes look like a real terminal or log file."""
