"""Material for the edge cases: vague requests, other languages, code-heavy prompts, tones, add-ons.

Every edge case is labelled by construction:

* ``vague``: a short request whose wording still points one way. The mappings are deliberate:
  "help with my code" or "it's not working" is problem solving (something existing is broken),
  "write some code" is code generation, "explain" or "quick question" is question answering,
  "analyze this" is data analysis, "think it through" is reasoning, a bare "hi" is conversation.
* ``other_language``: real prompts in Spanish, French, German, Portuguese and Italian, labelled
  with the intent of what they ask, exactly as their English counterparts would be.
* ``code_heavy``: long code blocks under several intents; the instruction around the code decides
  (extend it: code generation, why does it fail: problem solving, what does it print: reasoning...).
* ``mixed_intent``: a normal prompt of the primary intent with a small add-on request of another
  intent appended ("... Also, translate your answer into French."). The primary intent is the one
  the main request carries; the add-on is secondary by construction and recorded in the recipe.
* ``emotional``, ``typos`` and ``very_long`` transform a normal prompt and keep its label.
"""

from __future__ import annotations

import random

from training.generator import contexts
from training.generator.base import (
    Context,
    ContextBuilder,
    Family,
    FamilyFactory,
    SlotPool,
    context_bucket,
)
from training.generator.code_snippets import BUGGY_SNIPPETS, SNIPPETS
from training.generator.pools import FOREIGN_SENTENCES, GENERAL_POOLS

EDGE_KINDS: tuple[str, ...] = (
    "mixed_intent",
    "vague",
    "typos",
    "very_long",
    "other_language",
    "emotional",
    "code_heavy",
)


def _declare(intent: str, name: str, templates: tuple[str, ...], wrap: bool) -> Family:
    """A family used as written: edge cases get no appended constraints or follow-ups."""
    factory = FamilyFactory(intent, GENERAL_POOLS | _FOREIGN_POOLS, (), ())
    return factory(name, templates, augment=False, wrap=wrap)


# ---- vague

_VAGUE: dict[str, tuple[str, ...]] = {
    "code_generation": (
        "write [some|a bit of] code for me",
        "i need a [script|small program][ pls|]",
        "can you code something[ for me|][?|]",
        "make me a function",
        "code pls",
        "need a quick [program|script|function]",
        "build me an app[?|]",
        "write a program[ for me|]",
        "some python for me?",
        "can you make [a website|an app][?|]",
        "generate [some |]code[ please|]",
        "I need code for a thing",
        "can you write the code[?|]",
    ),
    "problem_solving": (
        "help with my code",
        "it's not working[!|]",
        "fix it[ pls|]",
        "something's broken[ again|]",
        "help it keeps crashing",
        "why doesn't this work[?|]",
        "I have a problem[ with my laptop|]",
        "my [computer|phone|laptop] is acting weird",
        "it broke again[ ugh|]",
        "stuck, help",
        "error again[??|]",
        "this won't work[ no matter what I do|]",
        "[still|] broken, help",
        "it keeps failing",
    ),
    "creative_writing": (
        "write [something|a little something] for me",
        "write [me |]a poem[ please|]",
        "can you write me something [nice|sweet|fun]",
        "make up a story[ for me|]",
        "something creative[ pls|]",
        "write me something funny",
        "a poem[?| maybe?]",
        "story time[!|]",
        "write anything you want",
        "i need a caption",
        "give me a slogan",
        "write me a song[ pls|]",
        "need a short story",
    ),
    "task_planning": (
        "i need a plan",
        "help me plan[ something|]",
        "plan my [week|day|weekend][?|]",
        "make a schedule[ for me|]",
        "organize my [life|week][ pls|]",
        "I need a to-do list",
        "help me get organized",
        "what should my plan be[?|]",
        "make a plan[ pls|]",
        "schedule?",
        "itinerary pls",
        "plan it out for me",
        "help me plan my trip",
    ),
    "summarization": (
        "summarize[ this|]",
        "summary pls",
        "tldr",
        "shorten this",
        "can you sum it up[?|]",
        "give me the gist",
        "sum up pls",
        "make it shorter",
        "condense[ this|]",
        "short version?",
        "recap[ please|]",
        "key points?",
        "summarize it for me[ please|]",
    ),
    "translation": (
        "translate",
        "translate pls",
        "in [spanish|french|german]?",
        "translate this[ for me|]",
        "can u translate",
        "into [french|italian|japanese] pls",
        "english pls",
        "translation?",
        "say it in [german|portuguese]",
        "what's this in english",
        "how do you say it[ in italian|]",
    ),
    "question_answering": (
        "quick question",
        "explain[ please|]",
        "what is it[?|]",
        "what does that mean[?|]",
        "i have a question",
        "can you explain something[?|]",
        "what's that[?|]",
        "how does it work[?|]",
        "why?",
        "who was that[?|]",
        "define it",
        "explain [this|that] to me",
        "what does it stand for",
    ),
    "data_analysis": (
        "what does this data mean",
        "analyze this[ data|]",
        "look at these numbers",
        "crunch the numbers[ pls|]",
        "stats?",
        "any trends[?|]",
        "can you analyze my data",
        "make sense of my spreadsheet",
        "interpret the results",
        "what do these numbers say",
        "chart?",
        "run some stats on this",
        "is this significant?",
    ),
    "reasoning": (
        "think this through with me",
        "solve this[ one|]",
        "figure it out",
        "is this logical?",
        "riddle me this",
        "does this make sense logically",
        "work it out[ step by step|]",
        "puzzle for you",
        "which one is true?",
        "logic question",
        "can you prove it[?|]",
        "what's the answer to this puzzle",
        "is that valid reasoning?",
    ),
    "conversation": (
        "hi",
        "hey",
        "sup",
        "hello?",
        "you there?",
        "talk to me",
        "ok",
        "hmm",
        "lol",
        "just chatting",
        "wanna chat[?|]",
        "how are you[?|]",
        "whats up",
        "hey you",
        "hello hello",
        "anyone there?",
    ),
}


