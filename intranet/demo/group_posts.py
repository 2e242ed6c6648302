"""Updates in the groups: "noord" and "branding" are public, "team" is private (recruiters
and an admin; only members write there). Pure data, oldest first; the shape is that of
`updates.UPDATES`, plus the group's key. `@{team}` mentions the group by its handle, which
a private group gets with its number.
"""

GROUP_UPDATES = [
    {
        "group": "team",
        "by": "femke.jansen",
        "likes": 4,
        "body": "Welkom in de besloten groep **Team Recruitment**. Hier bespreken we "
        "kandidaten, pipelines en afspraken tussen recruiters. Alleen leden zien "
        "dit. Houd persoonsgegevens tot het minimum: een voornaam en de functie "
        "zijn meestal genoeg. @{team} #recruitment",
        "replies": [
            (
                "daan.bakker",
                "Fijn, dan hoeven de kandidaatmails niet meer naar de hele organisatie.",
            ),
        ],
    },
    {
        "group": "noord",
        "by": "wouter.dekker",
        "likes": 3,
        "body": "Welkom in **Recruitment Noord**! Hier delen we alles over klanten en "
        "kandidaten in Zwolle, Groningen, Friesland en Overijssel. Ook als je in "
        "Utrecht zit en iets hoort over het noorden: post het hier. #zwolle",
    },
    {
        "group": "branding",
        "by": "anouk.mulder",
        "likes": 4,
        "body": "Deze groep is voor iedereen die wil meedenken over employer branding. "
        "We zoeken **ambassadeurs**: collega's die af en toe een vacature of verhaal "
        "delen op LinkedIn. Doe je mee? Reageer hieronder. #employerbranding "
        "#ambassadeurs",
        "replies": [
            ("noor.elamrani", "Ik doe mee, vooral voor de zorgvacatures."),
            ("fleur.brouwer", "Ik ook! Ik kan wel foto's maken op kantoor."),
            ("hans.vermeulen", "Tel mij ook maar mee."),
        ],
    },
    {
        "group": "team",
        "by": "sanne.devries",
        "body": "Pipeline Van der Berg Logistiek, stand van zaken: 6 planners in gesprek, 2 "
        "in de laatste ronde, 1 aanbieding uit. Het DC in Zwolle opent over een paar "
        "maanden, dus we hebben nog tijd maar niet veel. Wie heeft nog planners in de "
        "pool? #vdblogistiek #logistiek",
        "replies": [
            (
                "bram.degroot",
                "Ik heb een werkvoorbereider die eigenlijk liever plant. Stuur ik je door.",
            ),
            (
                "daan.bakker",
                "Ik heb een WMS-consultant die misschien interesse heeft. Bespreken we morgen?",
            ),
        ],
    },
    {
        "group": "noord",
        "by": "sanne.devries",
        "likes": 2,
        "body": "Banenmarkt Zwolle over twee weken: we hebben een stand. Wie helpt een dagdeel "
        "mee? @bram.degroot staat er al 's ochtends. #zwolle #events",
        "replies": [
            ("lars.vanvliet", "Ik kan 's middags."),
            ("ingrid.bos", "Ik kom koffie brengen ☕"),
        ],
    },
    {
        "group": "branding",
        "by": "kevin.peters",
        "body": "Voor de reeks *Werken bij Brugwerk* zoek ik collega's die willen vertellen "
        "waarom ze hier werken. Vijf minuten voor de camera, geen script. Wie "
        "durft? #employerbranding #video",
        "replies": [
            ("yara.hoekstra", "Ik! En ik vraag een paar nieuwe collega's uit de onboarding."),
        ],
    },
    {
        "group": "team",
        "by": "yara.hoekstra",
        "body": "Afspraak voor iedereen: een kandidaat die je aan een collega doorgeeft, "
        "bespreek je eerst met de kandidaat zelf. Geen toestemming, geen "
        "kandidaat-aanbod. Dat is de AVG, maar ook gewoon netjes. #privacy "
        "#kandidaten",
        "replies": [
            (
                "emma.visser",
                "Eens. Ik vraag het altijd aan het eind van het eerste "
                "gesprek, dan is het meteen geregeld.",
            ),
        ],
    },
    {
        "group": "noord",
        "by": "lars.vanvliet",
        "body": "Noordhoek Bouwgroep opent een vestiging in Groningen. Dat wordt ons "
        "eerste grote project in de stad. @bram.degroot, heb jij al een netwerk "
        "onder uitvoerders daar? #bouw #groningen",
        "replies": [
            ("bram.degroot", "Een paar mensen. Ik ga er volgende week rondbellen."),
        ],
    },
    {
        "group": "team",
        "by": "daan.bakker",
        "likes": 3,
        "body": "Wekelijkse pipeline IT: 14 kandidaten in proces, 3 aanbiedingen uit, "
        "Cloudhaven wil nog twee backend-developers. @mehmet.yilmaz, zullen we "
        "Datastroom samen oppakken? #it #pipeline",
        "replies": [
            ("mehmet.yilmaz", "Yes, let's split it: you take Utrecht, I take Eindhoven."),
        ],
    },
    {
        "group": "branding",
        "by": "anouk.mulder",
        "body": "Onze Google-reviews als werkgever staan op een 4,3. Wie een goede "
        "ervaring heeft met een sollicitatie bij ons: vraag kandidaten gerust om "
        "een review. Negatieve reviews zetten we als *reputatiemelding* op Kring, "
        "zodat iemand ze oppakt. #reviews #employerbranding",
    },
    {
        "group": "team",
        "by": "noor.elamrani",
        "body": "Ik heb een verpleegkundige die wil overstappen naar de techniek, "
        "specifiek medische apparatuur. Iemand een idee? @thijs.vandermeer, "
        "misschien iets voor jouw klanten? #zorg #techniek",
        "replies": [
            (
                "thijs.vandermeer",
                "Kempen maakt onderdelen voor medische apparatuur. "
                "Stuur me haar cv, dan bel ik hun HR.",
            ),
        ],
    },
    {
        "group": "noord",
        "by": "wouter.dekker",
        "body": "Cijfers Zwolle deze maand: 23 plaatsingen, waarvan 11 logistiek, 8 bouw "
        "en 4 zorg. Thuiszorg Vechtdal groeit hard. Knap werk allemaal! #zwolle",
        "replies": [
            ("sanne.devries", "En VDB Logistiek moet nog echt beginnen 😉"),
        ],
    },
    {
        "group": "team",
        "by": "thijs.vandermeer",
        "body": "Let op bij Kempen Precisietechniek: de nieuwe HR-manager wil alle "
        "kandidaten voortaan via hun eigen portal. Stuur geen cv's meer per mail "
        "naar de afdelingen. #techniek #kempen",
    },
    {
        "group": "branding",
        "by": "yara.hoekstra",
        "likes": 2,
        "body": "Idee: elke maand één vacature die écht lastig is, en we vragen het hele "
        "bedrijf om mee te denken en te delen. Deze maand: de controller in "
        "Utrecht. #referral #employerbranding",
        "replies": [
            ("anouk.mulder", "Goed plan. Ik maak er een vaste rubriek van in de nieuwsbrief."),
            ("martijn.kok", "Ik help graag mee, het is tenslotte mijn nieuwe collega."),
        ],
    },
    {
        "group": "team",
        "by": "emma.visser",
        "body": "Ik ben over twee weken een week met vakantie. @noor.elamrani neemt mijn "
        "lopende kandidaten over; de overdracht staat in het ATS. #afwezig",
        "replies": [
            ("noor.elamrani", "Geniet ervan! Ik heb alles gezien."),
        ],
    },
    {
        "group": "noord",
        "by": "sanne.devries",
        "body": "Van der Berg Logistiek zoekt voor het nieuwe DC in Zwolle ook "
        "heftruckchauffeurs met een VCA-certificaat. Wie kent er mensen? Ook "
        "zij-instromers zijn welkom. #vdblogistiek #zwolle #referral",
        "replies": [
            ("ingrid.bos", "Mijn neef rijdt heftruck bij een bouwmarkt. Ik vraag het hem."),
        ],
    },
    {
        "group": "team",
        "by": "bram.degroot",
        "body": "Kandidaat voor werkvoorbereider bij Noordhoek trok zich vandaag terug: "
        "hij kreeg een tegenbod van zijn werkgever. Derde keer deze maand. "
        "Bespreken we tegenbiedingen eerder in het proces? #bouw #tegenbod",
        "replies": [
            (
                "daan.bakker",
                "Ik vraag het standaard in het tweede gesprek: wat doe je als je baas meer biedt?",
            ),
            ("yara.hoekstra", "Zetten we op de agenda van het teamoverleg."),
        ],
    },
    {
        "group": "branding",
        "by": "kevin.peters",
        "likes": 3,
        "body": "De eerste video uit de reeks *Werken bij Brugwerk* staat online: "
        "@yara.hoekstra over waarom ze van een bank naar recruitment overstapte. "
        "Al 2.400 keer bekeken op LinkedIn! #employerbranding #video",
    },
    {
        "group": "team",
        "by": "mehmet.yilmaz",
        "body": "Datastroom confirmed: they want us as their preferred supplier for data "
        "engineers. First two roles come in next week. @daan.bakker #datastroom",
        "replies": [
            ("daan.bakker", "Top! Ik heb al twee mensen in gedachten."),
        ],
    },
    {
        "group": "noord",
        "by": "bram.degroot",
        "body": "Gisteren de eerste drie uitvoerders voor Noordhoek in Groningen "
        "voorgesteld. Alle drie uitgenodigd. #bouw #groningen",
    },
    {
        "group": "team",
        "by": "sanne.devries",
        "likes": 2,
        "body": "Teamoverleg donderdag: @yara.hoekstra zet tegenbiedingen op de agenda. "
        "Neem allemaal één voorbeeld mee van een kandidaat die afhaakte en waarom. "
        "@{team} #teamoverleg",
    },
    {
        "group": "branding",
        "by": "anouk.mulder",
        "body": "Vanaf nu bewaken we onze reviews met een zoekwoord-alert op Kring voor "
        "'Brugwerk' op Indeed en Glassdoor. Zie je een review die aandacht nodig "
        "heeft, zet hem dan als reputatiemelding. #reviews #reputatie",
    },
]
