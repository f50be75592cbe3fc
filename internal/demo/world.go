package demo

// The invented world the demo content is written about. Every country,
// place, person, group and newspaper here is made up; sections keep the
// names a reader of a news blog expects. Each named thing is also a tag.

// ent is one named thing of the world: a country, place, person, group or
// institution. It becomes one tag.
type ent struct {
	name  string
	title string // people: what goes before the name, "Interior Minister"
	kind  string // places: "border crossing", "capital"
	desc  string
	home  int // places and people: index into the region's countries; -1 for none
	tag   int // index into world.tags

	surname string // people: how a second mention names them; "" for the last word
	bare    bool   // groups: named without "the" in running text
}

// outlet is an invented newspaper or news site on a reserved .example domain.
type outlet struct {
	domain string // "caspian-ledger.example"
	short  string // source tag when known, "CaspianLedger"
	lang   string // language of its articles
	style  int    // shape of its article URLs
}

// region is a part of the invented world that a section writes about.
type region struct {
	key       string
	countries []*ent
	places    []*ent
	people    []*ent
	armed     []*ent // militias, rebels, gangs, networks, front groups
	parties   []*ent
	bodies    []*ent // ministries, agencies, councils, institutes
	outlets   []outlet
}

func country(name, desc string) *ent { return &ent{name: name, desc: desc, home: -1} }

func place(name, kind string, home int) *ent { return &ent{name: name, kind: kind, home: home} }

func person(title, name string, home int, desc string) *ent {
	return &ent{name: name, title: title, home: home, desc: desc}
}

func group(name, desc string) *ent { return &ent{name: name, desc: desc, home: -1} }

// bareGroup is a group named without "the": "Saraya al-Nakhil says".
func bareGroup(name, desc string) *ent { return &ent{name: name, desc: desc, home: -1, bare: true} }

// called sets how a person is named on second mention: "Seo" for Seo Min-ah.
func (e *ent) called(surname string) *ent {
	e.surname = surname
	return e
}

