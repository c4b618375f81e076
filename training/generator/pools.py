"""Slot values shared by every intent: people, places, languages, wrappers and pasteable documents.

Pools that several intents draw from live here on purpose. When the same documents are pasted for
summarization, translation, question answering and rewriting, and the same greetings and personas
wrap every intent, a classifier can only tell the intents apart by what is being asked, which is
what it must do on real prompts. Pool values use the template grammar of
:mod:`training.generator.base`.
"""

from __future__ import annotations

from dataclasses import dataclass

from training.generator.base import SlotPool, number

NAMES: tuple[str, ...] = (
    "Maria",
    "James",
    "Aisha",
    "Chen",
    "Lucas",
    "Priya",
    "Tom",
    "Fatima",
    "Diego",
    "Hannah",
    "Kenji",
    "Olivia",
    "Mateo",
    "Zara",
    "Ben",
    "Ana",
    "Sam",
    "Leila",
    "Noah",
    "Grace",
    "Omar",
    "Ivy",
    "Raj",
    "Sofia",
    "Ethan",
    "Mei",
    "Carlos",
    "Nadia",
    "Liam",
    "Yuki",
    "Jonas",
    "Amara",
    "Felix",
    "Rosa",
    "Daniel",
    "Ingrid",
    "Kwame",
    "Elena",
    "Marcus",
    "Chloe",
)

SURNAMES: tuple[str, ...] = (
    "Garcia",
    "Okafor",
    "Nguyen",
    "Patel",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Silva",
    "Tanaka",
    "Murphy",
    "Larsen",
    "Moreau",
    "Cohen",
    "Mensah",
    "Ivanova",
    "Fischer",
    "Reyes",
)

CITIES: tuple[str, ...] = (
    "Rome",
    "Lisbon",
    "Tokyo",
    "Kyoto",
    "Mexico City",
    "Barcelona",
    "Paris",
    "Berlin",
    "Prague",
    "Vienna",
    "Budapest",
    "Istanbul",
    "Marrakech",
    "Cape Town",
    "Nairobi",
    "Bangkok",
    "Hanoi",
    "Seoul",
    "Singapore",
    "Sydney",
    "Melbourne",
    "Vancouver",
    "Montreal",
    "New York",
    "Chicago",
    "New Orleans",
    "Austin",
    "San Francisco",
    "Lima",
    "Buenos Aires",
    "Reykjavik",
    "Edinburgh",
    "Dublin",
    "Amsterdam",
    "Copenhagen",
    "Athens",
    "Dubrovnik",
    "Porto",
    "Florence",
    "Seville",
    "Krakow",
    "Osaka",
)

COUNTRIES: tuple[str, ...] = (
    "Australia",
    "Canada",
    "Brazil",
    "Japan",
    "Kenya",
    "Germany",
    "Portugal",
    "Vietnam",
    "Mexico",
    "Norway",
    "Egypt",
    "Argentina",
    "Thailand",
    "Morocco",
    "New Zealand",
    "Peru",
    "Iceland",
    "India",
    "South Korea",
    "Turkey",
    "Nigeria",
    "Chile",
    "Poland",
    "Greece",
    "Indonesia",
    "Ireland",
    "Spain",
    "Italy",
    "France",
    "the Netherlands",
    "Switzerland",
    "Colombia",
    "Ghana",
    "Sweden",
    "Finland",
)

LANGUAGES: tuple[str, ...] = (
    "Spanish",
    "French",
    "German",
    "Italian",
    "Portuguese",
    "Japanese",
    "Mandarin",
    "Korean",
    "Russian",
    "Dutch",
    "Arabic",
    "Hindi",
    "Turkish",
    "Polish",
    "Swedish",
    "Greek",
    "Vietnamese",
)

MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

COMPANIES: tuple[str, ...] = (
    "Northwind",
    "Brightleaf",
    "Cobalt Labs",
    "Harbor & Vine",
    "Pinecrest Foods",
    "Lumen Health",
    "Atlas Freight",
    "Bluejay Software",
    "Redwood Outfitters",
    "Nimbus Cloud",
    "Orchard Bank",
    "Kestrel Motors",
    "Juniper Home",
    "Tidewater Energy",
    "Quill Publishing",
    "Helix Biotech",
)

PRODUCTS: tuple[str, ...] = (
    "wireless earbuds",
    "standing desk",
    "air fryer",
    "robot vacuum",
    "espresso machine",
    "running shoes",
    "mechanical keyboard",
    "electric toothbrush",
    "hiking backpack",
    "smart thermostat",
    "yoga mat",
    "noise-cancelling headphones",
    "cast iron skillet",
    "e-reader",
    "portable projector",
    "baby monitor",
)

TOPICS: tuple[str, ...] = (
    "cooking",
    "personal finance",
    "biology",
    "world history",
    "soccer",
    "software engineering",
    "travel",
    "nutrition",
    "employment law",
    "digital marketing",
    "music theory",
    "astronomy",
    "climate change",
    "gardening",
    "photography",
    "real estate",
    "psychology",
    "chemistry",
    "basketball",
    "interior design",
    "parenting",
    "machine learning",
    "ancient Rome",
    "economics",
    "mental health",
    "cybersecurity",
    "architecture",
    "fashion",
    "renewable energy",
    "linguistics",
    "philosophy",
    "video games",
    "wine",
    "geology",
    "public speaking",
    "beekeeping",
    "film history",
    "urban planning",
    "marine biology",
    "chess",
)

PERSONAS: tuple[str, ...] = (
    "a high school teacher",
    "a nurse",
    "a small business owner",
    "a grad student",
    "a software engineer",
    "a freelance designer",
    "a stay-at-home dad",
    "a marketing manager",
    "a retired accountant",
    "a first-year college student",
    "a project manager",
    "a data analyst",
    "a chef",
    "a personal trainer",
    "a real estate agent",
    "a non-native English speaker",
    "a junior developer",
    "a startup founder",
    "a librarian",
    "a mechanical engineer",
    "a social worker",
    "a paralegal",
    "a pharmacist",
    "a musician",
    "a journalist",
    "a farmer",
    "an HR manager",
    "an ER doctor",
    "an architect",
)

PERSONA_SENTENCES: tuple[str, ...] = (
    "I'm {persona}.",
    "For context, I'm {persona}.",
    "Background: I'm {persona}.",
    "I'm {persona}, so keep that in mind.",
    "im {persona} btw.",
    "Some context: I'm {persona}.",
)

OPENERS: tuple[str, ...] = (
    "hey",
    "hi",
    "Hi!",
    "Hello.",
    "Hey there,",
    "ok so",
    "Good morning!",
    "Quick one:",
    "hey quick q",
    "Hi, hope you're well.",
    "So,",
    "Hello there!",
    "yo",
    "Okay, next thing.",
    "Hey, need a hand.",
    "Alright,",
    "Hi again.",
    "Morning!",
    "Question for you:",
    "Sorry to bother you,",
)

