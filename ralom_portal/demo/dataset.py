"""The demo dataset: a Romanian B2B supplier and three client companies.

Dates are relative to today so "expired", "overdue" and "on schedule" stay meaningful on any day;
amounts come from a fixed seed so every run produces the same figures.
"""

DEMO_PASSWORD = "Demo#Portal2026"

ITEMS = [
	# code, name, rate (RON)
	("RP-CONS", "Consultanță tehnică", 250),
	("RP-PROI", "Proiectare instalații electrice", 4500),
	("RP-PANOU", "Panou electric echipat", 3200),
	("RP-CABLU", "Cablu CYY-F 3x2,5 mm²", 6.5),
	("RP-MENT", "Mentenanță lunară instalații", 1200),
	("RP-INST", "Instalare și punere în funcțiune", 1800),
]
# ERPNext's own UOMs; the portal and the PDFs print them in the reader's language (oră, m, buc.).
ITEM_UOMS = {"RP-CONS": "Hour", "RP-CABLU": "Meter"}

CLIENTS = [
	{
		"name": "Construcții Moldova SRL",
		"tax_id": "RO18547290",
		"users": [
			{
				"email": "andrei.popescu@constructii-moldova.ro",
				"first_name": "Andrei",
				"last_name": "Popescu",
				"language": "ro",
			},
			{
				"email": "ioana.rusu@constructii-moldova.ro",
				"first_name": "Ioana",
				"last_name": "Rusu",
				"language": "ro",
			},
		],
		"project": "Modernizare hală producție Iași",
	},
	{
		"name": "Agro Banat SA",
		"tax_id": "RO30123455",
		"users": [
			{
				"email": "mihai.ionescu@agrobanat.ro",
				"first_name": "Mihai",
				"last_name": "Ionescu",
				"language": "ro",
			},
		],
		"project": "Automatizare siloz Timișoara",
	},
	{
		"name": "TechNova Solutions SRL",
		"tax_id": "RO40567811",
		"users": [
			{
				"email": "elena.dumitru@technova.ro",
				"first_name": "Elena",
				"last_name": "Dumitru",
				"language": "en",
			},
			{"email": "radu.stan@technova.ro", "first_name": "Radu", "last_name": "Stan", "language": "ro"},
		],
		"project": "Cablare birouri Cluj-Napoca",
	},
]

# Task plan of the running project: (key, subject, start offset days, duration days, progress,
# depends on keys, milestone, visible to the client).
TASK_PLAN = [
	("kick", "Ședință de lansare", -28, 1, 100, (), True, True),
	("survey", "Releveu și măsurători la fața locului", -27, 5, 100, ("kick",), False, True),
	("design", "Proiect tehnic instalații", -21, 10, 100, ("survey",), False, True),
	("approve", "Aprobare proiect de către client", -10, 2, 100, ("design",), True, True),
	("order", "Comandă materiale", -8, 4, 80, ("approve",), False, True),
	("margin", "Calcul marjă internă și costuri", -8, 2, 100, (), False, False),
	("demo", "Demontare instalație veche", -5, 6, 60, ("approve",), False, True),
	("cable", "Pozare trasee de cabluri", 1, 10, 10, ("order", "demo"), False, True),
	("panel", "Montaj tablouri electrice", 8, 7, 0, ("order",), False, True),
	("connect", "Conectare echipamente", 15, 6, 0, ("cable", "panel"), False, True),
	("test", "Probe și măsurători PRAM", 21, 4, 0, ("connect",), False, True),
	("train", "Instruire personal client", 25, 2, 0, ("test",), False, True),
	("handover", "Recepție la terminarea lucrărilor", 28, 1, 0, ("test", "train"), True, True),
]

LOST_REASON = "Preț prea mare"