# ---- other languages

_PARAGRAPHS: dict[str, str] = {
    "es": "El ayuntamiento aprobó ayer un nuevo plan de transporte público. La línea de autobús rápido "
    "costará unos 200 millones de euros y estará lista en 2028. Los comerciantes temen perder clientes "
    "durante las obras, pero el alcalde promete ayudas para compensar las pérdidas.",
    "fr": "La mairie a approuvé hier un nouveau plan de transport en commun. La ligne de bus rapide coûtera "
    "environ 200 millions d'euros et sera prête en 2028. Les commerçants craignent de perdre des clients "
    "pendant les travaux, mais le maire promet des aides pour compenser les pertes.",
    "de": "Der Stadtrat hat gestern einen neuen Nahverkehrsplan beschlossen. Die Schnellbuslinie soll rund "
    "200 Millionen Euro kosten und 2028 fertig sein. Die Geschäftsleute befürchten, während der Bauarbeiten "
    "Kunden zu verlieren, aber der Bürgermeister verspricht Hilfen für die Ausfälle.",
    "pt": "A câmara municipal aprovou ontem um novo plano de transporte público. A linha de ônibus rápido "
    "vai custar cerca de 200 milhões de euros e deve ficar pronta em 2028. Os comerciantes temem perder "
    "clientes durante as obras, mas o prefeito promete ajudas para compensar as perdas.",
    "it": "Il consiglio comunale ha approvato ieri un nuovo piano per il trasporto pubblico. La linea di "
    "autobus rapidi costerà circa 200 milioni di euro e sarà pronta nel 2028. I commercianti temono di "
    "perdere clienti durante i lavori, ma il sindaco promette aiuti per compensare le perdite.",
}
"""One short news paragraph per language, for summaries requested in that language."""

_LANGUAGE_NAMES = {"es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian"}


def _constant(text: str) -> SlotPool:
    return lambda rng: text


def _sentence_in(lang: str) -> SlotPool:
    return lambda rng: rng.choice(FOREIGN_SENTENCES[lang])


_FOREIGN_POOLS: dict[str, SlotPool] = {
    **{f"paragraph_{code}": _constant(text) for code, text in _PARAGRAPHS.items()},
    **{f"sentence_{code}": _sentence_in(lang) for code, lang in _LANGUAGE_NAMES.items()},
}

