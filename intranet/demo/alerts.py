"""Reputation alerts: bad (and good) reviews, complaining applicants, press. "assignee" is
a handle; "status" (acknowledged/resolved) is set after posting, by a recruiter, with the
"resolution_note" for the resolved ones.

Pure data, oldest first.
"""

REPUTATION_ALERTS = [
    {
        "by": "anouk.mulder",
        "source": "Google Reviews",
        "severity": "medium",
        "url": "https://www.google.com/maps/place/Brugwerk+Recruitment+Utrecht",
        "assignee": "daan.bakker",
        "status": "resolved",
        "resolution_note": "Kandidaat gebeld en excuses gemaakt; openbaar gereageerd op de "
        "review. Afwijzingen in het ATS worden nu dagelijks nagelopen.",
        "body": "Eén ster van een kandidaat die na drie gesprekken nooit meer iets hoorde. "
        "Vacature Java-developer, vorige maand. @daan.bakker, kun jij reageren en "
        "de kandidaat bellen? #reviews #reputatie",
        "replies": [
            (
                "daan.bakker",
                "Gebeld en excuses gemaakt; het afwijzingsbericht was blijven "
                "hangen in het ATS. Openbaar gereageerd op de review.",
            ),
            ("anouk.mulder", "Dank! Hij heeft zijn review aangepast naar drie sterren."),
        ],
    },
    {
        "by": "kevin.peters",
        "source": "Indeed",
        "severity": "low",
        "url": "https://nl.indeed.com/cmp/Brugwerk-Recruitment/reviews",
        "status": "resolved",
        "resolution_note": "Geen actie nodig; doorgegeven aan HR voor de herziening van "
        "de reiskostenregeling.",
        "body": "Review op Indeed: 'goede begeleiding, maar de reiskostenvergoeding is "
        "laag'. Geen actie nodig, wel iets om te weten. #reviews #indeed",
    },
    {
        "by": "noor.elamrani",
        "source": "E-mail van kandidaat",
        "severity": "high",
        "assignee": "femke.jansen",
        "status": "resolved",
        "resolution_note": "Cv bij de instelling verwijderd, excuusbrief verstuurd, "
        "vastgelegd in het register van datalekken (geen meldplicht).",
        "body": "Een kandidaat klaagt dat haar cv zonder toestemming naar een zorginstelling "
        "is gestuurd. Lijkt een fout bij een collega die niet meer bij ons werkt. "
        "@femke.jansen, dit raakt de AVG. #privacy #avg #reputatie",
        "replies": [
            (
                "femke.jansen",
                "Opgepakt met @joost.vanleeuwen: het cv is bij de instelling "
                "verwijderd, de kandidaat heeft een excuusbrief gekregen.",
            ),
            (
                "joost.vanleeuwen",
                "En we hebben het gemeld in het register van "
                "datalekken. Geen meldplicht bij de AP.",
            ),
        ],
    },
    {
        "by": "yara.hoekstra",
        "source": "Glassdoor",
        "severity": "medium",
        "url": "https://www.glassdoor.nl/Reviews/Brugwerk-Recruitment-Reviews.htm",
        "assignee": "femke.jansen",
        "status": "acknowledged",
        "body": "Review van een oud-medewerker op Glassdoor: 'hoge targets en weinig "
        "begeleiding in het eerste jaar'. Herkenbaar? Misschien iets voor de "
        "onboarding. #glassdoor #reviews #onboarding",
        "replies": [
            (
                "femke.jansen",
                "Herkenbaar helaas. Ik neem het mee in het nieuwe "
                "onboardingprogramma en reageer op Glassdoor.",
            ),
        ],
    },
    {
        "by": "ruben.smit",
        "source": "Telefoon van klant",
        "severity": "high",
        "assignee": "noor.elamrani",
        "status": "resolved",
        "resolution_note": "Vervanging geregeld en met De Linde gebeld; afgesproken dat "
        "ziekmeldingen voortaan ook naar hun planning gaan.",
        "body": "Zorggroep De Linde belde: een gedetacheerde verzorgende is drie diensten "
        "niet verschenen zonder bericht. Ze overwegen het contract te herzien. "
        "@noor.elamrani #zorg #delinde #reputatie",
        "replies": [
            (
                "noor.elamrani",
                "Ze was ziek en haar telefoon was kapot. Vervanging geregeld "
                "en met De Linde gebeld; het is opgelost.",
            ),
        ],
    },
    {
        "by": "anouk.mulder",
        "source": "LinkedIn",
        "severity": "low",
        "url": "https://www.linkedin.com/company/brugwerk-recruitment",
        "body": "Een kandidaat noemt ons op LinkedIn 'het enige bureau dat wél terugbelde'. "
        "Positief! Liken en delen mag. #linkedin #employerbranding",
    },
    {
        "by": "sanne.devries",
        "source": "Indeed",
        "severity": "medium",
        "url": "https://nl.indeed.com/cmp/Brugwerk-Recruitment/reviews",
        "assignee": "sanne.devries",
        "status": "acknowledged",
        "body": "Twee reviews op Indeed van heftruckchauffeurs die klagen over de "
        "planning bij een klant in Tiel. Het gaat vermoedelijk om VDB Logistiek. "
        "Ik zoek het uit met @lisa.vandijk. #indeed #reviews #vdblogistiek",
        "replies": [
            (
                "lisa.vandijk",
                "Het lag aan een roosterwijziging die niet was "
                "doorgegeven. Ik bespreek het met hun planning.",
            ),
        ],
    },
    {
        "by": "kevin.peters",
        "source": "Google Reviews",
        "severity": "low",
        "url": "https://www.google.com/maps/place/Brugwerk+Recruitment+Zwolle",
        "body": "Nieuwe review voor Zwolle: vijf sterren, 'binnen een week aan het werk'. "
        "Wie het ook was: mooi werk! @wouter.dekker #reviews #zwolle",
        "replies": [
            ("wouter.dekker", "Dat was @bram.degroot, een uitvoerder voor Noordhoek."),
        ],
    },
    {
        "by": "jeroen.deboer",
        "source": "Vakblad Logistiek",
        "severity": "medium",
        "url": "https://www.vakbladlogistiek.example/artikel/uitzendbureaus-onder-vuur",
        "assignee": "anouk.mulder",
        "body": "Artikel over uitzendbureaus en arbeidsmigranten in de logistiek, waarin "
        "Brugwerk in één adem wordt genoemd met bureaus die slecht huisvesten. "
        "Onterecht. @anouk.mulder, een reactie naar de redactie? #reputatie "
        "#logistiek",
    },
    {
        "by": "emma.visser",
        "source": "Glassdoor",
        "severity": "low",
        "url": "https://www.glassdoor.nl/Interview/Brugwerk-Recruitment-Interview.htm",
        "body": "Sollicitatie-review op Glassdoor over onze eigen werving: 'fijn gesprek, "
        "maar de case was vaag'. @yara.hoekstra, kijk je even mee? #glassdoor",
    },
    {
        "by": "tim.verhoeven",
        "source": "Werkenbij-site",
        "severity": "high",
        "assignee": "tim.verhoeven",
        "status": "resolved",
        "resolution_note": "Verlopen certificaat van de koppeling vervangen; de sollicitaties "
        "van die nacht zijn alsnog binnengekomen en beantwoord.",
        "body": "Het sollicitatieformulier op de website gaf sinds gisteravond een "
        "foutmelding. Kandidaten hebben geklaagd via de chat. Ik ben ermee bezig. "
        "#it #website",
        "replies": [
            (
                "tim.verhoeven",
                "Opgelost: een verlopen certificaat bij de koppeling. "
                "Sollicitaties van vannacht zijn alsnog binnengekomen.",
            ),
            ("anouk.mulder", "Dank je Tim, ik laat het chatteam de kandidaten terugmailen."),
        ],
    },
    {
        "by": "mehmet.yilmaz",
        "source": "Reddit",
        "severity": "medium",
        "url": "https://www.reddit.com/r/Netherlands/comments/brugwerk_recruitment",
        "assignee": "mehmet.yilmaz",
        "body": "A thread on Reddit claims we ghost international candidates after the "
        "first call. Some of it is fair: our English rejection template is missing. "
        "I'll fix the template and reply. #reputatie #reviews",
    },
]
