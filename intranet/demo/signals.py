"""Client signals: what colleagues hear about clients (a contact leaves, a reorganisation,
a new project). "client" is a client's name from `organisation.CLIENTS`.

Pure data, oldest first.
"""

CLIENT_SIGNALS = [
    {
        "by": "lisa.vandijk",
        "client": "Van der Berg Logistiek",
        "kind": "expansion",
        "source_url": "https://www.vanderberglogistiek.example/nieuws/nieuw-dc-zwolle",
        "body": "Van der Berg Logistiek bevestigt het nieuwe distributiecentrum in Zwolle: "
        "35.000 m², open over een paar maanden, zo'n 120 nieuwe banen. Wij willen daar de "
        "huisleverancier worden. #vdblogistiek #logistiek #zwolle",
        "replies": [
            ("sanne.devries", "Ik begin alvast met een talentpool voor planners en teamleiders."),
        ],
    },
    {
        "by": "ruben.smit",
        "client": "Zorggroep De Linde",
        "kind": "contact_leaving",
        "body": "Onze vaste contactpersoon bij Zorggroep De Linde, de manager P&O, gaat aan het "
        "eind van de maand weg. Haar opvolger is nog niet bekend. Wie hoort wie het wordt? "
        "#zorg #delinde",
        "replies": [
            (
                "noor.elamrani",
                "Een kandidaat vertelde me dat de interim-manager uit "
                "Haarlem komt. Ik probeer een naam te krijgen.",
            ),
        ],
    },
    {
        "by": "sophie.vandenheuvel",
        "client": "Kempen Precisietechniek",
        "kind": "expansion",
        "source_url": "https://www.kempenprecisie.example/nieuws/tweede-cleanroom",
        "body": "Kempen Precisietechniek investeert € 12 miljoen in een tweede cleanroom "
        "in Veldhoven. Operators en procesengineers nodig vanaf volgend kwartaal. "
        "@thijs.vandermeer #techniek #eindhoven",
        "replies": [
            ("thijs.vandermeer", "Ik zet alvast een campagne klaar met @anouk.mulder."),
        ],
    },
    {
        "by": "daan.bakker",
        "client": "Cloudhaven",
        "kind": "new_project",
        "body": "Cloudhaven bouwt een nieuw betalingsplatform en verdubbelt het "
        "developmentteam dit jaar. De CTO wil een vaste partner voor werving. "
        "#cloudhaven #java #utrecht",
    },
    {
        "by": "lars.vanvliet",
        "client": "Noordhoek Bouwgroep",
        "kind": "expansion",
        "source_url": "https://www.noordhoekbouw.example/nieuws/vestiging-groningen",
        "body": "Noordhoek Bouwgroep opent een vestiging in Groningen voor utiliteitsbouw. "
        "Ze zoeken uitvoerders en werkvoorbereiders. #bouw #groningen",
    },
    {
        "by": "emma.visser",
        "client": "Finovia Verzekeringen",
        "kind": "reorganisation",
        "body": "Finovia Verzekeringen voegt de afdelingen finance en risk samen. Volgens "
        "een kandidaat verdwijnen er tien functies, maar komen er ook nieuwe "
        "rollen in data en rapportage. @jeroen.deboer #finance",
        "replies": [
            (
                "jeroen.deboer",
                "Goed om te weten. Ik bel hun CFO voor een update en of we "
                "kunnen helpen met de nieuwe rollen.",
            ),
        ],
    },
    {
        "by": "sanne.devries",
        "client": "Van der Berg Logistiek",
        "kind": "contact_joining",
        "body": "Nieuwe HR-directeur bij VDB Logistiek: **Marieke Smeets**, komt van een "
        "grote vervoerder. Ze kent ons nog niet. @lisa.vandijk, plannen we een "
        "kennismaking? #vdblogistiek",
        "replies": [
            ("lisa.vandijk", "Al geregeld: volgende week dinsdag in Tiel."),
        ],
    },
    {
        "by": "mehmet.yilmaz",
        "client": "Datastroom",
        "kind": "new_project",
        "body": "Datastroom won a large government contract for a data platform. They need "
        "at least six data engineers before the summer. #datastroom #data",
    },
    {
        "by": "ruben.smit",
        "client": "Gemeente Weidevenen",
        "kind": "other",
        "source_url": "https://www.weidevenen.example/aanbesteding-inhuur",
        "body": "Gemeente Weidevenen publiceert volgende maand een nieuwe aanbesteding voor "
        "inhuur van personeel, vier percelen. Inschrijven vraagt een flinke "
        "voorbereiding. #overheid #aanbesteding",
    },
    {
        "by": "charlotte.dewit",
        "client": "Van Houten Foods",
        "kind": "reorganisation",
        "body": "Bij Van Houten Foods wordt de nachtploeg op de oude lijn opgeheven. Vier "
        "van onze gedetacheerden moeten naar de nieuwe lijn of stoppen. "
        "@sophie.vandenheuvel, kun jij met hun productiemanager praten? #food "
        "#detachering",
        "replies": [
            ("sophie.vandenheuvel", "Afspraak staat voor donderdag. Ik wil alle vier houden."),
        ],
    },
    {
        "by": "noor.elamrani",
        "client": "Thuiszorg Vechtdal",
        "kind": "expansion",
        "body": "Thuiszorg Vechtdal neemt de wijkzorg in Hardenberg over van een andere "
        "aanbieder. Dat zijn zo'n 30 medewerkers, en ze zoeken er nog tien bij. "
        "#zorg #zwolle",
    },
    {
        "by": "thijs.vandermeer",
        "client": "Kempen Precisietechniek",
        "kind": "contact_joining",
        "body": "Nieuwe HR-manager bij Kempen Precisietechniek, en die wil alle kandidaten "
        "via hun eigen portal. Goed om te weten voor wie daar cv's stuurt. "
        "#techniek #kempen",
    },
    {
        "by": "jeroen.deboer",
        "client": "Dienst Publieke Registers",
        "kind": "new_project",
        "body": "DPR start een groot digitaliseringsprogramma en zoekt daarvoor "
        "projectleiders en informatieanalisten. Wij zitten in de tweede ronde van "
        "de aanbesteding. #overheid #aanbesteding",
    },
    {
        "by": "lisa.vandijk",
        "client": "Van der Berg Logistiek",
        "kind": "new_project",
        "body": "Van der Berg Logistiek gaat elektrisch rijden in de stadsdistributie. Ze "
        "zoeken planners met ervaring in laadplanning en routes voor elektrische "
        "trucks. #vdblogistiek #logistiek #duurzaam",
    },
    {
        "by": "bram.degroot",
        "client": "Noordhoek Bouwgroep",
        "kind": "contact_leaving",
        "body": "De projectdirecteur van Noordhoek met wie we de raamovereenkomst sloten, "
        "vertrekt naar een concurrent. @lars.vanvliet, we moeten de relatie breder "
        "maken. #bouw",
        "replies": [
            (
                "lars.vanvliet",
                "Eens. Ik plan een kennismaking met zijn opvolger en hun HR-manager.",
            ),
            ("wouter.dekker", "Ik ga mee, hun directeur ken ik nog van vroeger."),
        ],
    },
    {
        "by": "sophie.vandenheuvel",
        "client": "Van Houten Foods",
        "kind": "expansion",
        "source_url": "https://www.vanhoutenfoods.example/pers/nieuwe-productielijn",
        "body": "Van Houten Foods opent over een paar maanden een nieuwe productielijn voor "
        "plantaardige producten. Zes procesoperators en twee monteurs nodig. "
        "#food #techniek",
    },
    {
        "by": "emma.visser",
        "client": "Gemeente Weidevenen",
        "kind": "contact_joining",
        "body": "Nieuwe concerncontroller bij Gemeente Weidevenen, en dat is mijn "
        "oud-collega. Goede ingang voor de finance-profielen. @ruben.smit #overheid "
        "#finance",
    },
    {
        "by": "kevin.peters",
        "client": "Cloudhaven",
        "kind": "other",
        "source_url": "https://www.cloudhaven.example/blog/werken-bij",
        "body": "Cloudhaven heeft een nieuwe werkenbij-site, en onze video met de "
        "developer die we daar plaatsten staat erop. Mooie reclame voor ons. "
        "@daan.bakker #cloudhaven #employerbranding",
    },
    {
        "by": "ruben.smit",
        "client": "Zorggroep De Linde",
        "kind": "contact_joining",
        "body": "De nieuwe manager P&O bij Zorggroep De Linde is begonnen. Eerste gesprek "
        "was goed; ze wil het raamcontract met ons houden en uitbreiden naar "
        "Amstelveen. #zorg #delinde",
        "replies": [
            ("noor.elamrani", "Mooi! Amstelveen heeft veel vacatures voor verzorgenden."),
        ],
    },
    {
        "by": "wouter.dekker",
        "client": "Van der Berg Logistiek",
        "kind": "other",
        "source_url": "https://www.destentor.example/zwolle/dc-van-der-berg",
        "body": "De lokale krant schrijft over het nieuwe DC van Van der Berg Logistiek in "
        "Zwolle en de zorgen over verkeer op de ringweg. Kan vertraging geven bij "
        "de opening. #vdblogistiek #zwolle",
    },
    {
        "by": "mehmet.yilmaz",
        "client": "Datastroom",
        "kind": "contact_leaving",
        "body": "Our contact at Datastroom, the IT manager, is leaving at the end of the "
        "month. His successor comes from their Utrecht office. @daan.bakker, you "
        "might know her. #datastroom",
    },
    {
        "by": "thijs.vandermeer",
        "client": "Kempen Precisietechniek",
        "kind": "reorganisation",
        "body": "Kempen Precisietechniek brengt de service-afdeling onder in een aparte "
        "bv. Contracten van onze gedetacheerde monteurs moeten mogelijk worden "
        "omgezet. @charlotte.dewit #techniek #detachering",
    },
    {
        "by": "jeroen.deboer",
        "client": "Finovia Verzekeringen",
        "kind": "contact_leaving",
        "body": "De CFO van Finovia Verzekeringen stopt over drie maanden. Ze was onze "
        "belangrijkste ambassadeur daar. We moeten de relatie met de nieuwe CFO "
        "snel opbouwen. @emma.visser #finance",
    },
    {
        "by": "noor.elamrani",
        "client": "Thuiszorg Vechtdal",
        "kind": "contact_joining",
        "body": "Nieuwe teamleider HR bij Thuiszorg Vechtdal, komt van een ziekenhuis in "
        "Zwolle. Zij wil graag een vaste partner voor zij-instromers. "
        "#zorg #zijinstroom",
    },
    {
        "by": "sanne.devries",
        "client": "Van der Berg Logistiek",
        "kind": "expansion",
        "body": "Van der Berg Logistiek vraagt nu ook om 25 uitzendkrachten voor de "
        "volgende piekperiode, bovenop de vaste functies in Zwolle. "
        "@lisa.vandijk @charlotte.dewit #vdblogistiek #logistiek",
        "replies": [
            ("charlotte.dewit", "Ik bereid de contracten vast voor."),
        ],
    },
]