_OTHER_LANGUAGE: dict[str, dict[str, tuple[str, ...]]] = {
    "question_answering": {
        "es": (
            "¿Cuál es la capital de [Australia|Canadá|Japón|Kenia]?",
            "¿Qué es [la fotosíntesis|la inflación|un agujero negro]?",
            "¿Por qué el cielo es azul?",
            "¿Quién escribió [Cien años de soledad|Don Quijote]?",
        ),
        "fr": (
            "Quelle est la capitale de [l'Australie|du Canada|du Japon]\u00a0?",
            "C'est quoi [la photosynthèse|l'inflation|un trou noir]\u00a0?",
            "Pourquoi le ciel est-il bleu\u00a0?",
            "Qui a écrit [Les Misérables|Le Petit Prince]\u00a0?",
        ),
        "de": (
            "Was ist die Hauptstadt von [Australien|Kanada|Japan]?",
            "Was ist [Photosynthese|Inflation|ein schwarzes Loch]?",
            "Warum ist der Himmel blau?",
            "Wer hat [Faust|Die Verwandlung] geschrieben?",
        ),
        "pt": (
            "Qual é a capital da [Austrália|Nigéria|Argentina]?",
            "O que é [fotossíntese|inflação|um buraco negro]?",
            "Por que o céu é azul?",
            "Quem escreveu [Dom Casmurro|Os Lusíadas]?",
        ),
        "it": (
            "Qual è la capitale [dell'Australia|del Canada|del Giappone]?",
            "Che cos'è [la fotosintesi|l'inflazione|un buco nero]?",
            "Perché il cielo è blu?",
            "Chi ha scritto [I promessi sposi|la Divina Commedia]?",
        ),
    },
    "creative_writing": {
        "es": (
            "Escribe un poema sobre [el mar|mi gato|el otoño|la lluvia]",
            "¿Me escribes un cuento corto sobre [un dragón miedoso|una niña que viaja en el tiempo]?",
            "Escribe una canción de cumpleaños para mi [hermana|abuela|mejor amigo]",
        ),
        "fr": (
            "Écris un poème sur [la mer|mon chat|l'automne|la pluie]",
            "Tu peux m'écrire une petite histoire sur [un dragon peureux|un robot qui apprend à "
            "peindre]\u00a0?",
            "Écris un discours de mariage pour [ma sœur|mon meilleur ami]",
        ),
        "de": (
            "Schreib ein Gedicht über [das Meer|meine Katze|den Herbst|den Regen]",
            "Kannst du mir eine kurze Geschichte über [einen ängstlichen Drachen|einen Roboter, der malen "
            "lernt] schreiben?",
            "Schreib einen lustigen Geburtstagsgruß für [meinen Bruder|meine Oma|meine Kollegin]",
        ),
        "pt": (
            "Escreve um poema sobre [o mar|o meu gato|o outono|a chuva]",
            "Pode escrever uma história curta sobre [um dragão medroso|uma menina que viaja no tempo]?",
            "Escreva uma mensagem de aniversário para a minha [irmã|avó|melhor amiga]",
        ),
        "it": (
            "Scrivi una poesia sul [mare|mio gatto|autunno]",
            "Mi scrivi un racconto breve su [un drago che ha paura del buio|un robot che impara a "
            "dipingere]?",
            "Scrivi un brindisi per il matrimonio di [mia sorella|mio fratello]",
        ),
    },
    "code_generation": {
        "es": (
            "Escribe una función en [Python|JavaScript] que [invierta una cadena|calcule el factorial de un "
            "número|ordene una lista]",
            "¿Cómo leo un archivo CSV en Python?",
            "Necesito un script que [renombre todos los archivos de una carpeta|descargue las imágenes de "
            "una web]",
        ),
        "fr": (
            "Écris une fonction [Python|JavaScript] qui [inverse une chaîne|calcule la factorielle d'un "
            "nombre|trie une liste]",
            "Comment lire un fichier CSV en Python\u00a0?",
            "J'ai besoin d'un script qui [renomme tous les fichiers d'un dossier|sauvegarde ma base de "
            "données chaque nuit]",
        ),
        "de": (
            "Schreib eine [Python|JavaScript]-Funktion, die [einen String umdreht|die Fakultät "
            "berechnet|eine Liste sortiert]",
            "Wie lese ich eine CSV-Datei in Python ein?",
            "Ich brauche ein Skript, das [alle Dateien in einem Ordner umbenennt|jede Nacht ein Backup "
            "macht]",
        ),
        "pt": (
            "Escreva uma função em [Python|JavaScript] que [inverta uma string|calcule o fatorial de um "
            "número|ordene uma lista]",
            "Como eu leio um arquivo CSV em Python?",
            "Preciso de um script que [renomeie todos os arquivos de uma pasta|baixe as imagens de um site]",
        ),
        "it": (
            "Scrivi una funzione in [Python|JavaScript] che [inverta una stringa|calcoli il fattoriale di "
            "un numero|ordini una lista]",
            "Come leggo un file CSV in Python?",
            "Mi serve uno script che [rinomini tutti i file di una cartella|faccia un backup ogni notte]",
        ),
    },
    "data_analysis": {
        "es": (
            "Estas son mis ventas mensuales: [120, 135, 150, 110, 160|80, 95, 70, 120, 130]. ¿Qué tendencia "
            "ves?",
            "¿Cómo calculo la desviación estándar de mis datos en Excel?",
            "Analiza esta encuesta: 40% satisfechos, 35% neutrales y 25% insatisfechos.",
        ),
        "fr": (
            "Voici mes ventes mensuelles\u00a0: [120, 135, 150, 110, 160|80, 95, 70, 120, 130]. Quelle "
            "tendance vois-tu\u00a0?",
            "Comment calculer l'écart type de mes données dans Excel\u00a0?",
            "Analyse ce sondage\u00a0: 40\u00a0% satisfaits, 35\u00a0% neutres, 25\u00a0% insatisfaits.",
        ),
        "de": (
            "Das sind meine Monatsumsätze: [120, 135, 150, 110, 160|80, 95, 70, 120, 130]. Welchen Trend "
            "siehst du?",
            "Wie berechne ich die Standardabweichung meiner Daten in Excel?",
            "Werte diese Umfrage aus: 40 % zufrieden, 35 % neutral, 25 % unzufrieden.",
        ),
        "pt": (
            "Estas são minhas vendas mensais: [120, 135, 150, 110, 160|80, 95, 70, 120, 130]. Que tendência "
            "você vê?",
            "Como calculo o desvio padrão dos meus dados no Excel?",
            "Analise esta pesquisa: 40% satisfeitos, 35% neutros e 25% insatisfeitos.",
        ),
        "it": (
            "Queste sono le mie vendite mensili: [120, 135, 150, 110, 160|80, 95, 70, 120, 130]. Che "
            "tendenza vedi?",
            "Come calcolo la deviazione standard dei miei dati in Excel?",
            "Analizza questo sondaggio: 40% soddisfatti, 35% neutrali, 25% insoddisfatti.",
        ),
    },
    "reasoning": {
        "es": (
            "Si todos los bloops son razzies y algunos razzies son negros, ¿todos los bloops son negros?",
            "Si todos los gatos son animales y algunos animales son negros, ¿todos los gatos son negros?",
            "Un tren sale a las 8 a 60 km/h y otro a las 9 a 90 km/h por la misma vía. ¿Cuándo alcanza el "
            "segundo al primero?",
            "¿Qué número sigue: [2, 4, 8, 16|1, 1, 2, 3, 5, 8|3, 6, 9, 12]...?",
        ),
        "fr": (
            "Si tous les bloops sont des razzies et que certains razzies sont "
            "noirs, est-ce que tous les bloops sont noirs\u00a0?",
            "Si tous les chats sont des animaux et que certains animaux sont "
            "noirs, est-ce que tous les chats sont noirs\u00a0?",
            "Une batte et une balle coûtent 1,10\u00a0€. La batte coûte 1\u00a0€ de plus que la balle. "
            "Combien coûte la balle\u00a0?",
            "Quel est le nombre suivant\u00a0: [2, 4, 8, 16|1, 1, 2, 3, 5, 8|3, 6, 9, 12]\u00a0?",
        ),
        "de": (
            "Wenn alle Bloops Razzies sind und manche Razzies schwarz sind, sind dann alle Bloops schwarz?",
            "Wenn alle Katzen Tiere sind und manche Tiere schwarz sind, sind dann alle Katzen schwarz?",
            "Ein Schläger und ein Ball kosten zusammen 1,10 €. Der Schläger kostet 1 € mehr als der Ball. "
            "Wie viel kostet der Ball?",
            "Welche Zahl kommt als Nächstes: [2, 4, 8, 16|1, 1, 2, 3, 5, 8|3, 6, 9, 12]?",
        ),
        "pt": (
            "Se todos os bloops são razzies e alguns razzies são pretos, todos os bloops são pretos?",
            "Se todos os gatos são animais e alguns animais são pretos, todos os gatos são pretos?",
            "Um taco e uma bola custam R$ 1,10. O taco custa R$ 1,00 a mais que a bola. Quanto custa a bola?",
            "Qual é o próximo número: [2, 4, 8, 16|1, 1, 2, 3, 5, 8|3, 6, 9, 12]?",
        ),
        "it": (
            "Se tutti i bloops sono razzies e alcuni razzies sono neri, allora tutti i bloops sono neri?",
            "Se tutti i gatti sono animali e alcuni animali sono neri, allora tutti i gatti sono neri?",
            "Una mazza e una palla costano 1,10 €. La mazza costa 1 € più della palla. Quanto costa la "
            "palla?",
            "Qual è il prossimo numero: [2, 4, 8, 16|1, 1, 2, 3, 5, 8|3, 6, 9, 12]?",
        ),
    },
    "summarization": {
        "es": (
            "Resume este texto en una frase: {paragraph_es}",
            "{paragraph_es}\n\n¿Me haces un resumen?",
            "Hazme un resumen de [Cien años de soledad|Don Quijote]",
        ),
        "fr": (
            "Résume ce texte en une phrase\u00a0: {paragraph_fr}",
            "{paragraph_fr}\n\nTu peux me faire un résumé\u00a0?",
            "Fais-moi un résumé [des Misérables|du Petit Prince]",
        ),
        "de": (
            "Fasse diesen Text in einem Satz zusammen: {paragraph_de}",
            "{paragraph_de}\n\nKannst du das kurz zusammenfassen?",
            "Fass mir [Faust|Die Verwandlung] kurz zusammen",
        ),
        "pt": (
            "Resuma este texto em uma frase: {paragraph_pt}",
            "{paragraph_pt}\n\nPode fazer um resumo?",
            "Faz um resumo de [Dom Casmurro|Os Lusíadas]",
        ),
        "it": (
            "Riassumi questo testo in una frase: {paragraph_it}",
            "{paragraph_it}\n\nMe lo riassumi?",
            "Fammi un riassunto [dei Promessi sposi|della Divina Commedia]",
        ),
    },
    "translation": {
        "es": (
            '¿Cómo se dice "[buenos días|gracias|te echo de menos]" en [inglés|alemán|japonés]?',
            "Traduce al inglés: {sentence_es}",
            '¿Qué significa "deadline" en español?',
        ),
        "fr": (
            'Comment on dit "[bonjour|merci|tu me manques]" en [anglais|allemand|japonais]\u00a0?',
            "Traduis en anglais\u00a0: {sentence_fr}",
            'Que veut dire "deadline" en français\u00a0?',
        ),
        "de": (
            'Was heißt "[guten Morgen|danke|ich vermisse dich]" auf [Englisch|Spanisch|Japanisch]?',
            "Übersetze ins Englische: {sentence_de}",
            'Wie sagt man "deadline" auf Deutsch?',
        ),
        "pt": (
            'Como se diz "[bom dia|obrigado|estou com saudades]" em [inglês|alemão|japonês]?',
            "Traduz para inglês: {sentence_pt}",
            'O que significa "deadline" em português?',
        ),
        "it": (
            'Come si dice "[buongiorno|grazie|mi manchi]" in [inglese|tedesco|giapponese]?',
            "Traduci in inglese: {sentence_it}",
            'Cosa vuol dire "deadline" in italiano?',
        ),
    },
    "conversation": {
        "es": (
            "Hola, ¿qué tal estás?",
            "¡Buenos días! ¿Cómo te va?",
            "Estoy aburrido, ¿hablamos un rato?",
            "¿Cuál es tu película favorita?",
        ),
        "fr": (
            "Salut, ça va\u00a0?",
            "Bonjour\u00a0! Comment tu vas aujourd'hui\u00a0?",
            "Je m'ennuie, on discute un peu\u00a0?",
            "C'est quoi ton film préféré\u00a0?",
        ),
        "de": (
            "Hallo, wie geht's dir?",
            "Guten Morgen! Wie läuft dein Tag?",
            "Mir ist langweilig, wollen wir ein bisschen quatschen?",
            "Was ist dein Lieblingsfilm?",
        ),
        "pt": (
            "Oi, tudo bem?",
            "Bom dia! Como você está?",
            "Estou entediado, vamos conversar um pouco?",
            "Qual é o seu filme favorito?",
        ),
        "it": (
            "Ciao, come stai?",
            "Buongiorno! Come va oggi?",
            "Mi annoio, facciamo due chiacchiere?",
            "Qual è il tuo film preferito?",
        ),
    },
    "task_planning": {
        "es": (
            "Ayúdame a planear un viaje de [3|5] días a [Roma|Lisboa|Tokio]",
            "Hazme un horario de estudio para mi examen de [matemáticas|historia] en dos semanas",
            "Necesito un plan de comidas para toda la semana",
        ),
        "fr": (
            "Aide-moi à organiser un voyage de [3|5] jours à [Rome|Lisbonne|Tokyo]",
            "Fais-moi un planning de révisions pour mon examen de [maths|philo] dans deux semaines",
            "J'ai besoin d'un plan de repas pour la semaine",
        ),
        "de": (
            "Hilf mir, eine [3|5]-tägige Reise nach [Rom|Lissabon|Tokio] zu planen",
            "Erstell mir einen Lernplan für meine [Mathe|Geschichts]prüfung in zwei Wochen",
            "Ich brauche einen Essensplan für die ganze Woche",
        ),
        "pt": (
            "Me ajuda a planejar uma viagem de [3|5] dias para [Roma|Lisboa|Tóquio]",
            "Faz um cronograma de estudos para a minha prova de [matemática|história] daqui a duas semanas",
            "Preciso de um plano de refeições para a semana",
        ),
        "it": (
            "Aiutami a pianificare un viaggio di [3|5] giorni a [Roma|Lisbona|Tokyo]",
            "Fammi un piano di studio per l'esame di [matematica|storia] tra due settimane",
            "Mi serve un piano dei pasti per tutta la settimana",
        ),
    },
    "problem_solving": {
        "es": (
            "Mi portátil no enciende, ¿qué hago?",
            "Me sale este error: TypeError: 'NoneType' object is not subscriptable. ¿Cómo lo arreglo?",
            "Tengo 5000 euros ahorrados, ¿pago mis deudas o invierto?",
            "Mi compañero de piso nunca limpia. ¿Cómo se lo digo sin pelear?",
        ),
        "fr": (
            "Mon ordinateur portable ne s'allume plus, qu'est-ce que je fais\u00a0?",
            "J'ai cette erreur\u00a0: ModuleNotFoundError: No module named 'requests'. Comment la "
            "corriger\u00a0?",
            "Ma box internet se déconnecte toutes les heures, une idée\u00a0?",
            "Mon colocataire ne fait jamais la vaisselle. Comment lui en parler\u00a0?",
        ),
        "de": (
            "Mein Laptop geht nicht mehr an, was soll ich tun?",
            "Ich bekomme diesen Fehler: IndexError: list index out of range. Wie behebe ich das?",
            "Mein WLAN bricht ständig ab, was kann ich machen?",
            "Soll ich mit 5000 Euro Ersparnissen meine Schulden abbezahlen oder investieren?",
        ),
        "pt": (
            "Meu notebook não liga, o que eu faço?",
            "Está dando este erro: KeyError: 'user_id'. Como eu resolvo?",
            "Minha internet cai toda hora, alguma ideia?",
            "Meu colega de quarto nunca lava a louça. Como falo com ele sem brigar?",
        ),
        "it": (
            "Il mio portatile non si accende più, cosa faccio?",
            "Mi dà questo errore: AttributeError: 'list' object has no attribute 'split'. Come lo risolvo?",
            "Il wifi di casa si scollega di continuo, che posso fare?",
            "Il mio coinquilino non lava mai i piatti. Come gliene parlo senza litigare?",
        ),
    },
}