CLOSERS: tuple[str, ...] = (
    "thanks!",
    "Thanks in advance.",
    "thx",
    "ty",
    "Appreciate it!",
    "Thank you!",
    "cheers",
    "Thanks so much.",
    "much appreciated",
    "Thanks a lot!",
    "🙏",
    "thank u",
)

GENERIC_CONSTRAINTS: tuple[str, ...] = (
    "keep it short",
    "use plain language",
    "avoid jargon",
    "be concise",
    "no fluff",
    "keep it under {word_limit} words",
    "make it easy for a beginner to follow",
    "use a friendly tone",
    "format it in markdown",
    "use bullet points where it helps",
    "don't make anything up",
    "assume I know nothing about this",
    "be specific",
    "keep it professional",
)

GENERAL_POOLS: dict[str, SlotPool] = {
    "name": NAMES,
    "surname": SURNAMES,
    "city": CITIES,
    "country": COUNTRIES,
    "lang": LANGUAGES,
    "month": MONTHS,
    "weekday": WEEKDAYS,
    "company": COMPANIES,
    "product": PRODUCTS,
    "topic": TOPICS,
    "persona": PERSONAS,
    "word_limit": ("50", "75", "100", "150", "200", "250", "300", "500"),
    "n_small": number(2, 9),
    "pct": number(3, 42),
    "money_m": number(12, 480),
    "past_year": number(2015, 2023),
    "future_year": number(2026, 2031),
    "riders": ("18,000", "25,000", "32,000", "40,000", "55,000"),
    "revenue_b": ("1.2", "2.7", "3.4", "4.1", "5.8", "7.3", "11.6"),
    "headcount": number(40, 900, 10),
    "participants": number(120, 4800, 20),
    "team_a": ("Riverside United", "the Harbor City Hawks", "Northfield Rovers", "the Lakeside Tigers"),
    "team_b": ("Eastbrook Athletic", "the Valley Wolves", "Kingsport FC", "the Summit Eagles"),
    "score_a": number(2, 4),
    "score_b": number(0, 1),
    "version": ("2.4", "3.0", "3.1", "4.2", "5.0", "1.8"),
    "app_name": ("Taskly", "BudgetBee", "Notely", "Trackfit", "Shelfie", "Pawprint", "Planr", "Sprout"),
    "clock": ("9:00", "9:30", "10:00", "11:15", "13:00", "14:30", "16:00"),
}
"""Slots every family may use; intents add their own pools on top."""


# ------------------------------------------------------------------------------------------------ languages

FOREIGN_SENTENCES: dict[str, tuple[str, ...]] = {
    "Spanish": (
        "¿Dónde está la estación de tren más cercana?",
        "Mañana tengo una reunión a las nueve, así que no puedo quedar para desayunar.",
        "El paquete llegó dañado y me gustaría solicitar un reembolso.",
        "Gracias por invitarme a la cena, la comida estaba buenísima.",
        "¿Podrías enviarme el informe antes del viernes?",
        "Mi hermana se muda a Madrid el mes que viene.",
        "No entiendo por qué la factura de este mes es tan alta.",
        "Hace mucho calor hoy, vamos a la playa después del trabajo.",
        "El médico me dijo que descansara y bebiera mucha agua.",
        "Te echo de menos, ¿cuándo vuelves a casa?",
        "La reunión se ha aplazado hasta nuevo aviso.",
        "Por favor, confirme su asistencia antes del 15 de marzo.",
        "Llevo tres años aprendiendo a tocar la guitarra.",
        "¿Me recomiendas algún restaurante cerca del centro?",
    ),
    "French": (
        "Est-ce que vous pouvez m'aider à trouver mon hôtel ?",
        "Je suis désolé, je ne parle pas très bien français.",
        "La réunion de demain est annulée à cause de la grève.",
        "Merci beaucoup pour votre accueil chaleureux pendant notre séjour.",
        "Pourriez-vous m'envoyer la facture par e-mail ?",
        "Nous avons bien reçu votre candidature et nous vous contacterons bientôt.",
        "Il faut réserver une table au moins une semaine à l'avance.",
        "Mon vol a été retardé de trois heures.",
        "J'aimerais prendre rendez-vous avec le docteur Martin jeudi matin.",
        "Le colis sera livré entre 14 h et 18 h.",
        "On se retrouve devant le cinéma à vingt heures ?",
        "Les travaux dans l'immeuble commenceront lundi prochain.",
        "Je t'appelle ce soir pour en parler.",
    ),
    "German": (
        "Könnten Sie mir bitte sagen, wie ich zum Bahnhof komme?",
        "Ich habe meinen Schlüssel in der Wohnung vergessen.",
        "Die Besprechung wurde auf nächsten Dienstag verschoben.",
        "Vielen Dank für Ihre schnelle Antwort.",
        "Wir freuen uns darauf, Sie bald wiederzusehen.",
        "Der Zug hat leider zwanzig Minuten Verspätung.",
        "Kannst du morgen die Kinder von der Schule abholen?",
        "Bitte füllen Sie das Formular aus und schicken Sie es bis Freitag zurück.",
        "Ich hätte gern einen Kaffee und ein Stück Apfelkuchen.",
        "Die Heizung in meiner Wohnung funktioniert seit Tagen nicht.",
        "Herzlichen Glückwunsch zum Geburtstag und alles Gute!",
        "Wir müssen das Projekt bis Ende des Monats abschließen.",
    ),
    "Italian": (
        "Scusi, sa dov'è la fermata dell'autobus?",
        "Vorrei prenotare un tavolo per quattro persone stasera.",
        "Il treno per Firenze parte alle otto e mezza.",
        "Grazie mille per il regalo, è bellissimo!",
        "Non ho capito bene, può ripetere più lentamente?",
        "La riunione è stata spostata a giovedì pomeriggio.",
        "Mia nonna fa la pasta fresca ogni domenica.",
        "Ho perso il portafoglio sulla metropolitana.",
        "Ci vediamo domani davanti al museo.",
        "Il negozio è chiuso per ferie fino al 20 agosto.",
        "Mi può mandare il preventivo entro venerdì?",
    ),
    "Portuguese": (
        "Você sabe onde fica a farmácia mais próxima?",
        "Obrigado pela ajuda, você salvou o meu dia.",
        "A reunião foi adiada para a próxima semana.",
        "Eu gostaria de cancelar a minha assinatura.",
        "O voo para Lisboa está atrasado duas horas.",
        "Vamos fazer um churrasco no sábado, quer vir?",
        "Preciso entregar esse relatório até amanhã de manhã.",
        "Minha mãe está aprendendo a usar o celular novo.",
        "A entrega deve chegar entre segunda e quarta-feira.",
        "Estou com saudades de você.",
        "Por favor, envie os documentos assinados por e-mail.",
    ),
    "Japanese": (
        "駅までの道を教えていただけますか。",
        "明日の会議は午後三時からです。",
        "お誕生日おめでとうございます！",
        "すみません、この近くにコンビニはありますか。",
        "昨日は遅くまで仕事をしていたので、とても眠いです。",
        "荷物は金曜日に届く予定です。",
        "日本語を勉強して二年になります。",
        "このレストランは予約が必要ですか。",
        "来週、京都に旅行に行きます。",
        "お忙しいところ申し訳ありませんが、ご確認をお願いいたします。",
    ),
    "Mandarin": (
        "请问地铁站怎么走？",
        "我明天早上九点有一个会议。",
        "谢谢你的帮助，我非常感激。",
        "这家餐厅的饺子特别好吃。",
        "我们的航班推迟了两个小时。",
        "你周末有什么安排吗？",
        "请在周五之前把报告发给我。",
        "我正在学习中文，但是声调很难。",
        "祝你生日快乐，万事如意！",
        "这个价格可以便宜一点吗？",
    ),
    "Russian": (
        "Скажите, пожалуйста, как пройти к вокзалу?",
        "Спасибо за помощь, вы очень добры.",
        "Совещание перенесли на четверг.",
        "Я опоздал на поезд и приеду только вечером.",
        "Мы планируем поехать на море в августе.",
        "Пожалуйста, отправьте документы до конца недели.",
        "У меня не работает интернет со вчерашнего дня.",
        "С днём рождения! Желаю счастья и здоровья.",
        "Я учу русский язык уже полгода.",
        "Где можно купить билеты на концерт?",
    ),
    "Korean": (
        "화장실이 어디에 있어요?",
        "내일 회의는 오후 두 시에 시작합니다.",
        "도와주셔서 정말 감사합니다.",
        "이 근처에 맛있는 식당이 있나요?",
        "주말에 친구들과 부산에 갈 거예요.",
        "생일 축하해요! 좋은 하루 보내세요.",
        "한국어를 배운 지 일 년 됐어요.",
        "택배가 아직 도착하지 않았어요.",
    ),
    "Dutch": (
        "Kunt u mij vertellen hoe laat de winkel sluit?",
        "Ik heb morgen geen tijd, zullen we het naar vrijdag verplaatsen?",
        "Bedankt voor je snelle reactie.",
        "De trein naar Utrecht heeft vertraging.",
        "We gaan dit weekend fietsen langs de kust.",
        "Wil je de documenten vóór maandag ondertekenen?",
        "Mijn fiets is gisteren gestolen bij het station.",
        "Gefeliciteerd met je verjaardag!",
    ),
}
"""Real sentences to be translated or explained, by language."""

