"""Candidate offers: a recruiter met someone good with no fitting job and offers them to
colleagues. Only recruiters post these; every candidate agreed (consent). Names and
addresses are made up (example.com is a reserved domain).

Pure data, oldest first; "status" (placed/withdrawn/expired) is set after posting.
"""

CANDIDATE_OFFERS = [
    {
        "by": "daan.bakker",
        "status": "placed",
        "headline": "Senior Java-developer, Utrecht",
        "skills": "Java, Spring Boot, Kafka, PostgreSQL, AWS",
        "availability": "Per direct, opzegtermijn 1 maand",
        "location": "Utrecht",
        "candidate_name": "Jelle Hofman",
        "candidate_contact": "jelle.hofman@example.com",
        "body": "Sterke Java-developer, tien jaar ervaring in de fintech. Wil weg bij een "
        "grote bank, zoekt een scale-up met kleine teams. Past niet bij mijn "
        "lopende vacatures; iets voor jullie klanten? #kandidaat #java #utrecht",
        "replies": [
            ("daan.bakker", "Geplaatst bij Cloudhaven, dank voor het meedenken!"),
        ],
    },
    {
        "by": "noor.elamrani",
        "headline": "Verpleegkundige niveau 4, regio Amsterdam",
        "skills": "Ouderenzorg, dementie, medicatie, BIG-geregistreerd",
        "availability": "Over een maand, 28-32 uur",
        "location": "Amsterdam",
        "candidate_name": "Fatima Bouzid",
        "candidate_contact": "f.bouzid@example.com",
        "body": "Warme, ervaren verpleegkundige die na twaalf jaar in het ziekenhuis de "
        "ouderenzorg in wil. Zoekt een vaste plek met vaste diensten. @ruben.smit, "
        "misschien iets voor De Linde? #kandidaat #zorg #amsterdam",
        "replies": [
            ("ruben.smit", "De Linde zoekt in Amstelveen, ik leg het voor."),
        ],
    },
    {
        "by": "thijs.vandermeer",
        "status": "placed",
        "headline": "Mechatronicus, regio Eindhoven",
        "skills": "Mechatronica, PLC (Siemens), storingsanalyse, cleanroom",
        "availability": "Opzegtermijn 2 maanden",
        "location": "Eindhoven",
        "candidate_name": "Stijn van Gerwen",
        "candidate_contact": "stijn.vangerwen@example.com",
        "body": "Mechatronicus met cleanroomervaring, wil graag meer afwisseling dan zijn "
        "huidige productiebaan. Woont in Veldhoven. #kandidaat #techniek #eindhoven",
    },
    {
        "by": "sanne.devries",
        "group": "team",
        "headline": "Logistiek planner, regio Zwolle",
        "skills": "Transportplanning, TMS, Excel, leidinggeven",
        "availability": "Over zes weken",
        "location": "Zwolle",
        "candidate_name": "Gerrit Wolters",
        "candidate_contact": "g.wolters@example.com",
        "body": "Planner met vijftien jaar ervaring in de ritplanning, wil naar een groter "
        "bedrijf. Dit is onze kandidaat voor het DC van Van der Berg Logistiek, "
        "tenzij iemand iets beters weet. #kandidaat #logistiek #vdblogistiek",
        "replies": [
            ("bram.degroot", "Klinkt als precies wat VDB zoekt."),
        ],
    },
    {
        "by": "emma.visser",
        "headline": "Financial controller, Amsterdam",
        "skills": "Controlling, IFRS, Power BI, SAP, business partnering",
        "availability": "Opzegtermijn 2 maanden",
        "location": "Amsterdam",
        "candidate_name": "Laura Verbeek",
        "candidate_contact": "laura.verbeek@example.com",
        "body": "Controller bij een verzekeraar, zoekt meer verantwoordelijkheid. Sterk in "
        "rapportages en in het gesprek met het management. @martijn.kok, ook "
        "interessant voor onze eigen vacature? #kandidaat #finance #amsterdam",
        "replies": [
            ("martijn.kok", "Zeker, ik wil graag kennismaken. Kun je iets plannen?"),
            ("emma.visser", "@martijn.kok staat in je agenda voor dinsdag."),
        ],
    },
    {
        "by": "mehmet.yilmaz",
        "headline": "Embedded C++ developer, Eindhoven (relocating)",
        "skills": "C++, embedded Linux, Yocto, Python, real-time systems",
        "availability": "In three months; needs a kennismigrant visa",
        "location": "Eindhoven",
        "candidate_name": "Rui Carvalho",
        "candidate_contact": "rui.carvalho@example.com",
        "body": "Strong embedded developer from Porto, eight years in automotive. Wants to "
        "move to Eindhoven with his family. Needs a recognised sponsor. "
        "#kandidaat #embedded #eindhoven",
    },
    {
        "by": "bram.degroot",
        "status": "withdrawn",
        "headline": "Werkvoorbereider woningbouw, regio Zwolle",
        "skills": "Werkvoorbereiding, calculatie, BIM, inkoop",
        "availability": "Per direct",
        "location": "Zwolle",
        "candidate_name": "Henk Scholten",
        "candidate_contact": "h.scholten@example.com",
        "body": "Ervaren werkvoorbereider, wil dichter bij huis werken. Liefst woningbouw. "
        "#kandidaat #bouw #zwolle",
        "replies": [
            ("bram.degroot", "Ingetrokken: hij heeft een tegenbod van zijn werkgever aangenomen."),
        ],
    },
    {
        "by": "daan.bakker",
        "group": "team",
        "headline": "Scrum master, Utrecht",
        "skills": "Scrum, SAFe, coaching, Jira",
        "availability": "Over twee maanden, 32 uur",
        "location": "Utrecht",
        "candidate_name": "Eva Lammers",
        "candidate_contact": "eva.lammers@example.com",
        "body": "Ervaren scrum master, wil 32 uur werken. Geen passende vacature bij mij; "
        "@mehmet.yilmaz, zoekt Datastroom niet iemand? #kandidaat #it #utrecht",
        "replies": [
            ("mehmet.yilmaz", "Not right now, but I'll keep her in mind for next quarter."),
        ],
    },
    {
        "by": "yara.hoekstra",
        "status": "placed",
        "headline": "Recruiter met zorgachtergrond, Amsterdam",
        "skills": "Werving, zorg, LinkedIn Recruiter, intakegesprekken",
        "availability": "Per direct",
        "location": "Amsterdam",
        "candidate_name": "Sara Mahabier",
        "candidate_contact": "sara.mahabier@example.com",
        "body": "Oud-verpleegkundige die nu twee jaar recruiter is bij een zorginstelling. "
        "Eigenlijk te goed om te laten lopen: iets voor onze eigen vacature in "
        "Amsterdam? @noor.elamrani #kandidaat #zorg #recruitment",
        "replies": [
            ("noor.elamrani", "Graag! Zij was ook mijn favoriet."),
        ],
    },
    {
        "by": "thijs.vandermeer",
        "headline": "Servicemonteur, regio Brabant",
        "skills": "Elektrotechniek, hydrauliek, storingsdienst, rijbewijs B/E",
        "availability": "Opzegtermijn 1 maand",
        "location": "Eindhoven",
        "candidate_name": "Bas Donkers",
        "candidate_contact": "bas.donkers@example.com",
        "body": "Allround servicemonteur, rijdt nu in de agrarische sector. Wil meer "
        "techniek en minder modder. #kandidaat #techniek #eindhoven",
    },
    {
        "by": "noor.elamrani",
        "group": "team",
        "status": "expired",
        "headline": "Zorgmanager, Zwolle",
        "skills": "Leidinggeven, zorgkwaliteit, roosterplanning, budget",
        "availability": "Over drie maanden",
        "location": "Zwolle",
        "candidate_name": "Marjolein Hendriks",
        "candidate_contact": "m.hendriks@example.com",
        "body": "Zorgmanager die verhuist naar Zwolle. Misschien iets voor Thuiszorg "
        "Vechtdal? @sanne.devries, jij kent daar mensen. #kandidaat #zorg #zwolle",
    },
    {
        "by": "emma.visser",
        "status": "placed",
        "headline": "Interim-controller publieke sector",
        "skills": "BBV, P&C-cyclus, gemeentefinanciën, Excel",
        "availability": "Per direct, 36 uur",
        "location": "Utrecht",
        "candidate_name": "Peter Sanders",
        "candidate_contact": "peter.sanders@example.com",
        "body": "Ervaren interim-controller, eerder bij drie gemeenten. Beschikbaar voor "
        "zes tot twaalf maanden. #kandidaat #finance #overheid",
    },
    {
        "by": "mehmet.yilmaz",
        "headline": "Data engineer, Eindhoven",
        "skills": "Python, Airflow, dbt, Snowflake, SQL",
        "availability": "One month notice",
        "location": "Eindhoven",
        "candidate_name": "Anna Kowalski",
        "candidate_contact": "anna.kowalski@example.com",
        "body": "Data engineer at a scale-up in Eindhoven, looking for a bigger data "
        "platform. Could be perfect for Datastroom. #kandidaat #data #python",
    },
    {
        "by": "sanne.devries",
        "headline": "Teamleider warehouse, regio Zwolle",
        "skills": "Leidinggeven, WMS, lean, ploegendienst",
        "availability": "Opzegtermijn 1 maand",
        "location": "Zwolle",
        "candidate_name": "Dennis Post",
        "candidate_contact": "dennis.post@example.com",
        "body": "Teamleider met ervaring in nachtdiensten bij een groot e-commerce-DC. "
        "Wil graag bij Van der Berg Logistiek aan de slag. #kandidaat #logistiek "
        "#vdblogistiek #zwolle",
    },
    {
        "by": "daan.bakker",
        "headline": "Medior front-end developer, Utrecht",
        "skills": "TypeScript, React, Next.js, toegankelijkheid",
        "availability": "Over zes weken",
        "location": "Utrecht",
        "candidate_name": "Milan de Jong",
        "candidate_contact": "milan.dejong@example.com",
        "body": "Front-end developer met oog voor toegankelijkheid (WCAG). Zoekt een "
        "organisatie met maatschappelijke impact. @ruben.smit, iets voor een "
        "overheidsklant? #kandidaat #it #utrecht #overheid",
    },
]