var regionDefs = []*region{
	{
		key: "caucasus",
		countries: []*ent{
			country("Kezharia", "Mountain republic on the eastern slopes of the range, proud of its brandy and its grudges."),
			country("Ulgarstan", "Landlocked steppe republic, rich in gas and short of roads."),
			country("Volsk Federation", "Sprawling northern federation with a long memory and a short temper."),
		},
		places: []*ent{
			place("Tavrin", "capital", 0),
			place("Kessin", "border crossing", 0),
			place("Ardzhan Gorge", "mountain district", 0),
			place("Ulgar-Tash", "capital", 1),
			place("Sary-Bulak", "oasis town", 1),
			place("Novoberezhsk", "river port", 2),
			place("Gradets", "garrison town", 2),
		},
		people: []*ent{
			person("Foreign Minister", "Ilgar Vezirli", 0, ""),
			person("President", "Bakhyt Ormanov", 1, ""),
			person("Defence Minister", "Gennady Sukhovey", 2, ""),
			person("Foreign Ministry spokeswoman", "Marina Tuchkova", 2, ""),
		},
		armed: []*ent{
			group("Black Pass Jamaat", "Insurgent band holed up in the Ardzhan Gorge."),
			group("Sary-Bulak Volunteer Battalion", "Volunteer battalion of uncertain loyalty and certain appetite."),
		},
		parties: []*ent{
			group("Kezhar Renewal Party", "Ruling party of Kezharia since the coup before last."),
			group("Ulgar People's Front", "Opposition coalition of Ulgarstan, mostly in exile."),
		},
		bodies: []*ent{
			group("Volsk Border Directorate", "Federal agency that guards the Volsk frontier and taxes it."),
		},
		outlets: []outlet{
			{"caspian-ledger.example", "CaspianLedger", "ru", 0},
			{"novyi-vestnik.example", "NovyiVestnik", "ru", 1},
			{"tavrin-times.example", "", "en", 2},
		},
	},
	{
		key: "africa-north",
		countries: []*ent{
			country("Mazrania", "Coastal republic of olive groves, oil terminals and long-serving generals."),
			country("Ghadira", "Desert state strung along one highway and two oases."),
		},
		places: []*ent{
			place("Qasr Amila", "capital", 0),
			place("Sidi Benaroun", "port city", 0),
			place("El Haddaya", "oil terminal", 0),
			place("Wadi Tamlet", "desert district", 1),
			place("Ain Maghla", "capital", 1),
			place("Bir Tazouri", "border post", 1),
		},
		people: []*ent{
			person("Prime Minister", "Hamid Benzerga", 0, ""),
			person("Army chief", "Farouk Adjali", 0, ""),
			person("Interior Minister", "Salma Rhaouti", 1, ""),
		},
		armed: []*ent{
			bareGroup("Sons of the Wadi", "Smuggling clan turned militia, or the other way round."),
			group("Coastal Salvation Brigade", "Militia that runs the docks at Sidi Benaroun."),
		},
		parties: []*ent{
			group("Mazranian National Rally", "Governing party of Mazrania, in one form or another, since independence."),
		},
		bodies: []*ent{
			group("Mazranian Customs Service", ""),
		},
		outlets: []outlet{
			{"sahil-daily.example", "SahilDaily", "ar", 3},
			{"observateur-mazranien.example", "", "fr", 0},
			{"desert-wire.example", "DesertWire", "en", 1},
		},
	},
	{
		key: "africa-sub",
		countries: []*ent{
			country("Umbessa", "Lake-country republic with three capitals on paper and one in practice."),
			country("Belonde", "Cocoa and copper state on the gulf coast."),
		},
		places: []*ent{
			place("Port Makasa", "capital", 0),
			place("Kisembe", "market town", 0),
			place("Ituma", "lakeside town", 0),
			place("Ndara Hills", "mining district", 1),
			place("Belonde-Ville", "capital", 1),
			place("Okaro", "river port", 1),
		},
		people: []*ent{
			person("President", "Augustin Mbeleko", 1, ""),
			person("Finance Minister", "Grace Nakalembe", 0, ""),
			person("opposition leader", "Emmanuel Oduya-Kaba", 0, "Leader of the opposition in Umbessa, jailed twice, elected never."),
		},
		armed: []*ent{
			group("Ndara Hills Defence Force", "Rebel militia that lives off the mines it claims to defend."),
			group("Okaro River Boys", "Gang that controls the river trade at Okaro."),
		},
		parties: []*ent{
			group("Umbessa Congress for Progress", "Ruling party of Umbessa."),
		},
		bodies: []*ent{
			group("Belonde Mining Authority", "State regulator of the copper mines, and a shareholder in several."),
		},
		outlets: []outlet{
			{"gulf-coast-courier.example", "CoastCourier", "en", 0},
			{"le-belondais.example", "", "fr", 2},
			{"umbessa-monitor.example", "UmbessaMonitor", "en", 1},
		},
	},
	{
		key: "europe",
		countries: []*ent{
			country("Vellmar", "Small alpine republic of reservoirs, banks and referendums."),
			country("Brastovia", "River republic governed by a four-party coalition that agrees on nothing."),
		},
		places: []*ent{
			place("Sankt Ilmen", "capital", 0),
			place("Hochwald", "reservoir town", 0),
			place("Oberkessel", "valley town", 0),
			place("Brastov", "capital", 1),
			place("Dravec", "industrial town", 1),
			place("Porta Sveva", "port city", 1),
		},
		people: []*ent{
			person("Minister of Hydraulics", "Anneliese Forstner", 0, ""),
			person("Prime Minister", "Radomir Kostelac", 1, ""),
			person("Commissioner for Waterways", "Élodie Marchetti", -1, "Commissioner for Waterways of the Continental Union."),
		},
		armed: []*ent{
			group("Brastov Ultras", "Football firm with political ambitions and a fireworks budget."),
			group("Black Spruce Cell", "Small eco-anarchist cell blamed for sabotaged pylons."),
		},
		parties: []*ent{
			group("Vellmar Alpine League", "Conservative party of the high valleys."),
			group("Brastovian Social Union", "Largest party of the Brastovian coalition, by a whisker."),
		},
		bodies: []*ent{
			group("Continental Union Commission", "Executive of the twenty-odd nation union across the continent."),
			group("Vellmar Federal Audit Office", "The auditors everyone in Sankt Ilmen fears."),
		},
		outlets: []outlet{
			{"ilmener-zeitung.example", "IlmenerZeitung", "de", 0},
			{"brastov-daily.example", "", "en", 1},
			{"gazette-continentale.example", "GazetteCont", "fr", 4},
		},
	},
	{
		key: "se-asia",
		countries: []*ent{
			country("Maritau", "Archipelago republic of seven thousand islands and one ferry timetable."),
			country("Kampuri", "River kingdom run by a royal council and a very busy army."),
		},
		places: []*ent{
			place("Port Semarak", "capital", 0),
			place("Pulau Kerit", "island", 0),
			place("Tanjung Rawa", "fishing town", 0),
			place("Vientara", "capital", 1),
			place("Ban Khlong Sai", "border town", 1),
			place("Chaiyaburi", "provincial town", 1),
		},
		people: []*ent{
			person("President", "Sri Wulandari Pane", 0, ""),
			person("Defence Minister", "Rizal Hakimuddin", 0, ""),
			person("Army Commander", "Anurak Thepsiri", 1, ""),
		},
		armed: []*ent{
			group("Kerit Island Front", "Separatist rebels on Pulau Kerit."),
			group("Rawa Strait Syndicate", "Piracy and smuggling network of the Rawa Strait."),
		},
		parties: []*ent{
			group("Maritau Unity Party", "Ruling party of Maritau, a coalition of island bosses."),
		},
		bodies: []*ent{
			group("Maritau Coast Guard", ""),
		},
		outlets: []outlet{
			{"archipelago-post.example", "ArchPost", "en", 0},
			{"suara-semarak.example", "", "id", 3},
			{"vientara-news.example", "VientaraNews", "en", 1},
		},
	},
	{
		key: "iraq",
		countries: []*ent{
			country("Qasimiya", "River state of oil fields, marsh tribes and rival militias."),
			country("Hawra", "Northern hill state of orchards and checkpoints."),
		},
		places: []*ent{
			place("Qasimiya City", "capital", 0),
			place("Umm Hajar", "oil town", 0),
			place("Suq al-Nakhil", "market town", 0),
			place("Hawra Citadel", "old city", 1),
			place("Tell Zahra", "village", 1),
			place("Ain Safra", "border district", 1),
		},
		people: []*ent{
			person("Governor", "Karim al-Mudhaffar", 0, "Governor of Qasimiya City, survivor of four cabinets."),
			person("militia commander", "Haidar Abu Zainab", 0, "Commander of Saraya al-Nakhil.").called("Abu Zainab"),
			person("MP", "Layla Jaburi", 1, "Member of the Hawra assembly and its loudest critic of the militias."),
		},
		armed: []*ent{
			bareGroup("Saraya al-Nakhil", "The Palm Brigades: a militia with a ministry of its own."),
			group("Hawra Tribal Mobilisation", "Tribal levy raised against the jihadis in the northern hills."),
		},
		parties: []*ent{
			group("National Reform Bloc", "Parliamentary bloc that reforms mostly its own seat count."),
		},
		bodies: []*ent{
			group("Qasimiya Oil Company", "State oil company, employer of last resort."),
		},
		outlets: []outlet{
			{"rafidayn-herald.example", "RafidaynHerald", "ar", 1},
			{"shatt-news.example", "", "ar", 3},
			{"twin-rivers-post.example", "TwinRiversPost", "en", 0},
		},
	},
	{
		key: "levant",
		countries: []*ent{
			country("Selimiya", "Battered coastal republic where every valley has its own army."),
			country("Darvishan", "Islamic republic of the high plateau, busy with drones and funerals."),
		},
		places: []*ent{
			place("Kfar Selim", "border village", 0),
			place("Ras Meryem", "port town", 0),
			place("Souk el-Ghazal", "market quarter", 0),
			place("Tell Menin", "hill town", 0),
			place("Darvishan City", "capital", 1),
			place("Bandar Kuhestan", "port", 1),
		},
		people: []*ent{
			person("caretaker Prime Minister", "Nadim Khoury-Salame", 0, ""),
			person("Colonel", "Bassam Haddarin", 0, "Garrison commander at Tell Menin."),
			person("Friday prayer leader", "Mahmoud Rezvanpour", 1, "Friday prayer leader of Darvishan City, and its weather vane."),
		},
		armed: []*ent{
			group("Ghazal Brigade", "Militia that guards the market quarter, and taxes it."),
			group("Army of the Valley", "Umbrella of rebel factions in the hills around Kfar Selim."),
			group("Darvishan Guard Corps", "The plateau's praetorian army, with business interests to match."),
		},
		parties: []*ent{
			group("Cedar Accord Movement", "Reformist movement of Selimiya, popular abroad."),
		},
		bodies: []*ent{
			group("Darvishan Revolutionary Court", ""),
		},
		outlets: []outlet{
			{"al-shamal-news.example", "ShamalNews", "ar", 0},
			{"nahar-jadid.example", "", "ar", 1},
			{"payam-gharb.example", "PayamGharb", "fa", 3},
			{"levant-ledger.example", "", "en", 2},
		},
	},
	{
		key: "arabia",
		countries: []*ent{
			country("Qurain", "Gulf emirate of glass towers and quiet royal feuds."),
			country("Jarwan", "Southern highland republic at war with itself since anyone can remember."),
		},
		places: []*ent{
			place("Qurain City", "capital", 0),
			place("Ras Dhabi", "oil port", 0),
			place("Wadi Hisn", "mountain valley", 1),
			place("Mina Sharqi", "sea port", 1),
			place("Sabr Ain", "highland town", 1),
		},
		people: []*ent{
			person("Crown Prince", "Fahad bin Ubaid al-Qurani", 0, "").called("Fahad"),
			person("Oil Minister", "Nasser al-Hujairi", 0, ""),
			person("rebel spokesman", "Abdulmalik Saffan", 1, "Spokesman of the Highland Ansar."),
		},
		armed: []*ent{
			group("Highland Ansar", "Rebel movement that holds the northern highlands of Jarwan."),
			group("Coast Shield Force", "Gulf-funded militia on the Jarwan coast."),
		},
		parties: []*ent{
			group("Jarwan General Congress", "What remains of Jarwan's old ruling party."),
		},
		bodies: []*ent{
			group("Qurain Consultative Council", "Appointed council that advises the emir, when asked."),
			group("Qurain National Oil Company", ""),
		},
		outlets: []outlet{
			{"gulf-mirror.example", "GulfMirror", "en", 0},
			{"sahifat-al-wadi.example", "", "ar", 3},
			{"qurain-times.example", "QurainTimes", "en", 4},
		},
	},
	{
		key: "levant-south",
		countries: []*ent{
			country("Eastern Hills Governorate", "Governorate across the river, quiet except when it isn't."),
			country("Dalet Sector", "Military district along the southern fence."),
		},
		places: []*ent{
			place("Umm Qirfa", "hill town", 0),
			place("Wadi Rumman", "valley crossing", 0),
			place("Tel Marit", "coastal town", 1),
			place("Kfar Yaelim", "border village", 1),
			place("Beit Ruman", "village", 1),
		},
		people: []*ent{
			person("Defence Minister", "Avner Ben-Shimol", 1, ""),
			person("Governor", "Samira Haddadin", 0, "Governor of the Eastern Hills, appointed to keep things dull."),
			person("council head", "Yusuf Abu Rimah", 1, "Head of the Beit Ruman village council.").called("Abu Rimah"),
		},
		armed: []*ent{
			group("Rumman Martyrs' Brigade", "Small armed faction that claims attacks it may not have carried out."),
			bareGroup("Ridge Watch", "Patrol group accused of vigilantism along the ridge road."),
		},
		parties: []*ent{
			group("Rooted Land List", "Nationalist party list in the governing coalition."),
		},
		bodies: []*ent{
			group("Dalet Sector Command", ""),
		},
		outlets: []outlet{
			{"hadashot-yom.example", "", "he", 1},
			{"river-gazette.example", "RiverGazette", "en", 0},
			{"rimah-post.example", "RimahPost", "ar", 2},
		},
	},
	{
		key: "india-pakistan",
		countries: []*ent{
			country("Rajpuri State", "Desert border state with a chief minister for every season."),
			country("Ravipur", "Canal-country province on the far side of the line."),
		},
		places: []*ent{
			place("Baramandi", "cantonment town", 0),
			place("Kheterpura", "border village", 0),
			place("Chandrakot", "hill town", 0),
			place("Ravipur City", "provincial capital", 1),
			place("Mianwala Chowk", "market junction", 1),
			place("Qila Sundar", "canal town", 1),
		},
		people: []*ent{
			person("Chief Minister", "Devika Ranawat", 0, ""),
			person("Chief Minister", "Nadeem Sahota", 1, ""),
			person("Inspector General", "Imtiaz Qureshi-Dogar", 1, "Inspector General of Police in Ravipur."),
		},
		armed: []*ent{
			group("Sitara Brigade", "Cross-border infiltration outfit with a charity front."),
			group("Kheterpura Cattle Gang", "Rustlers who move herds, and other things, across the line."),
		},
		parties: []*ent{
			bareGroup("Rajpuri Jan Morcha", "Regional party of Rajpuri State."),
			group("Ravipur People's League", "Ruling party of Ravipur province."),
		},
		bodies: []*ent{
			group("Border Security Directorate", ""),
		},
		outlets: []outlet{
			{"rajpuri-chronicle.example", "RajpuriChronicle", "en", 0},
			{"ravipur-dispatch.example", "", "en", 2},
			{"akhbar-e-ravi.example", "AkhbarRavi", "ur", 1},
		},
	},
	{
		key: "afpak",
		countries: []*ent{
			country("Zarkhel Province", "Mountain province on the frontier, governed from the back of a pickup."),
			country("Tangi Agency", "Tribal agency on the other side of the pass."),
		},
		places: []*ent{
			place("Zarkhel", "provincial capital", 0),
			place("Gardakai Pass", "mountain pass", 0),
			place("Dara Khandi", "valley", 0),
			place("Pul-e-Sang", "bridge town", 0),
			place("Landi Tangi", "border bazaar", 1),
			place("Mir Khel Fort", "frontier fort", 1),
		},
		people: []*ent{
			person("Governor", "Abdul Qahar Zarkheli", 0, "Emirate governor of Zarkhel Province."),
			person("emirate spokesman", "Sher Agha Mawlawizada", 0, ""),
			person("Colonel", "Shahzeb Tarakai", 1, "Commander of the frontier corps wing at Mir Khel Fort."),
		},
		armed: []*ent{
			group("Zarkhel Front", "Insurgent faction that fights the emirate and everybody else."),
			group("Tangi Lashkar", "Tribal levy around Landi Tangi."),
		},
		parties: []*ent{
			group("Frontier Awami Jirga", "Rights movement of the frontier tribes."),
		},
		bodies: []*ent{
			group("Office of Vice and Virtue", "The emirate's morals police, and its most reliable employer."),
		},
		outlets: []outlet{
			{"frontier-kabar.example", "FrontierKabar", "ps", 1},
			{"zarkhel-tolo.example", "", "fa", 3},
			{"pass-post.example", "PassPost", "en", 0},
		},
	},
	{
		key: "east-asia",
		countries: []*ent{
			country("Qinglan", "The big one: a people's republic of one party and many ministries."),
			country("Nishikura", "Island nation with a pacifist constitution and a growing coast guard."),
			country("North Hwasan", "Hermit republic of parades and missile tests."),
			country("South Hwasan", "Prosperous, anxious republic below the armistice line."),
		},
		places: []*ent{
			place("Jinhe", "port city", 0),
			place("Lanzhai", "autonomous county", 0),
			place("Kurohama", "naval port", 1),
			place("Awazu", "island town", 1),
			place("Kangdae", "missile range", 2),
			place("Seomun", "border city", 3),
		},
		people: []*ent{
			person("Foreign Ministry spokesman", "Zhou Bingwen", 0, "").called("Zhou"),
			person("Defence Minister", "Kenji Oyamada", 1, ""),
			person("Marshal", "Ho Chun-sik", 2, "Chief of the General Staff of North Hwasan.").called("Ho"),
			person("Unification Minister", "Seo Min-ah", 3, "").called("Seo"),
		},
		armed: []*ent{
			group("Jinhe Maritime Militia", "Fishing fleet that takes its orders from the navy."),
		},
		parties: []*ent{
			group("Hwasan Workers' Party", "The only party in North Hwasan, and it likes it that way."),
			group("Nishikura Liberal Union", "Party that has governed Nishikura for all but four years."),
		},
		bodies: []*ent{
			group("Nishikura Coast Guard", ""),
		},
		outlets: []outlet{
			{"eastern-sea-times.example", "EastSeaTimes", "en", 0},
			{"jinhe-ribao.example", "", "zh", 3},
			{"kurohama-shimbun.example", "KurohamaShimbun", "ja", 1},
			{"hwasan-ilbo.example", "", "ko", 2},
		},
	},
	{
		key: "latam",
		countries: []*ent{
			country("Valdoria", "Andean republic of coca, copper and constitutional assemblies."),
			country("Santa Rufina", "Island state run by a family, a party and a casino, in that order."),
		},
		places: []*ent{
			place("San Evaristo", "capital", 0),
			place("Puerto Añil", "port city", 0),
			place("Los Cardones", "mining town", 0),
			place("Río Quebrado", "jungle district", 0),
			place("Ciudad Rufina", "capital", 1),
			place("Playa Mora", "resort town", 1),
		},
		people: []*ent{
			person("President", "Ernesto Villacorta Paz", 0, "").called("Villacorta"),
			person("Attorney General", "Marisol Echeverri", 0, ""),
			person("Interior Minister", "Rodolfo Anzures", 1, ""),
		},
		armed: []*ent{
			bareGroup("Frente Quebrado", "Guerrilla remnant turned cocaine logistics firm."),
			bareGroup("Cártel de los Cardones", "Mining-town cartel that taxes the copper trucks."),
		},
		parties: []*ent{
			bareGroup("Movimiento Patria Nueva", "Ruling movement of Valdoria."),
		},
		bodies: []*ent{
			group("Valdorian Electoral Tribunal", ""),
		},
		outlets: []outlet{
			{"mirador-andino.example", "MiradorAndino", "es", 0},
			{"diario-del-puerto.example", "", "es", 3},
			{"caribe-24.example", "Caribe24", "es", 1},
			{"valdoria-report.example", "", "en", 2},
		},
	},
	{
		key: "britain",
		countries: []*ent{
			country("Wexhamshire", "Shire of market towns and marginal seats."),
			country("Eastmoor", "Moorland county with more sheep than buses."),
		},
		places: []*ent{
			place("Wexham", "county town", 0),
			place("Lower Bramley", "village", 0),
			place("Saltham Docks", "dockside ward", 0),
			place("Kettleby Moor", "moorland parish", 1),
			place("Harrowgill", "mill town", 1),
		},
		people: []*ent{
			person("Home Secretary", "Giles Pembury", -1, "Home Secretary, and keen that everyone knows it."),
			person("Mayor", "Fiona Adebayo-Marsh", 0, "Mayor of Wexham."),
			person("Councillor", "Derek Tolley", 1, "Leader of Eastmoor county council."),
		},
		armed: []*ent{
			group("Saltham Boys", "Dockside gang with a sideline in fireworks."),
		},
		parties: []*ent{
			group("Wexham Independents", "Localist party that runs the county council on potholes alone."),
			group("Reform and Thrift Party", ""),
		},
		bodies: []*ent{
			group("Wexhamshire Constabulary", ""),
			group("National Highways Office", "Agency in charge of the trunk roads and the cones upon them."),
		},
		outlets: []outlet{
			{"wexham-echo.example", "WexhamEcho", "en", 0},
			{"moorland-clarion.example", "", "en", 1},
			{"daily-sentinel.example", "Sentinel", "en", 4},
		},
	},
	{
		key: "down-under",
		countries: []*ent{
			country("Malarra Territory", "Northern territory of crocodiles, cattle stations and gas."),
			country("Wairangi", "Island dominion across the ditch, fond of referendums."),
		},
		places: []*ent{
			place("Port Dunmore", "northern port", 0),
			place("Yallambee Station", "cattle station", 0),
			place("Warrigal Flat", "outback town", 0),
			place("Te Roto", "lake town", 1),
			place("Maunga Whero", "volcanic district", 1),
		},
		people: []*ent{
			person("Chief Minister", "Bronwyn Stirling", 0, ""),
			person("Prime Minister", "Rangi Te Awhina", 1, "").called("Te Awhina"),
			person("cattle baron", "Barry Cudgell", 0, "Owner of Yallambee Station and a good part of the territory."),
		},
		armed: []*ent{
			group("Desert Kings MC", "Outlaw motorcycle club with a line in amphetamines."),
		},
		parties: []*ent{
			group("Territory Country Party", ""),
		},
		bodies: []*ent{
			group("Malarra Crocodile Management Unit", "Rangers who move crocodiles out of swimming pools."),
		},
		outlets: []outlet{
			{"dunmore-advertiser.example", "DunmoreAdvertiser", "en", 0},
			{"wairangi-herald.example", "", "en", 1},
		},
	},
	{
		key: "bangladesh",
		countries: []*ent{
			country("Padmapur Division", "Delta division of rivers, char islands and election rallies."),
			country("Sylmar Hills", "Tea-garden hill district on the eastern border."),
		},
		places: []*ent{
			place("Padmapur", "divisional city", 0),
			place("Char Kalinga", "river island", 0),
			place("Kushtipur", "jute town", 0),
			place("Teagarh", "tea estate", 1),
			place("Rangachhari", "hill town", 1),
		},
		people: []*ent{
			person("Home Minister", "Nasrin Haque-Talukder", -1, ""),
			person("opposition leader", "Mizanur Bhuiyan-Sarkar", 0, ""),
			person("Mayor", "Shafiqul Ahsan-Mollah", 0, "Mayor of Padmapur."),
		},
		armed: []*ent{
			bareGroup("Jamaat-ul-Char", "Banned jihadi outfit that hides on the river islands."),
		},
		parties: []*ent{
			group("Delta People's League", "Ruling party, and the opposition's favourite subject."),
			group("Padma National Party", "The opposition, when not in jail."),
		},
		bodies: []*ent{
			group("Special River Police", "Elite police unit with a habit of fatal 'crossfire'."),
		},
		outlets: []outlet{
			{"padma-barta.example", "PadmaBarta", "bn", 0},
			{"delta-observer.example", "", "en", 1},
		},
	},
	{
		key: "home",
		countries: []*ent{
			country("Eastwater", "Coastal state of ports, pensions and one-party county machines."),
			country("New Carrick", "Industrial lakeside state that swings every election."),
			country("Sagebrush", "Western desert state of ranches, reservoirs and retirees."),
		},
		places: []*ent{
			place("Port Halden", "state capital", 0),
			place("Millbrook", "commuter suburb", 0),
			place("Carrick City", "rust-belt city", 1),
			place("Lakeshore Township", "township", 1),
			place("Greyfield", "college town", 1),
			place("Dry Fork", "desert town", 2),
			place("Cinder Springs", "county seat", 2),
		},
		people: []*ent{
			person("Senator", "Dorothy Quill", 0, ""),
			person("Governor", "Abner Pratt", 1, ""),
			person("Attorney General", "Leona Vasquez-Hart", -1, "Attorney General of the Commonwealth."),
			person("Representative", "Tobias Renfrew", 2, ""),
			person("Mayor", "Wendell Oakes", 1, "Mayor of Carrick City."),
			person("Treasury Secretary", "Chandra Bellweather", -1, "Treasury Secretary of the Commonwealth."),
		},
		armed: []*ent{
			group("Free Prairie Militia", "Anti-government militia with more manifestos than members."),
			group("Greyfield Solidarity Collective", "Campus activist front with generous anonymous donors."),
			group("Ashford Relief Fund", "Charity under investigation for sending money abroad."),
		},
		parties: []*ent{
			group("Union Party", "The party of the cities, the unions and the permit office."),
			group("Frontier Party", "The party of the counties, the ranchers and the tax cut."),
		},
		bodies: []*ent{
			group("Bureau of Waterways", "Federal agency for dams, canals and delays."),
			group("Commonwealth Senate", ""),
			group("Domestic Security Directorate", "The agency that watches the watch lists."),
			group("Office of the Inspector General", ""),
		},
		outlets: []outlet{
			{"capitol-dispatch.example", "CapitolDispatch", "en", 0},
			{"carrick-tribune.example", "", "en", 1},
			{"frontier-free-press.example", "FreePress", "en", 2},
			{"halden-ledger.example", "", "en", 4},
		},
	},
}