ENGLISH_SENTENCES: tuple[str, ...] = (
    "Where is the nearest pharmacy?",
    "Could you send me the invoice by Friday?",
    "I'm allergic to peanuts, does this dish contain any?",
    "The meeting has been moved to next Tuesday at 3 pm.",
    "Thank you so much for having us, we had a wonderful time.",
    "Our office will be closed on Monday for the public holiday.",
    "I'd like to book a table for four at eight o'clock.",
    "Please keep your receipt in case you need to return the item.",
    "How long does it take to get to the airport by train?",
    "Happy anniversary! I can't believe it's been ten years.",
    "Sorry I'm late, the traffic was terrible.",
    "Can I pay by card?",
    "We are excited to announce the launch of our new app.",
    "The package should arrive within three to five business days.",
    "My flight lands at 6 pm, can you pick me up?",
    "Is breakfast included in the price?",
    "I lost my phone on the bus this morning.",
    "Please do not hesitate to contact me if you have any questions.",
    "The doctor said I need to rest for a week.",
    "Let's grab coffee sometime next week.",
    "The password must contain at least eight characters.",
    "We need to finish the project before the end of the month.",
    "I've been learning to cook since I moved out.",
    "Could you speak a little more slowly, please?",
    "The museum is free on the first Sunday of every month.",
    "I'm really sorry for your loss.",
    "Welcome to the team, we're glad to have you!",
    "Turn left at the second traffic light.",
    "Do you have this shirt in a larger size?",
    "My son has a fever, is there a doctor who speaks English nearby?",
    "The heating in our apartment hasn't worked since Sunday.",
    "We would love to have you at our wedding next June.",
)

PHRASES: tuple[str, ...] = (
    "thank you",
    "good morning",
    "I love you",
    "where is the bathroom",
    "cheers",
    "nice to meet you",
    "happy birthday",
    "excuse me",
    "how much does this cost",
    "I don't understand",
    "see you tomorrow",
    "congratulations",
    "I'm vegetarian",
    "the check, please",
    "good luck",
    "I miss you",
    "merry christmas",
    "how are you",
    "I'm sorry",
    "can you help me",
    "get well soon",
    "I'm lost",
    "no ice, please",
    "what time is it",
    "have a nice day",
    "I'm allergic to nuts",
    "one more beer please",
    "sweet dreams",
)


# ------------------------------------------------------------------------------------------------ documents


@dataclass(frozen=True)
class DocumentType:
    """A kind of text people paste: its sentences in reading order, each with an optional question.

    A document is a contiguous run of ``sentences``. A question is attached to the sentence that
    answers it, so a grounded question is only asked when its answer was pasted. ``anchored``
    documents (a letter, a chat, a story) are pasted from their first sentence, because nobody
    pastes an email starting halfway through.
    """

    kind: str
    sentences: tuple[tuple[str, str], ...]
    joiner: str = " "
    head: str = ""
    tail: str = ""
    anchored: bool = False