OTHER_LANGUAGE_FAMILIES: dict[str, tuple[Family, ...]] = {
    intent: tuple(
        _declare(intent, f"in_{_LANGUAGE_NAMES[code].lower()}", templates, wrap=False)
        for code, templates in by_lang.items()
    )
    for intent, by_lang in _OTHER_LANGUAGE.items()
}

VAGUE_FAMILIES: dict[str, tuple[Family, ...]] = {
    intent: (_declare(intent, "vague", phrasings, wrap=True),) for intent, phrasings in _VAGUE.items()
}


# ---- code heavy

_TRACE_SNIPPETS = (
    """x = [1, 2, 3]
y = x
y.append(4)
x = x + [5]
print(len(x), len(y))""",
    """def f(n):
    if n <= 1:
        return 1
    return n * f(n - 2)

print(f(7))""",
    """total = 0
for i in range(1, 6):
    if i % 2 == 0:
        continue
    total += i * i
print(total)""",
    """const a = [3, 1, 10, 2];
a.sort();
console.log(a[0], a[a.length - 1]);""",
    """words = ["apple", "kiwi", "banana", "fig"]
result = sorted(words, key=lambda w: (len(w), w))
print(result[1:3])""",
    """def g(items, acc=[]):
    acc.extend(items)
    return len(acc)

print(g([1, 2]), g([3]))""",
)

