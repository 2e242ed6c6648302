"""Company-wide updates: news, questions, wins, "wie weet…" and posts instead of CC-mail.

Pure data, oldest first; the second half of the period is in `updates_late`. Each item:
author handle ("by"), Markdown "body", optional "replies" as (handle, body) pairs and
"likes" (how many colleagues like it; otherwise a few at random).
"""

UPDATES_EARLY = [
    {
        "by": "femke.jansen",
        "likes": 6,
        "body": "Welkom op **Kring**, ons eigen interne netwerk! Vanaf vandaag geldt: een "
        "bericht voor meer dan drie collega's zet je hier, niet in een mail met de "
        "halve organisatie in de CC. Moet iemand echt iets doen? Noem hem of haar "
        "met een @, dan krijgt die persoon een melding. De rest volgt de tags en "
        "collega's die voor hen belangrijk zijn.\n\nVragen? Stel ze hieronder. #kring",
        "replies": [
            (
                "hans.vermeulen",
                "Mooi! Ik heb mijn mailbox al een week niet zo leeg gezien. "
                "Ik ga het goede voorbeeld geven.",
            ),
            (
                "ingrid.bos",
                "Kan ik ook instellen dat ik één keer per dag een samenvatting "
                "krijg? Ik zit niet de hele dag op een intranet.",
            ),
            (
                "femke.jansen",
                "@ingrid.bos ja, bij je instellingen kies je een dagelijkse of "
                "wekelijkse digest per e-mail.",
            ),
        ],
    },
    {
        "by": "hans.vermeulen",
        "likes": 8,
        "body": "Het kwartaal zit erop. We hebben **212 plaatsingen** gedaan, 14% meer "
        "dan vorig jaar, en de detachering in Eindhoven groeit het hardst. Dank aan "
        "iedereen! Details staan in de presentatie van @martijn.kok op de "
        "gedeelde schijf. #kwartaalcijfers",
        "replies": [
            (
                "martijn.kok",
                "De marge op detachering staat wel onder druk door de nieuwe "
                "cao-verhoging. Daar kom ik volgende maand op terug.",
            ),
            ("sophie.vandenheuvel", "Trots op team Eindhoven! 💪"),
        ],
    },
    {
        "by": "daan.bakker",
        "likes": 6,
        "body": "Yes! Onze senior Java-developer uit Amersfoort is vandaag getekend bij "
        "Cloudhaven. Vier weken van eerste gesprek tot contract. Dank @lisa.vandijk "
        "voor de warme intro bij hun CTO. #win #java #utrecht",
        "replies": [
            ("lisa.vandijk", "Top gedaan! Ze vroegen meteen of we er nog twee hebben 😉"),
        ],
    },
    {
        "by": "joost.vanleeuwen",
        "likes": 3,
        "body": "Let op: er gaat een phishingmail rond die lijkt te komen van ons ATS, met "
        "de vraag om opnieuw in te loggen. Klik niet op de link. Twijfel je? Stuur "
        "de mail door naar de servicedesk en verwijder hem daarna. #it #privacy",
        "replies": [
            ("charlotte.dewit", "Ik had hem vanochtend ook. Niet geklikt, wel doorgestuurd."),
            (
                "joost.vanleeuwen",
                "@charlotte.dewit dank je, daardoor konden we hem snel blokkeren.",
            ),
        ],
    },
    {
        "by": "charlotte.dewit",
        "body": "In plaats van een mail aan alle consultants: vanaf volgende maand leveren "
        "gedetacheerden hun uren **uiterlijk maandag 12.00 uur** in via de app. "
        "Later ingeleverde uren schuiven door naar de volgende verloning. "
        "@ingrid.bos en @wouter.dekker, willen jullie dit ook in Zwolle "
        "doorgeven? #detachering #uren",
        "replies": [
            ("ingrid.bos", "Doe ik. Scheelt mij elke week een middag nabellen."),
        ],
    },
    {
        "by": "lisa.vandijk",
        "likes": 2,
        "body": "Wie weet wie bij Van Houten Foods de nieuwe HR-manager is? Onze vaste "
        "contactpersoon is met pensioen en ik krijg geen antwoord meer op mijn "
        "mails. #vraag #food",
        "replies": [
            (
                "sophie.vandenheuvel",
                "Volgens LinkedIn is dat Marloes Peeters, komt van "
                "een zuivelbedrijf in Veghel. Ik stuur je haar profiel.",
            ),
            ("lisa.vandijk", "Dank je Sophie, ik bel haar deze week."),
        ],
    },
    {
        "by": "yara.hoekstra",
        "likes": 4,
        "body": "Ken jij iemand die bij Brugwerk past? Voor elke collega die via jou "
        "binnenkomt en de proeftijd haalt, krijg je de **referralbonus** die bij de "
        "vacature staat. Open vacatures vind je in het filter *Vacatures*. Een "
        "kandidaat aandragen kan met één klik. #referral",
        "replies": [
            ("tim.verhoeven", "Geldt dat ook voor IT-functies, of alleen voor recruiters?"),
            ("yara.hoekstra", "@tim.verhoeven voor alle interne functies, ook IT en finance."),
        ],
    },
    {
        "by": "jeroen.deboer",
        "likes": 7,
        "body": "Groot nieuws: het raamcontract met **Van der Berg Logistiek** is met drie "
        "jaar verlengd, inclusief hun nieuwe distributiecentrum in Zwolle. Dat "
        "betekent veel werk voor @sanne.devries en het team in Zwolle. "
        "#vdblogistiek #logistiek #win",
        "replies": [
            (
                "sanne.devries",
                "Ik heb de eerste tien functies al op de lijst staan. "
                "Wie in Zwolle logistieke planners kent: tag me!",
            ),
            ("wouter.dekker", "Mooi werk Jeroen en Lisa. Dit gaan we vieren."),
            ("lisa.vandijk", "Was een lang traject, blij dat het rond is."),
        ],
    },
    {
        "by": "kevin.peters",
        "likes": 4,
        "body": "Drie tips voor een vacaturetekst die wél gelezen wordt:\n\n1. Begin met wat "
        "de kandidaat gaat *doen*, niet met 'wij zijn een dynamisch bedrijf'.\n"
        "2. Noem salaris en uren. Altijd.\n3. Maximaal vijf eisen.\n\nWil je "
        "dat ik meekijk? Tag me bij je concept. #employerbranding #vacatureteksten",
        "replies": [
            (
                "yara.hoekstra",
                "Punt 2 onderschrijf ik! Onze vacatures met salaris krijgen "
                "twee keer zoveel reacties.",
            ),
        ],
    },
    {
        "by": "priya.ramdin",
        "likes": 5,
        "body": "Het nieuwe dashboard **time-to-hire** staat live in Power BI. Gemiddeld "
        "zitten we op 31 dagen; zorg en techniek zijn het snelst, finance het "
        "langzaamst. Per recruiter filteren kan ook. #data #dashboard",
        "replies": [
            (
                "emma.visser",
                "Finance het langzaamst klopt: drie gesprekken plus een case "
                "is daar standaard. Kunnen we de tijd tot eerste gesprek ook "
                "zien?",
            ),
            ("priya.ramdin", "@emma.visser goed idee, zet ik er volgende week bij."),
        ],
    },
    {
        "by": "fleur.brouwer",
        "likes": 8,
        "body": "Save the date: ons **teamuitje** is over zes weken, op vrijdag! Dit jaar gaan "
        "we de Biesbosch in, met aansluitend een diner. Aanmelden kan tot eind "
        "volgende week bij mij. #teamuitje",
        "replies": [
            ("bram.degroot", "Is er ook een bus vanuit Zwolle?"),
            ("fleur.brouwer", "@bram.degroot ja, vanuit Zwolle en Amsterdam rijdt een bus."),
            ("noor.elamrani", "Ik ben erbij!"),
        ],
    },
    {
        "by": "sophie.vandenheuvel",
        "body": "Wie weet… of iemand bij ons ervaring heeft met een aanbesteding via "
        "TenderNed voor detachering? Kempen Precisietechniek niet, maar een "
        "gemeente in Brabant vraagt ernaar. @ruben.smit misschien? #vraag "
        "#aanbesteding",
        "replies": [
            (
                "ruben.smit",
                "Zeker, ik heb er dit jaar drie gedaan. Plan maar een half uur "
                "in, dan loop ik het met je door.",
            ),
        ],
    },
    {
        "by": "noor.elamrani",
        "likes": 4,
        "body": "Vandaag drie verpleegkundigen geplaatst bij Zorggroep De Linde. Alle drie "
        "kwamen via een referral van hun oud-collega's. Referrals werken! "
        "#zorg #win #referral",
        "replies": [
            ("yara.hoekstra", "Dit wil ik graag als verhaal voor de nieuwsbrief. @anouk.mulder?"),
            ("anouk.mulder", "Zeker! Noor, mag Kevin je volgende week even interviewen?"),
        ],
    },
    {
        "by": "joost.vanleeuwen",
        "body": "Onderhoud aan het ATS: zaterdag van 8.00 tot 12.00 uur is het systeem niet "
        "bereikbaar. Kring blijft gewoon werken. #it #ats",
        "replies": [
            (
                "daan.bakker",
                "Kan het niet op zondag? Zaterdag bel ik vaak kandidaten die "
                "doordeweeks niet kunnen.",
            ),
            (
                "joost.vanleeuwen",
                "@daan.bakker helaas, de leverancier doet alleen zaterdag. "
                "Volgende keer kondigen we het eerder aan.",
            ),
        ],
    },
    {
        "by": "martijn.kok",
        "body": "Herinnering voor alle budgethouders: de declaraties over vorige maand moeten "
        "vrijdag binnen zijn. Daarna sluiten we de maand af. Vragen over "
        "kostenplaatsen? Stel ze hier, dan heeft iedereen het antwoord. #finance",
        "replies": [
            (
                "wouter.dekker",
                "Valt de nieuwe koffieautomaat in Zwolle onder facilitair of onder de vestiging?",
            ),
            ("martijn.kok", "@wouter.dekker facilitair, kostenplaats 4100."),
        ],
    },
    {
        "by": "mehmet.yilmaz",
        "likes": 3,
        "body": "Quick question for the IT recruiters: has anyone placed an embedded "
        "C++ developer with a kennismigrant-visum recently? I have a strong "
        "candidate from Porto and want to know how long the IND takes now. "
        "#python #embedded #kennismigrant",
        "replies": [
            (
                "thijs.vandermeer",
                "Vorige maand nog, bij Kempen. Erkend referent, dus twee "
                "weken bij de IND. Ik stuur je het stappenplan.",
            ),
        ],
    },
    {
        "by": "femke.jansen",
        "likes": 4,
        "body": "Welkom aan onze nieuwe collega's deze maand! Ze staan allebei al op Kring, "
        "volg ze gerust. Vergeet niet je eigen profiel aan te vullen met je "
        "vaardigheden: zo vinden collega's je als ze een expert zoeken. #onboarding",
    },
    {
        "by": "bram.degroot",
        "likes": 2,
        "body": "Gisteren bij Noordhoek Bouwgroep op de bouwplaats in Kampen geweest. Ze "
        "zoeken dringend werkvoorbereiders, en de uitvoerder die we vorig kwartaal "
        "plaatsten doet het goed. @lars.vanvliet, goed moment om over een "
        "raamovereenkomst te praten? #bouw #zwolle",
        "replies": [
            ("lars.vanvliet", "Ik heb volgende week een afspraak met hun directeur. Neem ik mee."),
        ],
    },
    {
        "by": "anouk.mulder",
        "likes": 6,
        "body": "We staan in de top 10 van de **Werkgeversmonitor Recruitment**! "
        "Dank aan iedereen die de enquête invulde. Dit delen "
        "we natuurlijk volop op LinkedIn: wil jij het ook delen? #employerbranding",
        "replies": [
            ("hans.vermeulen", "Geweldig. Dit is jullie verdienste, niet die van het logo."),
            ("kevin.peters", "De LinkedIn-post staat klaar, link komt zo in deze draad."),
        ],
    },
    {
        "by": "tim.verhoeven",
        "likes": 3,
        "body": "De koppeling tussen de website en het ATS is vernieuwd. Sollicitaties "
        "komen nu binnen vijf minuten in het ATS in plaats van één keer per uur. "
        "Zie je iets geks? Meld het hier en tag me. #it #ats",
        "replies": [
            (
                "daan.bakker",
                "Merk ik al! Kandidaat gebeld binnen tien minuten na "
                "solliciteren, was zichtbaar onder de indruk.",
            ),
        ],
    },
    {
        "by": "ruben.smit",
        "body": "Wie kent er iemand bij Gemeente Weidevenen, afdeling inkoop? Ze hebben "
        "een nieuwe aanbesteding voor inhuur aangekondigd en ik wil weten of ze "
        "de percelen weer splitsen. #overheid #vraag",
        "replies": [
            ("emma.visser", "Mijn oud-collega werkt daar als controller. Ik vraag het haar."),
        ],
    },
    {
        "by": "wouter.dekker",
        "likes": 5,
        "body": "Het kantoor in Zwolle is verhuisd! Vanaf maandag zitten we aan de "
        "Hanzelaan, vijf minuten lopen van het station. Iedereen is welkom voor "
        "een kop koffie. #zwolle",
        "replies": [
            ("femke.jansen", "Ik kom volgende week langs met taart."),
            ("sanne.devries", "Eindelijk ramen die open kunnen 😄"),
        ],
    },
    {
        "by": "emma.visser",
        "body": "Even sparren: een kandidaat voor een controllersfunctie vraagt 20% meer "
        "dan de bovenkant van de schaal bij Finovia Verzekeringen. Hebben jullie "
        "ervaring met een tekenbonus in plaats van hoger salaris? #finance #salaris",
        "replies": [
            (
                "jeroen.deboer",
                "Bij Finovia lukte dat vorig jaar met een bonus na de "
                "proeftijd. Bel me even, dan vertel ik hoe.",
            ),
        ],
    },
    {
        "by": "kevin.peters",
        "likes": 4,
        "body": "Nieuwe video online: *Een dag met een planner bij Van der Berg "
        "Logistiek*. Gefilmd in het distributiecentrum in Tiel, met dank aan onze "
        "gedetacheerde planner. Delen mag! #employerbranding #logistiek "
        "#vdblogistiek",
        "replies": [
            (
                "lisa.vandijk",
                "Superleuk geworden. VDB Logistiek deelt hem ook op hun eigen kanalen.",
            ),
        ],
    },
    {
        "by": "sanne.devries",
        "likes": 4,
        "body": "Tip voor iedereen die chauffeurs zoekt: de open dag bij de "
        "chauffeursopleiding in Deventer leverde ons vorige keer acht sollicitaties "
        "op. Volgende is over drie weken, @bram.degroot en ik gaan. Wie gaat er mee? "
        "#logistiek #zwolle",
    },
]
