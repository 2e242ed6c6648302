"""Clients and groups of Brugwerk Recruitment. Pure data; people are named by handle."""

CLIENTS = [
    {
        "name": "Van der Berg Logistiek",
        "aliases": ["VDB Logistiek", "VdB", "Van der Berg"],
        "industry": "Logistiek en transport",
        "owners": ["lisa.vandijk", "sanne.devries"],
    },
    {
        "name": "Zorggroep De Linde",
        "aliases": ["De Linde", "ZG De Linde"],
        "industry": "Zorg (ouderenzorg en thuiszorg)",
        "owners": ["ruben.smit", "noor.elamrani"],
    },
    {
        "name": "Noordhoek Bouwgroep",
        "aliases": ["Noordhoek", "Noordhoek Bouw"],
        "industry": "Bouw en infra",
        "owners": ["lars.vanvliet", "bram.degroot"],
    },
    {
        "name": "Gemeente Weidevenen",
        "aliases": ["Weidevenen"],
        "industry": "Overheid",
        "owners": ["ruben.smit", "emma.visser"],
    },
    {
        "name": "Datastroom",
        "aliases": ["Datastroom B.V.", "Datastroom Solutions"],
        "industry": "IT-dienstverlening",
        "owners": ["daan.bakker", "mehmet.yilmaz"],
    },
    {
        "name": "Van Houten Foods",
        "aliases": ["Van Houten", "VH Foods"],
        "industry": "Voedingsmiddelenindustrie",
        "owners": ["sophie.vandenheuvel", "sanne.devries"],
    },
    {
        "name": "Kempen Precisietechniek",
        "aliases": ["KPT", "Kempen Precision"],
        "industry": "Hightech maakindustrie",
        "owners": ["sophie.vandenheuvel", "thijs.vandermeer"],
    },
    {
        "name": "Thuiszorg Vechtdal",
        "aliases": ["TZ Vechtdal", "Vechtdal Zorg"],
        "industry": "Zorg (thuiszorg)",
        "owners": ["noor.elamrani", "wouter.dekker"],
    },
    {
        "name": "Finovia Verzekeringen",
        "aliases": ["Finovia"],
        "industry": "Financiële dienstverlening",
        "owners": ["emma.visser", "jeroen.deboer"],
    },
    {
        "name": "Cloudhaven",
        "aliases": ["Cloudhaven IT"],
        "industry": "Software (SaaS)",
        "owners": ["daan.bakker", "lisa.vandijk"],
    },
    {
        "name": "Dienst Publieke Registers",
        "aliases": ["DPR"],
        "industry": "Overheid (uitvoeringsorganisatie)",
        "owners": ["ruben.smit", "yara.hoekstra"],
    },
]

# key: used by posts ("group": key); handle: what the service makes of the name.
GROUPS = {
    "noord": {
        "name": "Recruitment Noord",
        "private": False,
        "owner": "wouter.dekker",
        "description": "Alles over werven en klanten in Noord- en Oost-Nederland: "
        "Zwolle, Groningen, Friesland, Overijssel. Iedereen welkom.",
        "members": [
            "sanne.devries",
            "bram.degroot",
            "lars.vanvliet",
            "ingrid.bos",
            "femke.jansen",
            "lisa.vandijk",
            "noor.elamrani",
            "jeroen.deboer",
        ],
    },
    "team": {
        "name": "Team Recruitment",
        "private": True,
        "owner": "femke.jansen",
        "description": "Besloten: kandidaten bespreken, pipelines en afspraken tussen "
        "recruiters. Persoonsgegevens van kandidaten alleen hier of in het ATS.",
        "members": [
            "daan.bakker",
            "sanne.devries",
            "noor.elamrani",
            "thijs.vandermeer",
            "emma.visser",
            "bram.degroot",
            "yara.hoekstra",
            "mehmet.yilmaz",
        ],
    },
    "branding": {
        "name": "Employer Branding",
        "private": False,
        "owner": "anouk.mulder",
        "description": "Marketing en employer branding: campagnes, reviews, content en "
        "ambassadeurs. Deel je verhalen en ideeën!",
        "members": [
            "kevin.peters",
            "yara.hoekstra",
            "femke.jansen",
            "noor.elamrani",
            "fleur.brouwer",
            "priya.ramdin",
            "hans.vermeulen",
        ],
    },
}