_COMMENTED_CODE = (
    (
        "Spanish",
        """def calcular_total(carrito):
    # Sumamos el precio de cada producto multiplicado por la cantidad
    total = 0
    for producto in carrito:
        total += producto["precio"] * producto["cantidad"]
    # Aplicamos el descuento si el total supera los 100 euros
    if total > 100:
        total *= 0.9
    return total""",
    ),
    (
        "German",
        """def lade_benutzer(pfad):
    # Datei öffnen und jede Zeile als Benutzer einlesen
    benutzer = []
    with open(pfad) as datei:
        for zeile in datei:
            # Leere Zeilen überspringen
            if zeile.strip():
                benutzer.append(zeile.strip())
    return benutzer""",
    ),
    (
        "French",
        """function validerFormulaire(donnees) {
  // Vérifier que l'adresse e-mail contient bien un @
  if (!donnees.email.includes('@')) {
    return false;
  }
  // Le mot de passe doit faire au moins huit caractères
  return donnees.motDePasse.length >= 8;
}""",
    ),
)


def _debug_bundle(rng: random.Random, bucket: int) -> Context | None:
    """A file with a bug in it and what running it printed: the usual shape of a debugging paste.

    Longer pastes put working code of the same language above the buggy part, as a whole file would.
    """
    if bucket == 1:
        return None
    buggy = rng.choice(BUGGY_SNIPPETS)
    others = [s.code for s in SNIPPETS if s.lang == buggy.lang]
    rng.shuffle(others)
    for extra in range(len(others) + 1):
        code = "\n\n".join([*others[:extra], buggy.code])
        text = f"{contexts.fence(rng, buggy.lang, code)}\n\nOutput:\n{buggy.output}"
        if context_bucket(len(text)) == bucket:
            slots = {"code_lang": buggy.lang, "symptom": buggy.symptom}
            return Context(text, "code_and_output", text.count("\n") + 1, slots)
        if context_bucket(len(text)) > bucket:
            return None
    return None


