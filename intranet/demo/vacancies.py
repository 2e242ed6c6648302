"""Internal vacancies: jobs at Brugwerk itself and client jobs colleagues can refer for.

Pure data, oldest first. Type fields use the API names, except "weeks": the vacancy closes
that many weeks from today. "status" (filled/closed) is set after posting.
"""

VACANCIES = [
    {
        "by": "yara.hoekstra",
        "status": "filled",
        "weeks": 2,
        "title": "Recruiter Zorg",
        "department": "Recruitment",
        "location": "Amsterdam",
        "hours": 36,
        "referral_bonus": 750,
        "body": "Voor ons team in Amsterdam zoeken we een recruiter zorg die samen met "
        "@noor.elamrani verpleegkundigen en verzorgenden werft. Ervaring in de zorg "
        "is een pré. Ken jij iemand? #vacature #zorg #amsterdam #referral",
        "replies": [
            ("yara.hoekstra", "Vervuld via een referral van Noor. Dank allemaal!"),
        ],
    },
    {
        "by": "sanne.devries",
        "status": "filled",
        "weeks": 3,
        "title": "Logistiek planner",
        "department": "Planning (Van der Berg Logistiek)",
        "location": "Tiel",
        "hours": 40,
        "referral_bonus": 300,
        "body": "Van der Berg Logistiek zoekt een planner voor het DC in Tiel: ritplanning "
        "voor 40 vrachtwagens, in een klein team. Detachering met uitzicht op vast. "
        "#vacature #logistiek #vdblogistiek",
    },
    {
        "by": "daan.bakker",
        "title": "Senior Java-developer",
        "department": "Development (Cloudhaven)",
        "location": "Utrecht",
        "hours": 40,
        "weeks": 6,
        "referral_bonus": 500,
        "body": "Cloudhaven zoekt een senior Java-developer (Spring Boot, Kafka) voor hun "
        "betalingsplatform. Hybride, drie dagen op kantoor in Utrecht. Salaris tot "
        "€ 6.500. #vacature #java #utrecht #cloudhaven",
        "replies": [
            (
                "tim.verhoeven",
                "Een oud-studiegenoot van mij zoekt iets nieuws. Ik draag hem aan via de knop.",
            ),
            ("daan.bakker", "@tim.verhoeven top, ik bel hem morgen."),
        ],
    },
    {
        "by": "martijn.kok",
        "weeks": 8,
        "referral_bonus": 1000,
        "title": "Controller",
        "department": "Finance",
        "location": "Utrecht",
        "hours": 36,
        "body": "Ik zoek een collega-controller voor ons eigen financeteam: rapportages, "
        "prognoses en de business partner voor de vestigingen. HBO/WO, minimaal "
        "vijf jaar ervaring. @emma.visser helpt met de werving. #vacature #finance "
        "#utrecht #referral",
        "replies": [
            (
                "emma.visser",
                "Ik heb twee kandidaten op het oog; een van hen bied ik binnenkort aan.",
            ),
        ],
    },
    {
        "by": "noor.elamrani",
        "status": "closed",
        "weeks": 1,
        "title": "Wijkverpleegkundige",
        "department": "Wijkteam Oost (Zorggroep De Linde)",
        "location": "Amsterdam",
        "hours": 32,
        "body": "Zorggroep De Linde zoekt een wijkverpleegkundige (niveau 5) voor het "
        "wijkteam in Amsterdam-Oost. Veel eigen regie en een hecht team. "
        "#vacature #zorg #amsterdam",
        "replies": [
            ("noor.elamrani", "Gesloten: De Linde heeft de functie intern ingevuld."),
        ],
    },
    {
        "by": "thijs.vandermeer",
        "weeks": 5,
        "referral_bonus": 400,
        "title": "Servicemonteur mechatronica",
        "department": "Service (Kempen Precisietechniek)",
        "location": "Veldhoven",
        "hours": 40,
        "body": "Kempen Precisietechniek zoekt een servicemonteur voor hun machines bij "
        "klanten in Brabant. MBO-4 mechatronica, rijbewijs B. Bus van de zaak. "
        "#vacature #techniek #eindhoven",
    },
    {
        "by": "yara.hoekstra",
        "weeks": 6,
        "referral_bonus": 750,
        "title": "Recruiter IT",
        "department": "Recruitment",
        "location": "Utrecht",
        "hours": 40,
        "body": "Team IT groeit! We zoeken een recruiter die @daan.bakker en "
        "@mehmet.yilmaz versterkt. Je kent het verschil tussen Java en JavaScript "
        "en belt liever dan dat je mailt. #vacature #it #utrecht #referral",
        "replies": [
            (
                "daan.bakker",
                "Ken je iemand die nu bij een detacheerder zit en toe is aan "
                "iets nieuws? Laat het Yara weten!",
            ),
        ],
    },
    {
        "by": "bram.degroot",
        "weeks": 4,
        "referral_bonus": 300,
        "title": "Werkvoorbereider bouw",
        "department": "Werkvoorbereiding (Noordhoek Bouwgroep)",
        "location": "Kampen",
        "hours": 40,
        "body": "Noordhoek Bouwgroep zoekt een werkvoorbereider woningbouw. Je maakt "
        "planningen, bestelt materiaal en stemt af met onderaannemers. Ervaring "
        "met BIM is mooi meegenomen. #vacature #bouw #zwolle",
    },
    {
        "by": "anouk.mulder",
        "weeks": 5,
        "title": "Marketeer recruitmentcampagnes",
        "department": "Marketing",
        "location": "Amsterdam",
        "hours": 32,
        "referral_bonus": 500,
        "body": "Wil jij onze always-on campagnes draaien, van doelgroep tot A/B-test? "
        "Samen met @kevin.peters maak je kandidaten warm voor onze klanten. "
        "#vacature #employerbranding #amsterdam #referral",
    },
    {
        "by": "emma.visser",
        "status": "filled",
        "weeks": 3,
        "title": "Interim-controller",
        "department": "Financiën (Gemeente Weidevenen)",
        "location": "Weidevenen",
        "hours": 36,
        "body": "Gemeente Weidevenen zoekt een interim-controller voor zes maanden, met "
        "kennis van BBV en P&C-cyclus. Snel starten. #vacature #finance #overheid",
    },
    {
        "by": "mehmet.yilmaz",
        "weeks": 7,
        "referral_bonus": 500,
        "title": "Data engineer",
        "department": "Data (Datastroom)",
        "location": "Eindhoven",
        "hours": 40,
        "body": "Datastroom is looking for a data engineer (Python, Airflow, dbt) for their "
        "new Eindhoven team. English-speaking team, Dutch not required. "
        "#vacature #data #python #eindhoven #datastroom",
    },
    {
        "by": "sanne.devries",
        "weeks": 9,
        "referral_bonus": 250,
        "title": "Teamleider warehouse",
        "department": "Warehouse (Van der Berg Logistiek)",
        "location": "Zwolle",
        "hours": 40,
        "body": "Voor het nieuwe distributiecentrum van Van der Berg Logistiek in Zwolle "
        "zoeken we drie teamleiders voor de avond- en nachtdienst. Ervaring met "
        "een WMS en leidinggeven aan 15+ mensen. #vacature #logistiek "
        "#vdblogistiek #zwolle",
        "replies": [
            ("wouter.dekker", "Ik deel hem in de groep @recruitment-noord."),
        ],
    },
    {
        "by": "joost.vanleeuwen",
        "weeks": 6,
        "title": "Servicedeskmedewerker",
        "department": "IT",
        "location": "Utrecht",
        "hours": 32,
        "referral_bonus": 300,
        "body": "Voor onze eigen servicedesk zoek ik een collega die laptops, accounts en "
        "vragen over het ATS afhandelt. MBO-4, geduldig en oplossingsgericht. "
        "#vacature #it #utrecht #referral",
    },
    {
        "by": "noor.elamrani",
        "weeks": 4,
        "referral_bonus": 400,
        "title": "Verzorgende IG",
        "department": "Thuiszorg (Thuiszorg Vechtdal)",
        "location": "Ommen",
        "hours": 24,
        "body": "Thuiszorg Vechtdal zoekt verzorgenden IG voor de thuiszorg rond Ommen en "
        "Hardenberg. Eigen wijk, flexibele uren, auto van de zaak. #vacature "
        "#zorg #zwolle",
    },
    {
        "by": "daan.bakker",
        "status": "filled",
        "weeks": 2,
        "title": ".NET-developer",
        "department": "Development (Cloudhaven)",
        "location": "Utrecht",
        "hours": 40,
        "body": "Cloudhaven zoekt twee medior .NET-developers (C#, Azure). Kleine teams, "
        "veel vrijheid. #vacature #dotnet #utrecht #cloudhaven",
    },
    {
        "by": "sophie.vandenheuvel",
        "weeks": 8,
        "title": "Procesoperator",
        "department": "Productie (Van Houten Foods)",
        "location": "Veghel",
        "hours": 38,
        "referral_bonus": 200,
        "body": "Van Houten Foods start een nieuwe productielijn en zoekt zes "
        "procesoperators in drieploegendienst. Opleiding op de werkvloer. "
        "@thijs.vandermeer neemt de werving op zich. #vacature #food #techniek",
    },
    {
        "by": "yara.hoekstra",
        "weeks": 10,
        "referral_bonus": 750,
        "title": "Accountmanager Techniek",
        "department": "Sales",
        "location": "Eindhoven",
        "hours": 40,
        "body": "@sophie.vandenheuvel heeft het te druk: we zoeken een tweede "
        "accountmanager voor de hightech en maakindustrie in Brainport. "
        "Commercieel, technisch nieuwsgierig, een netwerk in de regio. #vacature "
        "#sales #eindhoven #referral",
        "replies": [
            (
                "sophie.vandenheuvel",
                "Graag! Iemand met een technische achtergrond zou ideaal zijn.",
            ),
        ],
    },
    {
        "by": "ruben.smit",
        "weeks": 6,
        "title": "Beleidsadviseur sociaal domein",
        "department": "Beleid (Gemeente Weidevenen)",
        "location": "Weidevenen",
        "hours": 36,
        "body": "Gemeente Weidevenen zoekt een beleidsadviseur voor Jeugd en Wmo, "
        "gedetacheerd voor een jaar. @emma.visser, iets voor jouw netwerk? "
        "#vacature #overheid",
    },
    {
        "by": "fleur.brouwer",
        "weeks": 3,
        "title": "Receptionist (parttime)",
        "department": "Operations",
        "location": "Amsterdam",
        "hours": 20,
        "referral_bonus": 150,
        "body": "Voor ons kantoor in Amsterdam zoek ik een gastvrije receptionist voor drie "
        "ochtenden per week. Ideaal voor een student of iemand die een paar dagen "
        "wil werken. #vacature #amsterdam #referral",
    },
    {
        "by": "bram.degroot",
        "weeks": 5,
        "referral_bonus": 400,
        "title": "Uitvoerder utiliteitsbouw",
        "department": "Uitvoering (Noordhoek Bouwgroep)",
        "location": "Groningen",
        "hours": 40,
        "body": "Voor de nieuwe vestiging van Noordhoek in Groningen zoeken we een "
        "uitvoerder utiliteitsbouw. Minimaal vijf jaar ervaring, VCA-VOL. "
        "#vacature #bouw #groningen",
    },
    {
        "by": "thijs.vandermeer",
        "weeks": 7,
        "title": "Procesengineer cleanroom",
        "department": "Engineering (Kempen Precisietechniek)",
        "location": "Veldhoven",
        "hours": 40,
        "referral_bonus": 500,
        "body": "Voor de tweede cleanroom van Kempen Precisietechniek zoeken we een "
        "procesengineer. HBO/WO werktuigbouw of natuurkunde, ervaring met "
        "cleanroomprocessen. #vacature #techniek #eindhoven",
    },
    {
        "by": "ingrid.bos",
        "weeks": 4,
        "title": "Medewerker salarisadministratie",
        "department": "Finance",
        "location": "Zwolle",
        "hours": 24,
        "referral_bonus": 300,
        "body": "Ik zoek een collega voor de verloning van onze gedetacheerden: 24 uur, "
        "in Zwolle. Kennis van de uitzend-cao is een pré, maar niet nodig. "
        "#vacature #finance #zwolle #referral",
    },
    {
        "by": "emma.visser",
        "weeks": 5,
        "title": "Financieel adviseur",
        "department": "Finance (Finovia Verzekeringen)",
        "location": "Amsterdam",
        "hours": 36,
        "body": "Finovia Verzekeringen zoekt een financieel adviseur voor hun "
        "rapportageteam. Sterk in Excel en Power BI, analytisch en communicatief. "
        "#vacature #finance #amsterdam",
    },
    {
        "by": "mehmet.yilmaz",
        "weeks": 9,
        "title": "DevOps engineer",
        "department": "Platform (Datastroom)",
        "location": "Utrecht",
        "hours": 40,
        "referral_bonus": 500,
        "body": "Datastroom needs a DevOps engineer for their Utrecht platform team: "
        "Kubernetes, Terraform, Azure. Hybrid, two days at the office. "
        "#vacature #cloud #utrecht #datastroom",
    },
    {
        "by": "sanne.devries",
        "weeks": 2,
        "group": "noord",
        "title": "Heftruckchauffeur",
        "department": "Warehouse (Van der Berg Logistiek)",
        "location": "Zwolle",
        "hours": 40,
        "referral_bonus": 150,
        "body": "Nog even voor de groep: Van der Berg Logistiek zoekt tien "
        "heftruckchauffeurs voor het DC in Zwolle. Certificaat heftruck en VCA, "
        "of bereid het te halen. #vacature #logistiek #vdblogistiek #zwolle",
        "replies": [
            (
                "lars.vanvliet",
                "Gedeeld in mijn netwerk bij de aannemers, daar zitten ook heftruckchauffeurs.",
            ),
        ],
    },
]