DOCUMENTS: tuple[DocumentType, ...] = (
    DocumentType(
        "news_article",
        (
            (
                "The {city} city council voted 7 to 4 on Tuesday to approve a new bus rapid transit line "
                "along the downtown corridor.",
                "how did the council vote?",
            ),
            (
                "The line, which will cost an estimated ${money_m} million, is expected to open in "
                "{future_year}.",
                "when is the new line supposed to open?",
            ),
            (
                "Supporters say it will cut average commute times by {pct} percent for residents of the "
                "eastern neighborhoods.",
                "how much faster will commutes get?",
            ),
            (
                'Councilmember {name} {surname} called the vote "a long overdue investment in people who '
                "don't own cars.\"",
                "who called it a long overdue investment?",
            ),
            (
                "Opponents argued that removing two lanes of car traffic would push congestion onto side "
                "streets.",
                "what did the opponents argue?",
            ),
            (
                "Several small business owners along the route worry that construction will keep customers "
                "away for months.",
                "why are business owners worried?",
            ),
            (
                "The city has promised a grant program to help affected shops cover lost revenue during "
                "construction.",
                "what is the city doing for affected shops?",
            ),
            (
                "Funding will come from a mix of federal grants and a half-cent sales tax approved by "
                "voters in {past_year}.",
                "where does the money come from?",
            ),
            (
                "Transit officials expect about {riders} daily riders within the first year of service.",
                "how many riders are expected?",
            ),
            (
                "A similar project in a neighboring city finished eighteen months late and well over budget.",
                "",
            ),
            (
                "The council also asked staff to report back every quarter on costs and timelines.",
                "how often will staff report back?",
            ),
            (
                "Public meetings on station design will be held in {month} at three community centers.",
                "when are the public meetings?",
            ),
            (
                "Cycling groups welcomed the plan but asked for protected bike lanes to be included in the "
                "final design.",
                "what did cycling groups ask for?",
            ),
            ("Crews are scheduled to begin moving water and power lines early next year.", ""),
            (
                "{surname} said the council would revisit the plan if costs rise more than ten percent.",
                "under what condition will the plan be revisited?",
            ),
            (
                "Disability advocates asked that every station include level boarding and audio "
                "announcements.",
                "",
            ),
            ("The route was chosen over two alternatives that would have been cheaper but slower.", ""),
            ("The mayor is expected to sign the measure later this week, according to her office.", ""),
        ),
    ),
    DocumentType(
        "earnings_report",
        (
            (
                "{company} reported third-quarter revenue of ${revenue_b} billion on Thursday, up {pct} "
                "percent from a year earlier.",
                "how much did revenue grow?",
            ),
            (
                "The growth was driven mainly by its subscription business, which added roughly 1.3 million "
                "customers in the quarter.",
                "what drove the growth?",
            ),
            (
                "Operating margins, however, narrowed to 11 percent from 14 percent as shipping and labor "
                "costs climbed.",
                "what happened to margins?",
            ),
            (
                'Chief executive {name} {surname} told analysts that the company had "deliberately invested '
                'ahead of demand" in new warehouses.',
                "how did the CEO explain the spending?",
            ),
            (
                "The company cut its full-year profit forecast, citing weaker consumer spending in Europe.",
                "why was the forecast cut?",
            ),
            (
                "Shares fell about 6 percent in after-hours trading following the announcement.",
                "how did the stock react?",
            ),
            (
                "{company} also said it would lay off {headcount} employees, mostly in middle management.",
                "how many people are being laid off?",
            ),
            ("The layoffs are expected to save around $90 million a year starting next fiscal year.", ""),
            (
                "Analysts had expected slightly higher revenue but were encouraged by customer retention "
                "numbers.",
                "what encouraged analysts?",
            ),
            ("Retention among subscribers who joined last year stayed above 85 percent.", ""),
            (
                "The company plans to expand into two new markets in Southeast Asia by the end of "
                "{future_year}.",
                "where is the company expanding?",
            ),
            (
                "It also announced a $500 million share buyback program.",
                "what did it announce for shareholders?",
            ),
            (
                "Competitors have been cutting prices aggressively, which {surname} described as "
                '"unsustainable."',
                "",
            ),
            ("The next earnings call is scheduled for early {month}.", "when is the next earnings call?"),
        ),
    ),
    DocumentType(
        "science_news",
        (
            (
                "Researchers at the University of {city} have found that people who walk at least 7,000 "
                "steps a day have a lower risk of heart disease.",
                "what did the researchers find?",
            ),
            (
                "The study followed {participants} adults aged 40 to 75 for an average of eight years.",
                "how long were the participants followed?",
            ),
            ("Participants wore step-counting devices for one week at the start of the study.", ""),
            (
                "Those in the highest activity group had a {pct} percent lower risk of heart attack or "
                "stroke than the least active group.",
                "how much lower was the risk?",
            ),
            (
                "The benefit appeared to level off above roughly 10,000 steps a day.",
                "does walking more than 10,000 steps help more?",
            ),
            (
                "Walking pace mattered less than total steps, which surprised the team.",
                "did walking speed matter?",
            ),
            (
                "Lead author Dr. {name} {surname} said the findings are encouraging for people who cannot "
                "do intense exercise.",
                "who led the study?",
            ),
            (
                "However, the study was observational, so it cannot prove that walking itself caused the "
                "difference.",
                "what is the main limitation of the study?",
            ),
            (
                "People who walk more may also eat better, smoke less or have fewer existing health "
                "problems.",
                "",
            ),
            (
                "The researchers adjusted for age, smoking, income and body weight to reduce that bias.",
                "what did they adjust for?",
            ),
            (
                "Earlier studies had suggested a threshold of 10,000 steps, a number that originally came "
                "from a marketing campaign.",
                "where did the 10,000 steps number come from?",
            ),
            (
                "The team now plans a randomized trial in which some participants will be coached to walk "
                "more.",
                "what do the researchers plan next?",
            ),
            ("The results were published this week in a peer-reviewed cardiology journal.", ""),
            (
                "Outside experts called the study well designed but cautioned against treating any single "
                "number as a target.",
                "what did outside experts say?",
            ),
        ),
    ),
    DocumentType(
        "meeting_notes",
        (
            ("Attendees: {name}, {name@2}, {name@3}, and two people from the design team.", "who attended?"),
            (
                "The mobile app launch is moving from {month} to {month@2} because the payment integration "
                "failed security review.",
                "why is the launch delayed?",
            ),
            (
                "{name} will own the fix for the payment integration and report progress on {weekday}.",
                "who owns the payment fix?",
            ),
            (
                "Budget for the launch campaign was cut by {pct}%, so paid social ads are on hold.",
                "what happened to the campaign budget?",
            ),
            (
                "The team agreed to run a two-week beta with 200 existing customers first.",
                "what did the team agree to do before launch?",
            ),
            (
                "{name@2} raised concerns that the onboarding flow is still too long (seven screens).",
                "what concern did {name@2} raise?",
            ),
            (
                "Design will prototype a three-screen onboarding and share it by next {weekday}.",
                "when will the new onboarding prototype be ready?",
            ),
            (
                "Customer support needs the FAQ drafted at least one week before the beta starts.",
                "what does support need?",
            ),
            (
                "Action item: {name@3} to draft the FAQ and send it to legal for review.",
                "who is drafting the FAQ?",
            ),
            ("Open question: do we support tablets at launch or only phones?", "what is still undecided?"),
            (
                "Analytics events are only 60% implemented; {name} flagged this as a launch blocker.",
                "what was flagged as a launch blocker?",
            ),
            (
                "Decision: no new features until the beta feedback is in.",
                "what was decided about new features?",
            ),
            (
                "Marketing wants final screenshots two weeks before launch for the app store listing.",
                "what does marketing need?",
            ),
            ("{name@2} will check whether the beta group can include customers outside the US.", ""),
            (
                "Risk: the payments vendor is also changing its API in {month@2}, which could cause another "
                "delay.",
                "what risk was mentioned?",
            ),
            ("Legal confirmed the new privacy policy is ready and can go live with the beta.", ""),
            ("{name@3} asked for a shared launch checklist so nothing falls between teams.", ""),
            (
                "Agreed to cut the referral feature from the first release and revisit it after the beta.",
                "what was cut from the first release?",
            ),
            ("Next sync is {weekday} at {clock}.", "when is the next meeting?"),
        ),
        joiner="\n- ",
        head="Meeting notes\n- ",
        anchored=True,
    ),
    DocumentType(
        "email",
        (
            ("I wanted to give everyone a quick update on the office move.", ""),
            (
                "The movers are now booked for {weekday} the 14th, a week later than we planned, because "
                "the new building's elevator inspection was postponed.",
                "when is the move now?",
            ),
            (
                "Please pack your desks by {weekday@2} afternoon and label every box with your name and new "
                "desk number.",
                "what do people need to do before the move?",
            ),
            (
                "IT will disconnect all computers on Thursday evening, so save your work to the shared "
                "drive beforehand.",
                "when will IT disconnect the computers?",
            ),
            (
                "Parking at the new site is limited to 40 spaces, so we will run a lottery for monthly "
                "permits.",
                "how will parking work?",
            ),
            ("If you bike to work, there is secure bike storage in the basement.", ""),
            (
                "The kitchen on the third floor won't be ready until the end of the month.",
                "when will the kitchen be ready?",
            ),
            ("Until then, there is a café on the ground floor that gives us a 15% discount.", ""),
            (
                "We will work remotely on the day of the move, and the office will reopen the following "
                "Monday.",
                "do we work from the office on moving day?",
            ),
            (
                "Let {name} know by Friday if you need an ergonomic chair or a standing desk at the new "
                "place.",
                "who should I tell if I need a standing desk?",
            ),
            (
                "Anyone with plants on their desk should take them home for the week, since the movers "
                "won't carry them.",
                "what should people do with their plants?",
            ),
            (
                "The new door badges will be handed out at reception on Monday morning from 8:30.",
                "when are the new badges handed out?",
            ),
            (
                "Please also clear out the fridge by Wednesday; anything left after that will be thrown "
                "away.",
                "",
            ),
            ("Meeting rooms at the new office can be booked through the same calendar system as before.", ""),
            ("The new office has two quiet rooms for focused work that can't be booked in advance.", ""),
            (
                "If you have accessibility needs, {name} can arrange an accessible desk near the elevators.",
                "",
            ),
            (
                "There will be a small welcome lunch on the first Friday, and partners are invited.",
                "is there a welcome event?",
            ),
            (
                "Finally, the old office keys need to be returned to reception before you leave on the last "
                "day.",
                "what happens to the old keys?",
            ),
            ("I know this has been a long process, and I really appreciate everyone's patience.", ""),
        ),
        head="Hi all,\n\n",
        tail="\n\nThanks,\n{name@2}",
        anchored=True,
    ),
    DocumentType(
        "product_reviews",
        (
            ("★★★★★ Honestly the best {product} I've owned. Setup took five minutes.", ""),
            (
                "★★☆☆☆ Worked fine for two months, then started making a grinding noise. Support took a "
                "week to reply.",
                "what went wrong for the two-star reviewer?",
            ),
            (
                "★★★★☆ Great value for the price, but the instructions were confusing.",
                "what did people say about the instructions?",
            ),
            ("★☆☆☆☆ Arrived with a cracked case. The replacement was fine though.", ""),
            ("★★★★★ Bought a second one for my parents. They love it.", ""),
            (
                "★★★☆☆ Does the job. Battery life is shorter than advertised, maybe 6 hours instead of 10.",
                "how long does the battery really last?",
            ),
            ("★★★★☆ Much quieter than my old one. Wish it came in more colors.", ""),
            (
                "★★☆☆☆ The app keeps disconnecting and I have to re-pair it every few days.",
                "what's the problem with the app?",
            ),
            (
                "★★★★★ Customer service replaced it without any questions when mine stopped charging.",
                "how was customer service?",
            ),
            ("★★★☆☆ Solid build, but it is heavier than it looks in the photos.", ""),
            ("★★★★☆ Works well. I knocked off one star because the cable is really short.", ""),
            (
                "★☆☆☆☆ Stopped working the day after the return window closed. Not buying this brand again.",
                "",
            ),
            ("★★★★★ Use it every day. Six months in and no problems at all.", ""),
            ("★★☆☆☆ Looked great in the pictures, but it's much smaller in person. Returned it.", ""),
            ("★★★★★ Gave it to my dad for his birthday and he hasn't stopped talking about it.", ""),
            ("★★★☆☆ Decent, but the price went up $30 since I bought mine, which feels steep.", ""),
            ("★★★★☆ Easy to clean and easy to use. The manual could be clearer about the settings.", ""),
            ("★☆☆☆☆ The second one I ordered had the exact same fault as the first. Avoid.", ""),
            ("★★★★★ Arrived a day early and was packed really well.", ""),
            ("★★☆☆☆ The smell of plastic took a week to go away.", ""),
            ("★★★★☆ Does everything I need. The companion app is clunky but optional.", ""),
            ("★★★☆☆ Fine for the price. Don't expect premium quality.", ""),
            ("★★★★☆ Good overall, though the buttons feel a little cheap.", ""),
        ),
        joiner="\n",
    ),
    DocumentType(
        "research_abstract",
        (
            (
                "Remote work has expanded rapidly, yet its effect on employee productivity remains "
                "contested.",
                "",
            ),
            (
                "We analyze data from {participants} employees at a large {topic} firm that randomly "
                "assigned workers to hybrid or fully on-site schedules for six months.",
                "how big was the sample?",
            ),
            (
                "Hybrid workers, who worked from home two days a week, showed no measurable drop in "
                "performance ratings.",
                "did hybrid work reduce performance?",
            ),
            (
                "Quit rates among hybrid workers fell by {pct} percent relative to the on-site group.",
                "what happened to quit rates?",
            ),
            (
                "The reduction in attrition was largest among women and employees with long commutes.",
                "which groups benefited most?",
            ),
            (
                "Managers initially predicted productivity losses but revised their views by the end of the "
                "trial.",
                "what did managers think?",
            ),
            ("We find weaker evidence of reduced mentoring for junior staff in the hybrid group.", ""),
            (
                "Promotion rates did not differ between the two groups over the following two years.",
                "did hybrid work affect promotions?",
            ),
            (
                "Our estimates suggest the firm saved about $20 million annually from lower turnover.",
                "how much money did the firm save?",
            ),
            (
                "These results indicate that hybrid schedules can improve retention without harming output.",
                "what is the main conclusion?",
            ),
            (
                "We discuss limitations, including the single-firm setting and self-reported hours.",
                "what are the limitations?",
            ),
            (
                "Future work should test whether the findings hold in smaller companies and other countries.",
                "",
            ),
        ),
    ),
    DocumentType(
        "history_passage",
        (
            (
                "According to legend, coffee was discovered in Ethiopia by a goat herder who noticed his "
                "goats became energetic after eating certain berries.",
                "where does the legend say coffee was discovered?",
            ),
            (
                "By the fifteenth century, coffee was being grown in Yemen, where Sufi monks drank it to "
                "stay awake during night prayers.",
                "why did Sufi monks drink coffee?",
            ),
            (
                "Coffee houses soon spread to Mecca, Cairo and Istanbul, where they became centers of "
                "conversation, music and chess.",
                "where did coffee houses spread?",
            ),
            (
                "Some rulers tried to ban them, worried that people were gathering to criticize the "
                "government.",
                "why did some rulers try to ban coffee houses?",
            ),
            (
                "European travelers brought back stories of the dark, bitter drink, and by the 1600s it had "
                "reached Venice.",
                "when did coffee reach Europe?",
            ),
            (
                'In England, coffee houses were nicknamed "penny universities" because for the price of a '
                "cup you could listen to stimulating debate.",
                "why were they called penny universities?",
            ),
            (
                "Lloyd's of London, the insurance market, began in Edward Lloyd's coffee house, where ship "
                "owners and merchants met.",
                "how did Lloyd's of London start?",
            ),
            (
                "The Dutch later smuggled coffee plants out of Yemen and started large plantations on Java.",
                "what did the Dutch do?",
            ),
            (
                "A single plant given to King Louis XIV is said to be the ancestor of much of the coffee "
                "later grown in the Caribbean.",
                "",
            ),
            (
                "In the nineteenth century Brazil became the world's largest producer, a position it still "
                "holds today.",
                "which country produces the most coffee?",
            ),
            (
                "Much of that early production relied on enslaved labor, a history that shaped the industry "
                "for generations.",
                "",
            ),
            (
                "Instant coffee became popular during the Second World War because it was easy to ship to "
                "soldiers.",
                "why did instant coffee become popular?",
            ),
            (
                "In the United States, the Boston Tea Party helped turn coffee into a patriotic alternative "
                "to tea.",
                "why did coffee become popular in the US?",
            ),
            (
                "The first espresso machines appeared in Italy in the early twentieth century.",
                "where were espresso machines invented?",
            ),
            ("Decaffeinated coffee was first sold commercially in Germany in the early 1900s.", ""),
            (
                "In recent decades, specialty coffee shops have popularized single-origin beans and lighter "
                "roasts.",
                "",
            ),
            (
                "Today, more than two billion cups of coffee are consumed around the world every day.",
                "how much coffee is consumed each day?",
            ),
        ),
    ),
    DocumentType(
        "health_article",
        (
            (
                "Adults need between seven and nine hours of sleep a night, but about a third regularly get "
                "less than that.",
                "how much sleep do adults need?",
            ),
            (
                "Short sleep is linked to higher risks of obesity, diabetes, heart disease and depression.",
                "what is short sleep linked to?",
            ),
            (
                "One of the most effective habits is keeping the same wake-up time every day, including "
                "weekends.",
                "what is one of the most effective habits?",
            ),
            (
                "Light in the morning helps set the body clock, so a short walk outside after waking can "
                "help.",
                "why does morning light help?",
            ),
            (
                "Caffeine has a half-life of about five to six hours, which means an afternoon coffee can "
                "still affect sleep at bedtime.",
                "why can an afternoon coffee affect sleep?",
            ),
            (
                "Alcohol may help people fall asleep faster, but it disrupts the second half of the night.",
                "does alcohol help sleep?",
            ),
            (
                "Bedrooms should be cool, dark and quiet; many experts suggest around 18 degrees Celsius.",
                "what temperature is recommended?",
            ),
            (
                "Screens are less of a problem because of blue light than because scrolling keeps the brain "
                "engaged.",
                "",
            ),
            (
                "If you can't fall asleep within about 20 minutes, it's better to get up and do something "
                "calm in dim light.",
                "what should you do if you can't fall asleep?",
            ),
            (
                "Naps shorter than 30 minutes can boost alertness without hurting night-time sleep.",
                "how long should a nap be?",
            ),
            (
                "Persistent insomnia is best treated with cognitive behavioral therapy rather than sleeping "
                "pills.",
                "what is the best treatment for insomnia?",
            ),
            (
                "Heavy meals close to bedtime can cause heartburn, so it helps to eat dinner a few hours "
                "before sleep.",
                "why shouldn't you eat right before bed?",
            ),
            (
                "Regular exercise improves sleep quality, although intense workouts late at night can delay "
                "sleep.",
                "",
            ),
            (
                "Teenagers naturally fall asleep later, which is one reason some schools have moved start "
                "times back.",
                "why do some schools start later?",
            ),
            ("Keeping a sleep diary for two weeks can reveal patterns that are easy to miss day to day.", ""),
            (
                "Shift workers benefit from blackout curtains and keeping the same sleep window even on "
                "days off.",
                "",
            ),
            (
                "Loud snoring with pauses in breathing can be a sign of sleep apnea and should be checked "
                "by a doctor.",
                "what can loud snoring be a sign of?",
            ),
        ),
    ),
    DocumentType(
        "sports_report",
        (
            (
                "{team_a} beat {team_b} {score_a}-{score_b} on Saturday to move into second place in the "
                "league.",
                "what was the final score?",
            ),
            (
                "The home side dominated possession in the first half but struggled to create clear chances.",
                "",
            ),
            (
                "The deadlock was broken in the 52nd minute when {name} {surname} headed in a corner.",
                "who scored first?",
            ),
            (
                "Ten minutes later, the visitors' goalkeeper was sent off for handling outside the box.",
                "why was the goalkeeper sent off?",
            ),
            ("Playing with a man advantage, {team_a} added a second goal through a long-range strike.", ""),
            ("{team_b} pulled one back late on, but it was too little too late.", ""),
            (
                'The manager praised his team\'s patience and said the result was "built on defending."',
                "what did the manager say?",
            ),
            ("Attendance was just over 31,000, the highest of the season.", "how many fans attended?"),
            ("{surname} has now scored in four consecutive matches.", ""),
            (
                "The only worry for the winners was an ankle injury to their captain, who limped off before "
                "half-time.",
                "was anyone injured?",
            ),
            (
                "Scans on Monday will determine whether he misses next week's cup semi-final.",
                "when will they know about the injury?",
            ),
            ("Fans stayed long after the final whistle, singing the club's anthem in the rain.", ""),
            (
                'The visiting coach complained about the refereeing and said the red card was "harsh at '
                'best."',
                "what did the visiting coach complain about?",
            ),
            (
                "Next weekend {team_a} travel to face the league leaders in what could decide the title "
                "race.",
                "who do they play next?",
            ),
            (
                "{team_b} have now gone five games without a win and sit just above the relegation zone.",
                "how is {team_b} doing this season?",
            ),
        ),
    ),
    DocumentType(
        "release_notes",
        (
            ("{app_name} {version} is rolling out to all users this week.", "which version is rolling out?"),
            (
                "The biggest change is offline mode: you can now create and edit items without a "
                "connection, and they sync when you're back online.",
                "what is the biggest change?",
            ),
            (
                "We rebuilt search from scratch, and results now load about three times faster.",
                "how much faster is search?",
            ),
            ("Dark mode now follows your system setting automatically.", ""),
            ("Recurring reminders finally support custom intervals, like every third Tuesday.", ""),
            (
                "We removed the old widget because fewer than 2 percent of people used it.",
                "why was the widget removed?",
            ),
            ("Exports to CSV now include tags and due dates.", "what's new in CSV exports?"),
            ("Fixed a bug where notifications arrived twice on some Android phones.", ""),
            ("Fixed a crash when opening very large attachments on older iPhones.", ""),
            (
                "Login with Apple is temporarily disabled while we fix an issue with account linking.",
                "is login with Apple available?",
            ),
            ("The minimum supported Android version is now 10.", "what is the minimum Android version?"),
            (
                "Shared lists now show who changed what and when, right in the item history.",
                "what's new in shared lists?",
            ),
            ("Attachments up to 250 MB are supported, up from 50 MB.", "what is the new attachment limit?"),
            ("The iPad app gets a new sidebar layout and keyboard shortcuts for most actions.", ""),
            ("Our privacy policy has been updated to explain how offline data is stored on your device.", ""),
            (
                "Thanks to everyone who sent feedback through the beta program, especially on the new "
                "search.",
                "",
            ),
        ),
    ),
    DocumentType(
        "policy_document",
        (
            (
                "Employees may work remotely up to three days per week with their manager's approval.",
                "how many days can I work remotely?",
            ),
            (
                "Core collaboration hours are 10:00 to 15:00 local time, Tuesday through Thursday.",
                "what are the core hours?",
            ),
            (
                "Remote work from another country is limited to 30 days per calendar year for tax reasons.",
                "can I work from abroad?",
            ),
            ("Employees must use the company VPN when accessing internal systems outside the office.", ""),
            (
                "The company provides a one-time home office stipend of $500, reimbursed against receipts.",
                "how much is the home office stipend?",
            ),
            (
                "Internet costs are not reimbursed unless the role requires being on call.",
                "are internet costs reimbursed?",
            ),
            (
                "Managers may require in-person attendance for onboarding, planning sessions and team "
                "events.",
                "when can managers require people in the office?",
            ),
            (
                "Requests to change a remote work arrangement must be submitted at least two weeks in "
                "advance.",
                "how much notice is needed to change an arrangement?",
            ),
            (
                "The policy does not apply to roles that require on-site equipment, such as lab and "
                "warehouse staff.",
                "who is excluded from the policy?",
            ),
            (
                "Repeated failure to be reachable during core hours may result in the arrangement being "
                "withdrawn.",
                "what happens if someone isn't reachable?",
            ),
            ("Employees working remotely are responsible for a safe and ergonomic workspace.", ""),
            (
                "Company laptops must not be used by family members or other people in the household.",
                "can family members use the company laptop?",
            ),
            ("Business travel for remote employees is reimbursed from their registered home address.", ""),
            (
                "Confidential documents may only be printed in the office, never at home.",
                "can I print confidential documents at home?",
            ),
            (
                "This policy will be reviewed every twelve months by HR and department heads.",
                "how often is the policy reviewed?",
            ),
        ),
    ),
    DocumentType(
        "personal_story",
        (
            ("So about six months ago I moved to {city} for a new job, and I didn't know anyone here.", ""),
            (
                "The job itself is fine, but my manager schedules meetings at 8 pm because half the team is "
                "in another time zone.",
                "why are the meetings so late?",
            ),
            ("I tried joining a climbing gym to meet people, and it helped a bit at first.", ""),
            ("Then I sprained my wrist and couldn't climb for two months.", "what happened to the wrist?"),
            ("My roommate is nice but works nights, so we basically never see each other.", ""),
            (
                "Last weekend my old college friend {name} visited, and I realized how much I miss having "
                "people around.",
                "who visited?",
            ),
            ("I've been thinking about asking my manager if I can move to the team in my old city.", ""),
            (
                "The problem is that the pay there is about 15 percent lower.",
                "what is the downside of moving back?",
            ),
            (
                "My lease also runs until {month}, and breaking it would cost two months of rent.",
                "when does the lease end?",
            ),
            ("On the other hand, I've started to really like the neighborhood and the food here.", ""),
            ("I keep going back and forth and haven't told anyone at work yet.", ""),
            (
                "Work-wise, my team lead just announced she's leaving, and nobody knows who will replace "
                "her.",
                "what just happened at work?",
            ),
            (
                "Part of me thinks this is a chance to step up, since I've been covering half her work "
                "anyway.",
                "",
            ),
            ("My parents keep asking when I'm coming home, which doesn't exactly help.", ""),
            (
                "I also started therapy last month, and my therapist says I make decisions by avoiding "
                "them, which stung a bit because it's true.",
                "what did the therapist say?",
            ),
            ("I made a pros and cons list, but both columns ended up the same length.", ""),
            (
                "Money is okay for now, but rent here is almost double what I paid back home.",
                "how does rent compare?",
            ),
            (
                "I've been cooking more to save money, which is honestly one of the few things I look "
                "forward to.",
                "",
            ),
            (
                "Some weekends I don't talk to a single person out loud from Friday night to Monday morning.",
                "",
            ),
            (
                "A coworker invited me to her board game night, and I went, and it was actually really fun.",
                "what did the coworker invite them to?",
            ),
            ("So maybe it's just a matter of time, or maybe I'm kidding myself.", ""),
            ("Anyway, sorry for the long post, I just needed to get it all out.", ""),
        ),
        anchored=True,
    ),
    DocumentType(
        "support_chat",
        (
            ("Customer: Hi, I was charged twice for my order #48213.", "what was the customer's problem?"),
            ("Agent: I'm sorry about that! Let me check your account.", ""),
            ("Agent: I can see two charges of $64.90 on {month} 3rd.", "how much was each charge?"),
            ("Customer: Yes, and I only got one package.", ""),
            (
                "Agent: It looks like the payment was retried after a timeout, so the first charge went "
                "through as well.",
                "why was the customer charged twice?",
            ),
            (
                "Agent: I've refunded the duplicate charge. It should show up in 3 to 5 business days.",
                "when will the refund show up?",
            ),
            ("Customer: OK. Also, the tracking number doesn't work.", ""),
            (
                "Agent: The carrier switched to a new tracking number this morning; I've sent it to your "
                "email.",
                "what happened with the tracking number?",
            ),
            ("Customer: Got it, thanks. Can I still change the delivery address?", ""),
            (
                "Agent: Unfortunately the package has already left the warehouse, so the address can't be "
                "changed.",
                "can the address be changed?",
            ),
            ("Agent: You can redirect it through the carrier's website once it's in transit.", ""),
            ("Customer: Alright. Can I get some kind of discount for the trouble?", ""),
            (
                "Agent: I've added a 10% coupon to your account for your next order.",
                "what did the agent offer as compensation?",
            ),
            ("Customer: Will the coupon work on sale items too?", ""),
            (
                "Agent: Yes, it applies to everything except gift cards, and it's valid for 60 days.",
                "how long is the coupon valid?",
            ),
            ("Customer: Great. And if the package doesn't arrive by Friday?", ""),
            (
                "Agent: Just reply to this chat and we'll ship a replacement right away at no cost.",
                "what happens if the package doesn't arrive?",
            ),
            ("Customer: Thanks, that's fine.", ""),
        ),
        joiner="\n",
        anchored=True,
    ),
    DocumentType(
        "lecture_transcript",
        (
            (
                "Okay, so today we're talking about inflation, which is basically the rate at which prices "
                "rise across the economy.",
                "what is the lecture about?",
            ),
            (
                "Most central banks aim for about two percent a year, not zero, and there are reasons for "
                "that.",
                "what inflation rate do central banks target?",
            ),
            ("A little inflation gives them room to cut interest rates when the economy slows down.", ""),
            (
                "Deflation, falling prices, sounds nice but can make people delay purchases, which slows "
                "the economy further.",
                "why is deflation a problem?",
            ),
            ("Now, there are two classic causes: demand-pull and cost-push.", "what are the two causes?"),
            (
                "Demand-pull is when people want to buy more than the economy can produce, so prices get "
                "bid up.",
                "what is demand-pull inflation?",
            ),
            (
                "Cost-push is when inputs get more expensive, say energy, and firms pass those costs on.",
                "what is cost-push inflation?",
            ),
            ("The main tool central banks use is the interest rate.", ""),
            (
                "When they raise rates, borrowing gets more expensive, people spend less, and that cools "
                "demand.",
                "how do higher rates reduce inflation?",
            ),
            (
                "The catch is that it works with a lag, often a year or more, so they're always steering by "
                "looking in the rearview mirror.",
                "how long does it take for rate changes to work?",
            ),
            ("And if they overdo it, they can push the economy into a recession.", ""),
            (
                "Expectations matter too: if everyone expects prices to rise, workers ask for higher wages "
                "and firms raise prices in advance.",
                "why do expectations matter?",
            ),
            (
                "That's why central bankers spend so much time talking, because words can move expectations.",
                "",
            ),
            (
                "Hyperinflation, like in Zimbabwe or 1920s Germany, is a different beast, usually caused by "
                "printing money to pay for government spending.",
                "what usually causes hyperinflation?",
            ),
            (
                "So if you see a central bank raising rates while unemployment is still low, that's the "
                "logic: they're trying to get ahead of it.",
                "",
            ),
            (
                "Questions so far? Okay, someone asked last week whether inflation is always bad for "
                "savers, and the short answer is yes if your savings earn less than the inflation rate.",
                "is inflation bad for savers?",
            ),
            (
                "For next week, read chapter seven and think about why expectations matter so much here.",
                "what is the homework?",
            ),
        ),
        anchored=True,
    ),
    DocumentType(
        "recipe_blog",
        (
            (
                "Every autumn my grandmother made this pumpkin soup, and the smell still reminds me of her "
                "kitchen.",
                "",
            ),
            (
                "The secret, she always said, is roasting the pumpkin first instead of boiling it.",
                "what is the secret of the soup?",
            ),
            (
                "Cut a medium pumpkin into chunks, toss them with olive oil and salt, and roast at 200°C "
                "for about 40 minutes.",
                "how long should the pumpkin roast?",
            ),
            ("Meanwhile, soften one chopped onion and two cloves of garlic in butter.", ""),
            ("Add the roasted pumpkin, a liter of vegetable stock and a pinch of nutmeg.", ""),
            ("Simmer for fifteen minutes, then blend until completely smooth.", "how long does it simmer?"),
            (
                "She finished it with a splash of cream, but coconut milk works if you want it vegan.",
                "how can you make it vegan?",
            ),
            ("If the soup is too thick, add stock a little at a time.", ""),
            (
                "It keeps for four days in the fridge and freezes well for up to three months.",
                "how long does it keep?",
            ),
            ("I like to top it with toasted pumpkin seeds and a little chili oil.", ""),
            (
                "Butternut squash works just as well if you can't find a good pumpkin.",
                "what can you use instead of pumpkin?",
            ),
            ("For a smoky version, add a teaspoon of smoked paprika with the garlic.", ""),
            ("My grandmother always made a double batch and brought half to the neighbors.", ""),
            ("Leftovers make a great pasta sauce if you reduce them with a little parmesan.", ""),
            ("Serve it with crusty bread, and don't skip the black pepper.", ""),
        ),
        anchored=True,
    ),
    DocumentType(
        "op_ed",
        (
            ("Our town should ban cars from Main Street on weekends.", "what does the author propose?"),
            (
                "Every city that has tried pedestrian zones has seen shops make more money, so ours will "
                "too.",
                "what evidence does the author give about shops?",
            ),
            (
                "Critics say older residents will struggle to reach the shops, but older people should walk "
                "more anyway for their health.",
                "",
            ),
            (
                "Last summer's street festival drew thousands of visitors, which proves people want a "
                "car-free center.",
                "",
            ),
            ("Either we close the street to cars or downtown will be dead within ten years.", ""),
            (
                "The councillor who opposes the plan owns a parking garage, so his arguments can't be "
                "trusted.",
                "why does the author distrust the councillor?",
            ),
            (
                "Air quality on Main Street is among the worst in the county, according to last year's "
                "survey.",
                "",
            ),
            ("Delivery trucks could still be allowed in before 10 am.", "what about deliveries?"),
            ("Most people I talked to at the farmers market supported the idea.", ""),
            ("Cities in Europe have done this for decades and nobody wants to go back.", ""),
            (
                "Parking revenue would drop, but the town spends more than that each year repairing Main "
                "Street.",
                "what does the author say about parking revenue?",
            ),
            (
                "Some say the buses would have to be rerouted, yet nobody has complained about reroutes "
                "during the festival.",
                "",
            ),
            ("Younger families are moving to towns that have already made their centers walkable.", ""),
            ("If you disagree with me, you probably just haven't walked down Main Street lately.", ""),
            ("It's time for the council to stop studying the idea and simply act.", ""),
        ),
        anchored=True,
    ),
)
"""Documents for summaries, translations, grounded questions, rewrites and very long pastes."""