def _pandas_with_output(rng: random.Random, bucket: int) -> Context | None:
    """Pandas code followed by the table it printed, as analysts paste it when asking what it means."""
    if bucket == 1:
        return None
    code = contexts.fence(rng, "Python", rng.choice([s for s in SNIPPETS if "pandas" in s.code]).code)
    table = contexts.table(("monthly revenue", "churn by plan", "sales by region"))(
        rng, 1 if bucket == 2 else 2
    )
    if table is None:
        return None
    text = f"{code}\n\nOutput:\n{table.text}"
    if context_bucket(len(text)) != bucket:
        return None
    return Context(text, "code_and_table", table.units + code.count("\n") + 1)


def _trace(rng: random.Random, bucket: int) -> Context | None:
    if bucket != 1:
        return None
    snippet = rng.choice(_TRACE_SNIPPETS)
    lang = "JavaScript" if "console.log" in snippet else "Python"
    return Context(contexts.fence(rng, lang, snippet), "code", snippet.count("\n") + 1, {"code_lang": lang})


def _foreign_comments(rng: random.Random, bucket: int) -> Context | None:
    if bucket != 1:
        return None
    lang, code = rng.choice(_COMMENTED_CODE)
    return Context(
        contexts.fence(rng, "Python" if "def " in code else "JavaScript", code),
        "code",
        code.count("\n") + 1,
        {"src_lang": lang},
    )