// wires are news agencies that cover every region, in English.
var wires = []outlet{
	{"continental-wire.example", "ContinentalWire", "en", 1},
	{"globe-desk.example", "", "en", 0},
	{"frontline-digest.example", "FrontlineDigest", "en", 2},
}

// extraDefs are pools of people, groups and institutions that topical
// sections mix into whichever region a post is about.
var extraDefs = []*region{
	{
		key: "networks",
		people: []*ent{
			person("fugitive preacher", "Abu Hafsa al-Qaryati", -1, "Preacher wanted in four countries and welcome in none."),
			person("financier", "Yunus Bakr Mahdoun", -1, "Businessman accused of bankrolling the Sword of the Dunes."),
			person("bomb maker", "Abu Sulaym al-Muhandis", -1, "The Engineer: bomb maker, twice reported dead."),
		},
		armed: []*ent{
			group("Sword of the Dunes", "Jihadi franchise operating across the desert belt."),
			group("Caravan Network", "Financing network that moves money through used-car dealers."),
			group("Partisans of the Lantern", "Online recruiting outfit with a printed magazine."),
		},
		bodies: []*ent{
			group("Lantern Relief Foundation", "Charity that keeps turning up in terror-finance cases."),
		},
	},
	{
		key: "science",
		people: []*ent{
			person("astrophysicist", "Ingrid Halvorsen-Mbatha", -1, ""),
			person("virologist", "Tomasz Wielgórski", -1, ""),
			person("materials chemist", "Aiko Nakahara-Reyes", -1, ""),
		},
		bodies: []*ent{
			group("Halden Institute of Technology", "Research university with a habit of spinning off start-ups."),
			group("Continental Space Agency", "Joint space agency of the Continental Union."),
			group("Mount Ardo Observatory", ""),
		},
	},
	{
		key: "faith",
		people: []*ent{
			person("Patriarch", "Serafim of Tavrin", -1, "Head of the Kezharian church.").called("Serafim"),
			person("Bishop", "Amara Osei-Lindqvist", -1, ""),
			person("Grand Mufti", "Idris Benhaddou", -1, ""),
		},
		bodies: []*ent{
			group("Synod of the Eastern Rite", ""),
			group("Council of Ulema of the Coast", "Clerical council that issues rulings on everything from banking to emoji."),
			group("Brotherhood of Saint Calder", "Monastic order known for its beer and its lawsuits."),
		},
	},
	{
		key: "markets",
		people: []*ent{
			person("central bank governor", "Hortensia Blum", -1, "Governor of the Continental Central Bank."),
		},
		bodies: []*ent{
			group("Continental Central Bank", ""),
			group("Sankt Ilmen Stock Exchange", ""),
			group("Meridian Shipping Lines", "Container line that carries a fifth of the region's trade."),
		},
	},
}

