"""Company-wide updates, continued: the second half of the period (see `updates`).

Pure data, oldest first, in the same shape as `updates.UPDATES_EARLY`.
"""

UPDATES_LATE = [
    {
        "by": "hans.vermeulen",
        "likes": 6,
        "body": "Een vraag aan jullie allemaal: wat houdt je werk leuk, en wat kost je "
        "onnodig tijd? Ik lees alle antwoorden hieronder zelf. Anoniem kan via "
        "@femke.jansen. #vraag",
        "replies": [
            (
                "daan.bakker",
                "Leuk: de kandidaat bellen dat hij is aangenomen. Tijd: drie "
                "keer dezelfde gegevens invoeren in ATS, planning en Excel.",
            ),
            (
                "charlotte.dewit",
                "Eens met Daan. En contracten die op papier moeten worden getekend.",
            ),
            (
                "hans.vermeulen",
                "Dank jullie. @joost.vanleeuwen, kunnen we dat dubbel invoeren samen bekijken?",
            ),
        ],
    },
    {
        "by": "ingrid.bos",
        "body": "De cao voor uitzendkrachten wijzigt per volgend kwartaal: de lonen gaan 3,2% "
        "omhoog. Ik pas de verloning aan; accountmanagers, neem dit mee in jullie "
        "tarieven naar klanten. #cao #detachering",
        "replies": [
            (
                "lars.vanvliet",
                "Goed dat je het meldt, ik heb donderdag een tariefgesprek bij Noordhoek.",
            ),
        ],
    },
    {
        "by": "thijs.vandermeer",
        "likes": 4,
        "body": "Mijn honderdste plaatsing bij Brugwerk! Een mechatronicus bij Kempen "
        "Precisietechniek, die ik drie jaar geleden al eens sprak. Netwerk "
        "onderhouden loont. #win #techniek #eindhoven",
        "replies": [
            ("sophie.vandenheuvel", "Gefeliciteerd Thijs! Taart morgen?"),
            ("mehmet.yilmaz", "Congrats! 🎉"),
        ],
    },
    {
        "by": "yara.hoekstra",
        "body": "Doe je mee met **Referral Week**? Deel deze week een van onze open "
        "vacatures in je eigen netwerk. Wie de meeste kandidaten aandraagt, wint "
        "een diner voor twee. Het scorebord houdt @priya.ramdin bij. #referral",
        "replies": [
            ("priya.ramdin", "Het scorebord staat in Power BI, ververst elk uur."),
        ],
    },
    {
        "by": "lisa.vandijk",
        "body": "Zonder CC-lijst: bij Van der Berg Logistiek is per vandaag **Erik Smulders** "
        "onze vaste contactpersoon voor inhuur, niet meer Karin. @sanne.devries en "
        "@charlotte.dewit, jullie hebben hem het meest nodig. #vdblogistiek",
        "replies": [
            ("sanne.devries", "Dank! Ik plan een kennismaking met hem in Zwolle."),
        ],
    },
    {
        "by": "priya.ramdin",
        "likes": 2,
        "body": "Opvallend in de cijfers van deze maand: 38% van onze aangenomen "
        "kandidaten kwam via een referral of een eerdere kandidaat. Vorig jaar "
        "was dat 22%. #data #referral",
    },
    {
        "by": "jeroen.deboer",
        "body": "Salesoverleg verschuift naar donderdag 10.00 uur, zelfde plek. Agenda "
        "staat in de teams-map. @lisa.vandijk, @ruben.smit, @sophie.vandenheuvel, "
        "@lars.vanvliet: graag jullie top 3 kansen vooraf hier in een reactie. #sales",
        "replies": [
            (
                "sophie.vandenheuvel",
                "1. Kempen: uitbreiding cleanroom. 2. Van Houten: "
                "nieuwe productielijn. 3. Een nieuwe lead in Helmond.",
            ),
            (
                "ruben.smit",
                "1. De Linde raamcontract. 2. Aanbesteding Weidevenen. "
                "3. Thuiszorg Vechtdal, nieuwe regio.",
            ),
        ],
    },
    {
        "by": "fleur.brouwer",
        "body": "In Amsterdam zijn de vergaderruimtes op dinsdag en donderdag altijd vol. "
        "Reserveren kan voortaan via Outlook, wie niet reserveert zit in de "
        "kantine. #amsterdam #kantoor",
    },
    {
        "by": "daan.bakker",
        "body": "Wie weet of Datastroom nog steeds met hun eigen recruiters werkt? Ik hoor "
        "van een kandidaat dat ze een hele nieuwe afdeling in Utrecht opzetten. "
        "@mehmet.yilmaz, jij kent hun IT-manager toch? #datastroom #vraag",
        "replies": [
            (
                "mehmet.yilmaz",
                "Yes, I'll ask him this week. Their in-house team is only "
                "two people, so there might be room for us.",
            ),
        ],
    },
    {
        "by": "anouk.mulder",
        "likes": 3,
        "body": "Onze always-on campagne voor zorgvacatures loopt nu zes weken: 41% meer "
        "sollicitaties uit Amsterdam, en de kosten per sollicitatie zijn gehalveerd. "
        "Dank @noor.elamrani voor de snelle opvolging! #employerbranding #zorg",
    },
    {
        "by": "martijn.kok",
        "body": "De facturatie van vorige maand is verstuurd. Drie klanten lopen meer dan 60 dagen "
        "achter met betalen; de accountmanagers hebben een mail met de details. "
        "Niet hier, want dat zijn klantgegevens. #finance",
    },
    {
        "by": "femke.jansen",
        "likes": 4,
        "body": "Na een maand Kring: het aantal interne mails met meer dan tien ontvangers "
        "is met 70% gedaald. Dank voor het meedoen! Tip: volg de tags van jouw "
        "vakgebied en regio (zoals #zorg of #utrecht), dan mis je niets wat voor jou "
        "belangrijk is. #kring",
        "replies": [
            (
                "hans.vermeulen",
                "Dat merk ik. En ik lees nu ook wat er in Eindhoven "
                "gebeurt, zonder dat iemand mij hoeft te mailen.",
            ),
        ],
    },
    {
        "by": "noor.elamrani",
        "body": "Wie weet… een goede opleiding voor zij-instromers in de zorg in de regio "
        "Amsterdam? Ik heb drie kandidaten met veel motivatie maar zonder diploma. "
        "#zorg #vraag #zijinstroom",
        "replies": [
            (
                "ruben.smit",
                "Zorggroep De Linde heeft een leerwerktraject, start over "
                "twee maanden. Ik breng je in contact.",
            ),
        ],
    },
    {
        "by": "lars.vanvliet",
        "likes": 4,
        "body": "Raamovereenkomst met **Noordhoek Bouwgroep** is getekend! Twee jaar, "
        "exclusief voor werkvoorbereiders en uitvoerders. Dank @bram.degroot voor "
        "de kandidaten die het vertrouwen hebben gewonnen. #bouw #win",
        "replies": [
            ("bram.degroot", "Teamwerk! Nu moeten we ze ook leveren 😅"),
            ("wouter.dekker", "Mooi resultaat voor Zwolle."),
        ],
    },
    {
        "by": "tim.verhoeven",
        "body": "Voor wie het mist: je kunt ook posten op Kring door een mail te sturen "
        "naar je persoonlijke Kring-adres (staat bij je instellingen). Handig "
        "voor verslagen die je toch al mailt. #kring",
        "replies": [
            ("ruben.smit", "Handig! Mijn bezoekverslag van De Linde staat er zo op."),
        ],
    },
    {
        "by": "sophie.vandenheuvel",
        "likes": 2,
        "body": "Kempen Precisietechniek bouwt een tweede cleanroom in Veldhoven. Dat "
        "worden minstens acht operators en twee procesengineers. @thijs.vandermeer, "
        "laten we volgende week samen langsgaan. #techniek #eindhoven",
    },
    {
        "by": "hans.vermeulen",
        "likes": 5,
        "body": "Vandaag precies zestien jaar Brugwerk. Dank aan alle collega's, "
        "gedetacheerden en klanten die ons zo ver hebben gebracht. Vanmiddag om "
        "16.00 uur staat er op alle vestigingen iets lekkers klaar. #brugwerk",
        "replies": [
            ("fleur.brouwer", "Amsterdam heeft bitterballen besteld 😋"),
            ("jeroen.deboer", "Op de volgende zestien!"),
        ],
    },
    {
        "by": "mehmet.yilmaz",
        "body": "Reminder: Brainport Talent Day is next Thursday in Eindhoven. We have a "
        "stand with @thijs.vandermeer and @sophie.vandenheuvel. Bring business "
        "cards! #eindhoven #techniek #events",
        "replies": [
            ("sophie.vandenheuvel", "I'll bring the new banners!"),
        ],
    },
    {
        "by": "ruben.smit",
        "body": "Goed nieuws: we zijn door naar de tweede ronde van de aanbesteding van "
        "Dienst Publieke Registers. De presentatie is over twee weken. "
        "@emma.visser, help je mee met de casus over de finance-profielen? "
        "#overheid #aanbesteding",
        "replies": [
            ("emma.visser", "Natuurlijk. Ik plan een uur in voor de voorbereiding."),
        ],
    },
    {
        "by": "joost.vanleeuwen",
        "body": "Vanaf maandag is tweestapsverificatie verplicht voor het ATS. Je krijgt "
        "bij de eerste keer inloggen uitleg. Lukt het niet? De servicedesk helpt. "
        "#it #privacy",
        "replies": [
            ("fleur.brouwer", "Werkt het ook met de app op mijn eigen telefoon?"),
            (
                "joost.vanleeuwen",
                "@fleur.brouwer ja, de authenticator-app mag op je eigen telefoon.",
            ),
        ],
    },
    {
        "by": "lisa.vandijk",
        "body": "Vandaag met @jeroen.deboer op bezoek bij Van der Berg Logistiek in Tiel. Ze "
        "zijn erg tevreden over onze planners en vragen of we ook in België kunnen "
        "werven. Wie heeft daar ervaring mee? #vdblogistiek #vraag",
        "replies": [
            (
                "thijs.vandermeer",
                "Ik heb wel eens in Antwerpen geworven. De regels voor "
                "uitzenden zijn daar anders; bel me even.",
            ),
            ("jeroen.deboer", "Goed gesprek was het. Lisa, zet jij de vervolgstappen hier?"),
        ],
    },
    {
        "by": "emma.visser",
        "likes": 3,
        "body": "Interim-controller geplaatst bij Gemeente Weidevenen, voor zes maanden. "
        "Binnen acht dagen rond, dankzij een kandidaat die ik uit mijn eigen "
        "pool kon halen. #finance #overheid #win",
    },
    {
        "by": "wouter.dekker",
        "body": "Zonder mail aan het hele kantoor: het parkeerterrein in Zwolle is volgende "
        "week dicht voor nieuw asfalt. Parkeer bij de P+R, de parkeerkosten mag je "
        "declareren. @sanne.devries @bram.degroot @ingrid.bos @lars.vanvliet #zwolle",
    },
    {
        "by": "charlotte.dewit",
        "body": "Wie weet hoe we de reiskosten van gedetacheerden bij Van Houten Foods "
        "verwerken nu hun locatie in Veghel is verhuisd? @ingrid.bos? "
        "#detachering #vraag",
        "replies": [
            (
                "ingrid.bos",
                "Nieuwe afstand invullen in de app; ik verwerk het vanaf de "
                "verhuisdatum. Stuur me de namen.",
            ),
        ],
    },
    {
        "by": "daan.bakker",
        "body": "Mooie week: twee .NET-developers geplaatst bij Cloudhaven en een DevOps "
        "engineer bij Datastroom. Iedereen die mijn berichten deelde: dank! "
        "#dotnet #win #cloud",
        "replies": [
            ("jeroen.deboer", "Knap Daan. Cloudhaven wordt zo een van onze grootste IT-klanten."),
        ],
    },
    {
        "by": "priya.ramdin",
        "likes": 4,
        "body": "Waar komen onze plaatsingen vandaan? Vacaturesites 34%, referrals 28%, onze "
        "eigen database 21% en LinkedIn 17%. Referrals groeien het hardst, en die "
        "kandidaten blijven ook langer. #data #referral",
        "replies": [
            ("yara.hoekstra", "Mooie cijfers om mee te nemen naar het volgende teamoverleg."),
        ],
    },
]