def _heavy(
    intent: str,
    name: str,
    builder: ContextBuilder,
    templates: tuple[str, ...],
    min_bucket: int = 1,
    max_bucket: int = 3,
) -> Family:
    """A code-heavy family: its templates wrap a code paste and are used without appended extras."""
    factory = FamilyFactory(intent, GENERAL_POOLS, (), ())
    return factory(
        name,
        context=builder,
        context_templates=templates,
        augment=False,
        min_bucket=min_bucket,
        max_bucket=max_bucket,
    )


CODE_HEAVY_FAMILIES: dict[str, tuple[Family, ...]] = {
    "code_generation": (
        _heavy(
            "code_generation",
            "extend_module",
            contexts.code(),
            (
                "{context}\n\nRefactor this into a class, add type hints and write docstrings for every "
                "method.",
                "Here's our current module:\n\n{context}\n\nAdd a caching layer and a CLI entry point.",
                "{context}\n\nport all of this to TypeScript",
            ),
            min_bucket=2,
        ),
    ),
    "problem_solving": (
        _heavy(
            "problem_solving",
            "debug_with_trace",
            _debug_bundle,
            (
                "{context}\n\nwhy is this failing?",
                "I've been debugging this for an hour:\n\n{context}\n\nwhat's going on?",
                "{context}\n\nthe output makes no sense to me. what's the bug?",
            ),
            min_bucket=2,
        ),
    ),
    "data_analysis": (
        _heavy(
            "data_analysis",
            "pandas_output",
            _pandas_with_output,
            (
                "I ran this analysis:\n\n{context}\n\nWhat does the output tell me?",
                "{context}\n\nhow should I interpret these numbers?",
                "{context}\n\nwhat are the key findings here for my report?",
            ),
            min_bucket=2,
            max_bucket=2,
        ),
    ),
    "question_answering": (
        _heavy(
            "question_answering",
            "explain_module",
            contexts.code(),
            (
                "{context}\n\nwhat does this code do? I inherited it and there are no docs",
                "Can you explain how this works, function by function?\n\n{context}",
            ),
            min_bucket=2,
        ),
    ),
    "summarization": (
        _heavy(
            "summarization",
            "summarize_module",
            contexts.code(),
            (
                "{context}\n\nsummarize what this file does in three bullet points",
                "Give me a one-paragraph summary of this code:\n\n{context}",
            ),
            min_bucket=2,
        ),
    ),
    "reasoning": (
        _heavy(
            "reasoning",
            "trace_output",
            _trace,
            (
                "what does this print? trace it step by step\n\n{context}",
                "{context}\n\nwithout running it, what's the output?",
                "Predict the output and explain why:\n{context}",
            ),
            max_bucket=1,
        ),
    ),
    "translation": (
        _heavy(
            "translation",
            "translate_comments",
            _foreign_comments,
            (
                "translate the {src_lang} comments in this code to English:\n\n{context}",
                "{context}\n\ncan you translate the comments into English? leave the code as is",
            ),
            max_bucket=1,
        ),
    ),
}


# ---- tones and add-ons