// pageNames are the tabs of the site, in order.
var pageNames = []string{"Operations", "Background", "Non-news", "Opinion", "Politics"}

// sectionSpec says what a section writes about and how much.
type sectionSpec struct {
	name    string
	page    int
	weight  int    // share of the day's posts
	regions string // space-separated region keys; "*" for all
	extra   string // key of an extra pool, or ""
	topics  string // "topic:weight …"
	opinion bool   // original pieces, no source
}

var sectionSpecs = []sectionSpec{
	{"Caucasus/Russia/Central Asia", 0, 6, "caucasus", "", "insurgency:3 borders:2 smuggling:2 elections:1 cabinet:1 diplomacy:2 military:2 energy:1 protests:1 courts:1", false},
	{"Africa North", 0, 5, "africa-north", "", "smuggling:3 insurgency:2 energy:2 elections:1 protests:2 courts:1 military:1 bombings:1 diplomacy:1", false},
	{"Africa Subsaharan", 0, 5, "africa-sub", "", "insurgency:3 elections:2 economy:1 health:1 protests:1 corruption:1 piracy:1 diplomacy:1", false},
	{"Iraq", 0, 5, "iraq", "", "bombings:2 insurgency:2 energy:2 elections:1 cabinet:1 corruption:1 military:1 water:1", false},
	{"Syria-Lebanon-Iran", 0, 6, "levant", "", "military:2 insurgency:2 bombings:2 diplomacy:1 courts:1 economy:1 protests:1 smuggling:1", false},
	{"Arabia", 0, 4, "arabia", "", "military:2 insurgency:2 energy:2 diplomacy:2 piracy:1 arrests:1", false},
	{"Israel-Palestine-Jordan", 0, 5, "levant-south", "", "military:2 bombings:1 arrests:2 diplomacy:1 courts:1 elections:1 water:1 borders:1", false},
	{"Afghanistan/Pakistan/India", 0, 5, "afpak", "", "insurgency:3 bombings:2 borders:1 military:1 smuggling:1 courts:1 preachers:1", false},
	{"Southeast Asia", 0, 4, "se-asia", "", "piracy:2 insurgency:2 elections:1 disasters:1 smuggling:2 military:1 diplomacy:1 arrests:1", false},
	{"Terror Networks & Islam", 0, 5, "iraq levant arabia afpak africa-north africa-sub europe se-asia bangladesh", "networks", "jihadis:3 preachers:2 arrests:2 bombings:1 courts:1", false},
	{"Europe", 1, 5, "europe", "", "elections:2 cabinet:2 water:1 economy:1 protests:2 courts:1 strikes:1 diplomacy:1 arrests:1 transport:1", false},
	{"Great Britain", 1, 3, "britain", "", "courts:2 arrests:2 transport:1 cabinet:1 elections:1 protests:1 taxes:1 media:1 homeland:1", false},
	{"China-Japan-Koreas", 1, 4, "east-asia", "", "military:3 diplomacy:2 technology:1 economy:1 space:1 borders:1 arrests:1", false},
	{"India-Pakistan", 1, 3, "india-pakistan", "", "borders:3 elections:2 arrests:1 water:1 diplomacy:1 military:1 courts:1 protests:1", false},
	{"Bangladesh", 1, 2, "bangladesh", "", "elections:2 protests:2 arrests:2 disasters:1 insurgency:1 courts:1 strikes:1", false},
	{"Latin America", 1, 4, "latam", "", "elections:2 smuggling:3 arrests:2 courts:1 protests:1 corruption:1 economy:1", false},
	{"Down Under", 1, 2, "down-under", "", "disasters:1 weather:1 elections:1 arrests:1 economy:1 transport:1 water:1 portents:1", false},
	{"Olde Tyme Religion", 1, 2, "*", "faith", "religion:5 preachers:1 courts:1", false},
	{"Science & Technology", 2, 3, "*", "science", "science:3 technology:3 space:2 health:2", false},
	{"-Signs, Portents, and the Weather-", 2, 3, "*", "", "weather:4 disasters:2 portents:3", false},
	{"Economy", 2, 3, "*", "markets", "economy:4 energy:2 strikes:1 taxes:1 transport:1", false},
	{"Commentary", 3, 3, "*", "", "opinion:1", true},
	{"Guest Columns", 3, 2, "*", "", "opinion:1", true},
	{"Home Front: Politix", 4, 5, "home", "", "elections:3 cabinet:1 courts:1 taxes:1 media:1 protests:1", false},
	{"Home Front: Economy", 4, 3, "home", "markets", "economy:2 taxes:2 strikes:1 energy:1 transport:1 water:1", false},
	{"Home Front: WoT", 4, 3, "home", "networks", "homeland:3 arrests:2 courts:1 jihadis:1 military:1", false},
	{"Government Corruption", 4, 3, "home europe latam africa-sub britain india-pakistan", "", "corruption:4 courts:2 taxes:1", false},
	{"Fifth Column", 4, 2, "home britain europe", "", "subversion:4 protests:1 media:1 courts:1", false},
}

// userSpec is one of the demo's registered users.
type userSpec struct {
	nick   string
	role   string
	colour string
	weight int // share of the posts they file
}

var userSpecs = []userSpec{
	{"Harrowgate", "admin", "#5b3a8c", 4},
	{"Quillon", "moderator", "#a33b20", 8},
	{"Tessaly", "moderator", "#1d6b8f", 8},
	{"MarshWarden", "moderator", "#3c7a2a", 8},
	{"Bramblecoat", "poster", "", 14},
	{"Dovetail", "poster", "", 10},
	{"Kettlewick", "poster", "", 12},
	{"Oswin Fennel", "poster", "", 9},
	{"Rook of Ashby", "poster", "", 7},
	{"Sparrowhand", "poster", "", 11},
}
