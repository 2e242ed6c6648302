"""The people of Brugwerk Recruitment: who they are, whom and which #tags they follow.

Pure data. The first three are the easy demo logins (admin, recruiter, employee); their
handles follow their names so that posts that mention them read naturally.
"""

DOMAIN = "brugwerk.example"

# email local part, name, role, handle (None: the local part), profile, follows, tags
PEOPLE = [
    {
        "email": "admin", "handle": "femke.jansen", "name": "Femke Jansen", "role": "admin",
        "job_title": "HR-manager en beheerder van Kring", "department": "HR",
        "location": "Utrecht",
        "skills": "HR-beleid, onboarding, interne communicatie, arbeidsrecht",
        "bio": "Houdt de mensen van Brugwerk bij elkaar. Vragen over Kring, verlof of de "
               "onboarding van nieuwe collega's? Tag me gerust.",
        "follows": ["hans.vermeulen", "yara.hoekstra", "anouk.mulder"],
        "tags": ["onboarding", "employerbranding"],
    },
    {
        "email": "recruiter", "handle": "daan.bakker", "name": "Daan Bakker",
        "role": "recruiter",
        "job_title": "Senior recruiter IT", "department": "Recruitment", "location": "Utrecht",
        "skills": "Java, .NET, cloud, sourcing, Boolean search, technische intake",
        "bio": "Tien jaar IT-recruitment. Ik ken de meeste Java-developers in de regio "
               "Utrecht bij naam, en een paar bij hun koffievoorkeur.",
        "follows": ["mehmet.yilmaz", "lisa.vandijk", "tim.verhoeven"],
        "tags": ["java", "dotnet", "cloud"],
    },
    {
        "email": "medewerker", "handle": "lisa.vandijk", "name": "Lisa van Dijk",
        "role": "employee",
        "job_title": "Accountmanager Logistiek", "department": "Sales",
        "location": "Utrecht",
        "skills": "Accountmanagement, logistiek, contractonderhandeling, detachering",
        "bio": "Aanspreekpunt voor onze logistieke klanten, waaronder Van der Berg "
               "Logistiek. Hoor je iets over een van hen? Laat het me weten!",
        "follows": ["sanne.devries", "jeroen.deboer"],
        "tags": ["logistiek", "vdblogistiek"],
    },
    {
        "email": "joost.vanleeuwen", "name": "Joost van Leeuwen", "role": "admin",
        "job_title": "IT-manager", "department": "IT", "location": "Utrecht",
        "skills": "Microsoft 365, informatiebeveiliging, AVG, netwerkbeheer",
        "bio": "Verantwoordelijk voor alles met een stekker. Ook voor Kring, samen met Femke.",
        "follows": ["tim.verhoeven", "priya.ramdin", "femke.jansen"],
        "tags": ["privacy", "it"],
    },
    {
        "email": "sanne.devries", "name": "Sanne de Vries", "role": "recruiter",
        "job_title": "Recruiter Logistiek", "department": "Recruitment", "location": "Zwolle",
        "skills": "Logistiek, planning, warehouse, chauffeurs, volume-recruitment",
        "bio": "Ik vind planners, teamleiders en chauffeurs voor de logistiek in Oost- en "
               "Noord-Nederland. Daarnaast fanatiek hardloper.",
        "follows": ["lisa.vandijk", "wouter.dekker", "bram.degroot"],
        "tags": ["logistiek", "zwolle"],
    },
    {
        "email": "noor.elamrani", "name": "Noor El Amrani", "role": "recruiter",
        "job_title": "Recruiter Zorg", "department": "Recruitment", "location": "Amsterdam",
        "skills": "Zorg, verpleegkunde, BIG-registratie, arbeidsmarktcommunicatie",
        "bio": "Verpleegkundigen, verzorgenden en zorgmanagers: ik help ze aan een plek "
               "waar ze echt tijd hebben voor hun cliënten.",
        "follows": ["ruben.smit", "anouk.mulder"],
        "tags": ["zorg", "amsterdam"],
    },
    {
        "email": "thijs.vandermeer", "name": "Thijs van der Meer", "role": "recruiter",
        "job_title": "Recruiter Techniek", "department": "Recruitment",
        "location": "Eindhoven",
        "skills": "Werktuigbouw, mechatronica, PLC, hightech maakindustrie",
        "bio": "Brainport is mijn jachtgebied. Engineers en monteurs voor de hightech "
               "en de maakindustrie.",
        "follows": ["sophie.vandenheuvel", "mehmet.yilmaz"],
        "tags": ["techniek", "eindhoven"],
    },
    {
        "email": "emma.visser", "name": "Emma Visser", "role": "recruiter",
        "job_title": "Recruiter Finance", "department": "Recruitment", "location": "Amsterdam",
        "skills": "Finance, controlling, audit, interim, Excel-modellen",
        "bio": "Van boekhouder tot CFO. Oud-accountant, dus ik stel de lastige vragen "
               "in het eerste gesprek.",
        "follows": ["martijn.kok", "ruben.smit"],
        "tags": ["finance", "overheid"],
    },
    {
        "email": "bram.degroot", "name": "Bram de Groot", "role": "recruiter",
        "job_title": "Recruiter Bouw & Infra", "department": "Recruitment",
        "location": "Zwolle",
        "skills": "Bouw, infra, werkvoorbereiding, uitvoering, BIM",
        "bio": "Werkvoorbereiders, uitvoerders en projectleiders voor bouw en infra. "
               "Vaker op de bouwplaats dan op kantoor.",
        "follows": ["lars.vanvliet", "sanne.devries"],
        "tags": ["bouw"],
    },
    {
        "email": "yara.hoekstra", "name": "Yara Hoekstra", "role": "recruiter",
        "job_title": "Corporate recruiter", "department": "Recruitment", "location": "Utrecht",
        "skills": "Interne werving, referral recruitment, employer branding, onboarding",
        "bio": "Ik werf de recruiters van Brugwerk zelf. Ken je iemand die bij ons past? "
               "Ons referralprogramma loopt via mij.",
        "follows": ["femke.jansen", "anouk.mulder", "kevin.peters"],
        "tags": ["referral", "employerbranding", "onboarding"],
    },
    {
        "email": "mehmet.yilmaz", "name": "Mehmet Yilmaz", "role": "recruiter",
        "job_title": "Recruiter IT", "department": "Recruitment", "location": "Eindhoven",
        "skills": "Embedded software, C++, Python, data engineering, DevOps",
        "bio": "Software- en data-engineers voor Brainport en omstreken. Spreek ook graag "
               "Engels met internationale kandidaten.",
        "language": "en",
        "follows": ["daan.bakker", "thijs.vandermeer"],
        "tags": ["python", "data"],
    },
    {
        "email": "ruben.smit", "name": "Ruben Smit", "role": "employee",
        "job_title": "Accountmanager Zorg & Overheid", "department": "Sales",
        "location": "Amsterdam",
        "skills": "Accountmanagement, aanbestedingen, zorg, publieke sector",
        "bio": "Zorginstellingen en gemeenten. Weet de weg in aanbestedingen en raamcontracten.",
        "follows": ["noor.elamrani", "emma.visser", "jeroen.deboer"],
        "tags": ["zorg", "overheid"],
    },
    {
        "email": "jeroen.deboer", "name": "Jeroen de Boer", "role": "employee",
        "job_title": "Commercieel directeur", "department": "Management", "location": "Utrecht",
        "skills": "Sales, strategie, key accounts, contractonderhandeling",
        "bio": "Verantwoordelijk voor groei en de grote klanten. Deur staat open, "
               "agenda helaas minder.",
        "follows": ["hans.vermeulen", "lisa.vandijk", "sophie.vandenheuvel"],
        "tags": ["vdblogistiek"],
    },
    {
        "email": "hans.vermeulen", "name": "Hans Vermeulen", "role": "employee",
        "job_title": "Algemeen directeur", "department": "Management", "location": "Utrecht",
        "skills": "Leiderschap, strategie, financiën, arbeidsmarkt",
        "bio": "Richtte Brugwerk zestien jaar geleden op met twee bureaus en een telefoon. "
               "Nu met vier vestigingen en nog steeds die telefoon.",
        "follows": ["jeroen.deboer", "femke.jansen", "martijn.kok"],
        "tags": ["win"],
    },
    {
        "email": "anouk.mulder", "name": "Anouk Mulder", "role": "employee",
        "job_title": "Marketingmanager", "department": "Marketing", "location": "Amsterdam",
        "skills": "Employer branding, recruitmentmarketing, campagnes, LinkedIn",
        "bio": "Zorgt dat kandidaten Brugwerk vinden én leuk vinden. Altijd op zoek naar "
               "verhalen van collega's voor onze kanalen.",
        "follows": ["kevin.peters", "yara.hoekstra"],
        "tags": ["employerbranding", "reviews"],
    },
    {
        "email": "kevin.peters", "name": "Kevin Peters", "role": "employee",
        "job_title": "Contentmarketeer", "department": "Marketing", "location": "Utrecht",
        "skills": "Copywriting, video, SEO, social media, vacatureteksten",
        "bio": "Schrijft vacatureteksten die mensen wél uitlezen. Filmt ook, als je er "
               "een goed verhaal bij hebt.",
        "follows": ["anouk.mulder", "yara.hoekstra"],
        "tags": ["employerbranding"],
    },
    {
        "email": "sophie.vandenheuvel", "name": "Sophie van den Heuvel", "role": "employee",
        "job_title": "Accountmanager Techniek", "department": "Sales", "location": "Eindhoven",
        "skills": "Accountmanagement, hightech, maakindustrie, detachering",
        "bio": "Klanten in de Brainport-regio. Oud-werktuigbouwer, dus ik snap waar "
               "de engineers het over hebben.",
        "follows": ["thijs.vandermeer", "mehmet.yilmaz"],
        "tags": ["techniek", "eindhoven"],
    },
    {
        "email": "martijn.kok", "name": "Martijn Kok", "role": "employee",
        "job_title": "Controller", "department": "Finance", "location": "Utrecht",
        "skills": "Controlling, rapportages, budgettering, Power BI",
        "bio": "Cijfers, prognoses en de maandafsluiting. Ik word blij van een sluitende "
               "urenregistratie.",
        "follows": ["ingrid.bos", "hans.vermeulen"],
        "tags": ["finance"],
    },
    {
        "email": "ingrid.bos", "name": "Ingrid Bos", "role": "employee",
        "job_title": "Salarisadministrateur", "department": "Finance", "location": "Zwolle",
        "skills": "Payroll, cao, loonheffing, verloning gedetacheerden",
        "bio": "Zorg dat iedereen, ook al onze gedetacheerden, op tijd en goed betaald wordt.",
        "follows": ["martijn.kok", "charlotte.dewit"],
        "tags": ["cao"],
    },
    {
        "email": "tim.verhoeven", "name": "Tim Verhoeven", "role": "employee",
        "job_title": "Developer", "department": "IT", "location": "Eindhoven",
        "skills": "Python, Flask, SQL, koppelingen met het ATS",
        "bio": "Bouwt de koppelingen tussen ons ATS, de website en de rest. Breekt ze soms ook.",
        "follows": ["joost.vanleeuwen", "priya.ramdin"],
        "tags": ["python", "it"],
    },
    {
        "email": "priya.ramdin", "name": "Priya Ramdin", "role": "employee",
        "job_title": "Data-analist", "department": "IT", "location": "Utrecht",
        "skills": "SQL, Power BI, dashboards, arbeidsmarktdata",
        "bio": "Maakt dashboards van onze plaatsingen, time-to-hire en bronnen. "
               "Vraag me gerust om cijfers.",
        "follows": ["martijn.kok", "yara.hoekstra", "tim.verhoeven"],
        "tags": ["data"],
    },
    {
        "email": "wouter.dekker", "name": "Wouter Dekker", "role": "employee",
        "job_title": "Vestigingsmanager Zwolle", "department": "Management",
        "location": "Zwolle",
        "skills": "Leidinggeven, regionale netwerken, logistiek, bouw",
        "bio": "Trekker van het kantoor in Zwolle. Regio Noord en Oost is ons speelveld.",
        "follows": ["sanne.devries", "bram.degroot", "lars.vanvliet"],
        "tags": ["zwolle"],
    },
    {
        "email": "fleur.brouwer", "name": "Fleur Brouwer", "role": "employee",
        "job_title": "Officemanager", "department": "Operations", "location": "Amsterdam",
        "skills": "Facilitair, evenementen, planning, inkoop",
        "bio": "Regelt het kantoor in Amsterdam, de borrels en het jaarlijkse uitje.",
        "follows": ["femke.jansen", "anouk.mulder"],
        "tags": ["teamuitje", "amsterdam"],
    },
    {
        "email": "lars.vanvliet", "name": "Lars van Vliet", "role": "employee",
        "job_title": "Accountmanager Bouw & Infra", "department": "Sales",
        "location": "Zwolle",
        "skills": "Accountmanagement, bouw, infra, aanbestedingen",
        "bio": "Bouwbedrijven en aannemers in Overijssel en Gelderland.",
        "follows": ["bram.degroot", "wouter.dekker", "lisa.vandijk"],
        "tags": ["bouw"],
    },
    {
        "email": "charlotte.dewit", "name": "Charlotte de Wit", "role": "employee",
        "job_title": "Planner detachering", "department": "Operations",
        "location": "Eindhoven",
        "skills": "Planning, contractbeheer, urenregistratie, gedetacheerden",
        "bio": "Aanspreekpunt voor onze gedetacheerden in Brabant: contracten, uren en "
               "alles wat daartussen valt.",
        "follows": ["sophie.vandenheuvel", "ingrid.bos"],
        "tags": ["detachering"],
    },
]

# The demo logins mentioned first: admin, recruiter, employee.
MAIN_LOGINS = ("admin", "recruiter", "medewerker")