STORY_SENTENCES: tuple[str, ...] = (
    "The lighthouse keeper had not seen a ship in eleven years, so when the lamp began to flicker on its "
    "own, she knew something was coming.",
    "Nobody in the village remembered who had planted the orchard, but every spring the trees bloomed a "
    "week before anyone else's.",
    "{name} found the letter wedged behind the radiator, addressed to a woman who had died forty years "
    "earlier.",
    "The train stopped in the middle of the desert, and the conductor told everyone to stay calm and keep "
    "the blinds down.",
    "On the morning of her eighteenth birthday, {name} woke up able to hear what the houseplants were "
    "thinking.",
    "The last bookstore in the city had a rule: you could take any book, as long as you left a secret in "
    "its place.",
    "It rained for forty days, and on the forty-first the water started flowing uphill.",
    "My grandfather kept a locked drawer in his workshop, and the key was buried with him.",
    "The robot had been programmed to clean, but lately it had started rearranging the furniture into "
    "shapes.",
    "Every night at 3:17 a.m., the radio in {name}'s kitchen turned itself on and played the same old song.",
    "The dragon was old, tired and deeply in debt.",
    "When the power went out across the whole city, the stars came back, and so did the people who had been "
    "hiding.",
)
"""Story openings: each opens a scene to continue, rewrite or translate."""