TONES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "frustrated": (
        (
            "Ugh, I've been stuck on this for hours and I'm about to lose it.",
            "I'm so done with this.",
            "Honestly this is driving me crazy.",
            "Third time asking today and nothing works 😤",
            "I'm SO frustrated right now.",
            "nothing is going right today.",
        ),
        ("Please just help.", "I'm losing my mind here.", "ugh.", "I just want this sorted.", "😤"),
    ),
    "anxious": (
        (
            "I'm really nervous about this and don't want to mess it up.",
            "sorry if this is a dumb question, I'm kind of panicking.",
            "I have a deadline in two hours and I'm freaking out a bit.",
            "I'm anxious about getting this wrong.",
            "my heart is racing lol, ok here goes:",
        ),
        (
            "sorry for the stress, thank you so much",
            "I really hope this works",
            "please tell me it's going to be ok",
            "😰",
        ),
    ),
    "excited": (
        (
            "OMG okay I'm so excited about this!!",
            "Yay, finally getting to this!",
            "This is going to be so fun 🎉",
            "I've been looking forward to this all week!!",
            "Okay I'm super pumped:",
        ),
        ("can't wait!!", "so excited 😄", "🎉🎉", "this is gonna be great!"),
    ),
    "sad": (
        (
            "It's been a rough week honestly.",
            "I'm feeling pretty low today but I need to get this done.",
            "Not a great day over here.",
            "I've been crying on and off all day, but anyway.",
        ),
        ("thanks for being here", "sorry, I'm just tired", "💔"),
    ),
    "angry": (
        (
            "I'm honestly furious right now.",
            "This is ridiculous.",
            "I can't believe I have to deal with this AGAIN.",
            "Seriously, what is wrong with this thing?!",
        ),
        ("UNBELIEVABLE.", "so annoyed right now", "this is the last straw"),
    ),
    "desperate": (
        (
            "PLEASE help, I really need this.",
            "I'm begging you, please help.",
            "You're my last hope here.",
            "I've tried everything and I'm desperate.",
        ),
        ("please please please", "I really need this to work", "HELP", "🙏🙏"),
    ),
}
"""Leading and trailing sentences per tone; a request keeps its intent whatever the mood around it."""

TONE_MISFITS: dict[str, tuple[str, ...]] = {
    "excited": ("problem_solving",),
}
"""Tones that would read as nonsense around an intent (thrilled about a broken laptop)."""

ADDON_LEAD_INS: tuple[str, ...] = ("Also, ", "Oh and ", "P.S. ", "Btw, ", "And ", "One more thing: ")

ADDON_TEMPLATES: dict[str, tuple[str, ...]] = {
    "translation": (
        "translate your answer into {lang} too.",
        "give me a {lang} version as well.",
        "put the final version in {lang} too.",
    ),
    "summarization": (
        "add a one-sentence summary at the end.",
        "finish with a short tl;dr.",
        "sum it all up in two lines at the bottom.",
    ),
    "creative_writing": (
        "end with a short poem about it, just for fun.",
        "turn it into a limerick at the end.",
        "write a catchy one-line slogan for it.",
    ),
    "question_answering": (
        "unrelated, but {addon_fact}",
        "quick side question: {addon_fact}",
    ),
    "conversation": ("how's your day going?", "hope you're having a good week!", "how are you doing today?"),
    "code_generation": (
        "include a small Python script that does this if you can.",
        "add a code snippet I could reuse.",
    ),
    "data_analysis": (
        "quick stats question too: what's the median of 4, 9, 12, 15 and 30?",
        "side question: is going from a 3% to a 3.6% conversion rate meaningful with 2,000 visitors each?",
        "unrelated, but what's the average of 18, 25, 31 and 46?",
    ),
    "task_planning": (
        "turn it into a checklist with deadlines afterwards.",
        "give me a step-by-step plan to act on it this week.",
    ),
    "problem_solving": (
        "separate thing: {addon_problem}, any idea why?",
        "my {addon_device} is acting up again, any quick fix?",
    ),
    "reasoning": (
        "here's a brain teaser for later: {addon_riddle}",
        "double-check the logic step by step before you answer.",
    ),
}
"""Secondary requests appended to a primary prompt, by the secondary intent they carry."""

ADDON_POOLS: dict[str, SlotPool] = {
    "addon_fact": (
        "what's the capital of Peru?",
        "who painted the Mona Lisa?",
        "how far is the moon?",
        "why is the ocean salty?",
        "what does APR stand for?",
    ),
    "addon_problem": (
        "my laptop fan has been really loud lately",
        "my phone won't charge overnight",
        "my wifi keeps dropping",
    ),
    "addon_device": ("printer", "router", "bluetooth speaker", "dishwasher"),
    "addon_riddle": (
        "what has keys but can't open locks?",
        "what gets wetter the more it dries?",
        "if 5 machines make 5 widgets in 5 minutes, how long do 100 machines take for 100 widgets?",
    ),
}
