package demo

import (
	"strings"

	"github.com/burg-news/burg"
)

// The house voice of the demo site: word swaps, and the names database
// entries of the invented world, written for Burg like the rest of the
// world. Every named thing of world.go is an entry of its kind with an
// epithet and aliases (short forms, transliterations, native spellings);
// a person's surname, as the text names them on second mention, is an
// alias too. The newspapers are entries that are not "File under" tags.

// nameDef is what the house says about one named thing: its epithet, its
// aliases separated by "|", and a description for things world.go leaves
// undescribed.
type nameDef struct{ epithet, aliases, desc string }

// nameDefs are keyed by the names of world.go.
var nameDefs = map[string]nameDef{
	// The Caucasus, the Volsk lands and the steppe.
	"Kezharia":                       {"the brandy-soaked", "Kezhariya|Kezharya|Kežaria|Кежария", ""},
	"Ulgarstan":                      {"the gas-rich, road-poor", "Ulgaristan|Ulgar Republic|Улгарстан", ""},
	"Volsk Federation":               {"the ever-aggrieved", "Volsk|Volskaya Federatsiya|Вольская Федерация", ""},
	"Tavrin":                         {"the dignified but draughty", "Tavrín|Тавринь|Tavrinu", ""},
	"Kessin":                         {"the much-queued", "Kesin|Кессин", ""},
	"Ardzhan Gorge":                  {"the echoing", "Ardzhan|Ardjan Gorge|Arjan Gorge|Арджанское ущелье", ""},
	"Ulgar-Tash":                     {"the wind-scoured", "Ulgartash|Ulgar Tash|Улгар-Таш", ""},
	"Sary-Bulak":                     {"the thirsty", "Sarybulak|Sary Bulaq|Сары-Булак", ""},
	"Novoberezhsk":                   {"the rust-streaked", "Novoberezhsky|Novo-Berezhsk|Новобережск", ""},
	"Gradets":                        {"the drill-square", "Gradetz|Gradec|Градец", ""},
	"Ilgar Vezirli":                  {"the eternally jet-lagged", "Ilqar Vəzirli|Ilgar Veziroglu|Ильгар Везирли", ""},
	"Bakhyt Ormanov":                 {"the gas-fired", "Bakhit Ormanov|Baqyt Ormanov|Бахыт Орманов", ""},
	"Gennady Sukhovey":               {"the medal-laden", "Gennadiy Sukhovei|Gennadi Suhovey|Геннадий Суховей", ""},
	"Marina Tuchkova":                {"the ever-indignant", "Tuchkova-Bely|Марина Тучкова", ""},
	"Black Pass Jamaat":              {"the cave-dwelling", "Black Pass|Jamaat of the Black Pass|Qara Ashyrma Jamaat", ""},
	"Sary-Bulak Volunteer Battalion": {"the freelance", "Sary-Bulak Battalion|Sarybulak Volunteers", ""},
	"Kezhar Renewal Party":           {"the thoroughly unrenewed", "Renewal Party|KRP|Kezhar Renewal", ""},
	"Ulgar People's Front":           {"the hotel-lobby", "UPF|Ulgar Front|People's Front of Ulgarstan", ""},
	"Volsk Border Directorate":       {"the toll-minded", "Border Directorate|VBD|Pogranupravlenie", ""},

	// North Africa.
	"Mazrania":                  {"the generals' favourite", "Mazraniya|Mezrania|Mazraniyya|مزرانيا", ""},
	"Ghadira":                   {"the one-road", "Ghadeera|Gadira|Rhadira|غديرة", ""},
	"Qasr Amila":                {"the sun-bleached", "Qasr Amilah|Kasr Amila|Ksar Amila|قصر عميلة", ""},
	"Sidi Benaroun":             {"the dockside", "Sidi Ben Aroun|Sidi Bin Harun|Sidi Benharoun", ""},
	"El Haddaya":                {"the oil-slicked", "Al-Haddaya|Haddaya|El Hadaya", ""},
	"Wadi Tamlet":               {"the smugglers' favourite", "Oued Tamlet|Wadi Tamlat", ""},
	"Ain Maghla":                {"the oasis-proud", "Aïn Maghla|Ayn Maghla|Ain Meghla", ""},
	"Bir Tazouri":               {"the lonely", "Bir Tazuri|Bir Tazoury", ""},
	"Hamid Benzerga":            {"the unsinkable", "Hamid Ben Zerga|Hamed Benzerga|Hamid Bin Zarqa|حميد بن زرقة", ""},
	"Farouk Adjali":             {"the permanently saluted", "Farouq Ajali|Faruk Adjali|Farouk Ajjali", ""},
	"Salma Rhaouti":             {"the checkpoint-loving", "Salma Raouti|Salma Rahwati|Salma Rhaoudi", ""},
	"Sons of the Wadi":          {"the entrepreneurial", "Abna al-Wadi|Banu al-Wadi|the Wadi Sons", ""},
	"Coastal Salvation Brigade": {"the dock-owning", "Salvation Brigade|CSB|Liwa Inqadh al-Sahil", ""},
	"Mazranian National Rally":  {"the evergreen", "National Rally|RNM|Rassemblement National Mazranien", ""},
	"Mazranian Customs Service": {"the generously tipped", "Mazranian Customs|Customs Service of Mazrania", "Customs service of Mazrania, tipped by the tonne."},

	// Sub-Saharan Africa.
	"Umbessa":                       {"the three-capitaled", "Umbesa|Oumbessa|Mbessa", ""},
	"Belonde":                       {"the cocoa-and-copper", "Bélonde|Belondé|Belondi", ""},
	"Port Makasa":                   {"the steamy", "Port-Makasa|Makasa", ""},
	"Kisembe":                       {"the bustling", "Kisembé|Kissembe", ""},
	"Ituma":                         {"the fish-scented", "Itouma", ""},
	"Ndara Hills":                   {"the copper-veined", "Ndara|N'dara Hills|Ndara Highlands", ""},
	"Belonde-Ville":                 {"the palm-lined", "Belonde Ville|Bélonde-Ville|Belondeville", ""},
	"Okaro":                         {"the muddy", "Okarow|Okaru", ""},
	"Augustin Mbeleko":              {"the perpetually re-elected", "Augustine Mbeleko|Augustin M'beleko|Mbeleko-Ndoumba", ""},
	"Grace Nakalembe":               {"the calculator-wielding", "Grace Nakalembé|Grace Nakalemba", ""},
	"Emmanuel Oduya-Kaba":           {"the indefatigable", "Oduya-Kaba|Emmanuel Oduya Kaba|Emanuel Oduyakaba", ""},
	"Ndara Hills Defence Force":     {"the mine-minding", "NHDF|Ndara Defence Force|Ndara Hills Defense Force", ""},
	"Okaro River Boys":              {"the toll-collecting", "River Boys|Okaro Boys", ""},
	"Umbessa Congress for Progress": {"the progress-averse", "UCP|Congress for Progress|Congrès pour le Progrès", ""},
	"Belonde Mining Authority":      {"the shareholding", "BMA|Mining Authority|Autorité Minière du Belonde", ""},

	// Europe.
	"Vellmar":                      {"the referendum-happy", "Vellmarr|Velmar|Republik Vellmar", ""},
	"Brastovia":                    {"the coalition-bound", "Brastovija|Brastowia|Брастовия", ""},
	"Sankt Ilmen":                  {"the discreetly banked", "St. Ilmen|Saint Ilmen|St Ilmen|Sankt-Ilmen", ""},
	"Hochwald":                     {"the damp", "Hochwaldt|Hoch-Wald", ""},
	"Oberkessel":                   {"the cowbell-ridden", "Ober-Kessel|Oberkeßel", ""},
	"Brastov":                      {"the bridge-strewn", "Brastow|Брастов", ""},
	"Dravec":                       {"the smokestacked", "Dravets|Dravetz|Дравец", ""},
	"Porta Sveva":                  {"the ferry-clogged", "Portasveva|Porta Svéva", ""},
	"Anneliese Forstner":           {"the reservoir-obsessed", "Annelies Forstner|Anneliese Förstner", ""},
	"Radomir Kostelac":             {"the tirelessly compromising", "Radomír Kostelac|Radomir Kostelats|Радомир Костелац", ""},
	"Élodie Marchetti":             {"the soggy", "Elodie Marchetti|Marchetti|Commissioner Marchetti", ""},
	"Brastov Ultras":               {"the pyrotechnic", "Ultras Brastov|Brastov Firm", ""},
	"Black Spruce Cell":            {"the pylon-nibbling", "Black Spruce|Schwarzfichte Cell|Zelle Schwarzfichte", ""},
	"Vellmar Alpine League":        {"the cheese-scented", "Alpine League|Alpenbund Vellmar", ""},
	"Brastovian Social Union":      {"the narrowly largest", "Social Union|BSU|Brastovska Socijalna Unija", ""},
	"Continental Union Commission": {"the form-filling", "CU Commission|Union Commission", ""},
	"Vellmar Federal Audit Office": {"the dreaded", "Federal Audit Office|Audit Office|Bundesrechnungsamt Vellmar", ""},

	// Southeast Asia.
	"Maritau":               {"the ferry-dependent", "Maritao|Republik Maritau", ""},
	"Kampuri":               {"the khaki-clad", "Kampouri|Kamphuri|Kingdom of Kampuri", ""},
	"Port Semarak":          {"the traffic-jammed", "Pelabuhan Semarak|Semarak", ""},
	"Pulau Kerit":           {"the restless", "Kerit Island|Kerit|Pulo Kerit", ""},
	"Tanjung Rawa":          {"the salty", "Tanjong Rawa|Tg. Rawa", ""},
	"Vientara":              {"the gilded", "Wientara|Vientharah", ""},
	"Ban Khlong Sai":        {"the betwixt-and-between", "Ban Klong Sai|Baan Khlong Sai|Khlong Sai", ""},
	"Chaiyaburi":            {"the sleepy", "Chaiyaburee|Chaiya Buri", ""},
	"Sri Wulandari Pane":    {"the smiling", "Wulandari Pane|Sri Wulandari|Pane", ""},
	"Rizal Hakimuddin":      {"the frigate-fancying", "Rizal Hakimudin|Rizal Hakim Uddin|Hakimuddin", ""},
	"Anurak Thepsiri":       {"the twice-promoted", "Anurak Tepsiri|Anurak Thepsiree|Thepsiri", ""},
	"Kerit Island Front":    {"the sea-sick", "KIF|Kerit Front|Front Pulau Kerit", ""},
	"Rawa Strait Syndicate": {"the unflagged", "Rawa Syndicate|Sindikat Selat Rawa", ""},
	"Maritau Unity Party":   {"the seldom-united", "Unity Party|MUP|Partai Persatuan Maritau", ""},
	"Maritau Coast Guard":   {"the outgunned", "Maritau Coastguard|Penjaga Pantai Maritau", "The archipelago's coast guard: four cutters and a great deal of sea."},

	// Iraq, or its invented cousin.
	"Qasimiya":                  {"the ineffectual", "Kasimiya|Qassimiya|Qasimiyah|al-Qasimiya|القاسمية", ""},
	"Hawra":                     {"the orchard-strewn", "Hawraa|Haura|al-Hawra|الحوراء", ""},
	"Qasimiya City":             {"the generator-humming", "Kasimiya City|Madinat al-Qasimiya|Qassimiya City", ""},
	"Umm Hajar":                 {"the flaring", "Um Hajar|Umm Hadjar|أم حجر", ""},
	"Suq al-Nakhil":             {"the date-scented", "Souq al-Nakhil|Suk an-Nakhil|Suq an-Nakheel|سوق النخيل", ""},
	"Hawra Citadel":             {"the crumbling", "Qalat Hawra|Hawra Castle|Hawra Fort", ""},
	"Tell Zahra":                {"the dusty", "Tal Zahra|Tel Zahraa", ""},
	"Ain Safra":                 {"the sun-baked", "Ayn Safra|Ain Sufra|Ein Safra", ""},
	"Karim al-Mudhaffar":        {"the cabinet-proof", "Karim al-Muzaffar|Kareem Mudhaffar|Karim al Mudaffar|al-Mudhaffar", ""},
	"Haidar Abu Zainab":         {"the ministerially connected", "Haider Abu Zeinab|Hayder Abu Zaynab|Haidar Abuzainab", ""},
	"Layla Jaburi":              {"the tireless", "Leila Jaburi|Layla al-Jabouri|Laila Jabouri|Jaburi", ""},
	"Saraya al-Nakhil":          {"the ever-so-pious", "Palm Brigades|Saraya an-Nakhil|Sarayat al-Nakheel|سرايا النخيل", ""},
	"Hawra Tribal Mobilisation": {"the sheikh-led", "Tribal Mobilisation|Hawra Mobilization|Hashd Hawra", ""},
	"National Reform Bloc":      {"the seat-counting", "Reform Bloc|NRB|Kutlat al-Islah al-Watani", ""},
	"Qasimiya Oil Company":      {"the overstaffed", "QOC|Kasimiya Oil Company|Qasimiya Oil Co.", ""},

	// Syria, Lebanon and Iran, more or less.
	"Selimiya":                      {"the much-partitioned", "Salimiya|Selimiye|Silimiya|السليمية", ""},
	"Darvishan":                     {"the drone-happy", "Darvishān|Darwishan|Dervishan|درویشان", ""},
	"Kfar Selim":                    {"the shell-pocked", "Kafr Selim|Kfar Salim|Kefar Selim", ""},
	"Ras Meryem":                    {"the windswept", "Ras Maryam|Ras Meriem|Ra's Maryam", ""},
	"Souk el-Ghazal":                {"the heavily taxed", "Souq al-Ghazal|Suk el Ghazal|Souk Ghazal", ""},
	"Tell Menin":                    {"the fortified", "Tal Menin|Tell Manin|Tel Menine", ""},
	"Darvishan City":                {"the smog-veiled", "Shahr-e Darvishan|Darvishan-shahr", ""},
	"Bandar Kuhestan":               {"the busy", "Bandar-e Kuhestan|Bandar Kohestan|Bandar Koohestan", ""},
	"Nadim Khoury-Salame":           {"the caretaking", "Nadim Khoury Salameh|Nadeem Khouri-Salami|Khoury-Salame", ""},
	"Bassam Haddarin":               {"the entrenched", "Bassam Hadarin|Bassam al-Haddarin|Haddarin", ""},
	"Mahmoud Rezvanpour":            {"the weather-vaning", "Mahmud Rezvanpur|Mahmoud Rezwanpour|Rezvanpour|محمود رضوان‌پور", ""},
	"Ghazal Brigade":                {"the shopkeeper-fleecing", "Liwa al-Ghazal|Ghazal Brigades", ""},
	"Army of the Valley":            {"the squabbling", "Jaysh al-Wadi|Valley Army|Jaish al Wadi", ""},
	"Darvishan Guard Corps":         {"the business-minded", "Guard Corps|DGC|Sepah-e Darvishan", ""},
	"Cedar Accord Movement":         {"the abroad-adored", "Cedar Accord|Harakat Tawafuq al-Arz", ""},
	"Darvishan Revolutionary Court": {"the swift", "Revolutionary Court|Dadgah-e Enqelab-e Darvishan", "Court that tries the plateau's dissidents, briskly."},

	// Arabia.
	"Qurain":                      {"the glass-towered", "Qurayn|Kurain|Gurain|القرين", ""},
	"Jarwan":                      {"the long-suffering", "Jerwan|Jarouan|Djarwan|جروان", ""},
	"Qurain City":                 {"the air-conditioned", "Madinat Qurain|Kurain City", ""},
	"Ras Dhabi":                   {"the tanker-lined", "Ras Zabi|Ra's Dhabi|Ras Thabi", ""},
	"Wadi Hisn":                   {"the rebel-ridden", "Wadi Hesn|Wadi al-Hisn", ""},
	"Mina Sharqi":                 {"the blockaded", "Mina al-Sharqi|Meena Sharqi|Mina Sharki", ""},
	"Sabr Ain":                    {"the patient", "Sabr Ayn|Sabrain|Sabr Eyn", ""},
	"Fahad bin Ubaid al-Qurani":   {"the falconing", "Fahd bin Obaid|Fahad bin Ubayd al-Qurani|Crown Prince Fahad|Fahd al-Qurani", ""},
	"Nasser al-Hujairi":           {"the barrel-counting", "Nasir al-Hujairi|Nasser Hujairi|Naser al-Hojairi|al-Hujairi", ""},
	"Abdulmalik Saffan":           {"the fluent", "Abd al-Malik Saffan|Abdel Malek Saffan|Abdulmalek Safan|Saffan", ""},
	"Highland Ansar":              {"the mountain-fed", "Ansar al-Nujud|the Ansar|Highland Ansaar", ""},
	"Coast Shield Force":          {"the well-funded", "Shield Force|Quwwat Dir' al-Sahil|CSF", ""},
	"Jarwan General Congress":     {"the shrinking", "General Congress|JGC|al-Mu'tamar al-'Amm", ""},
	"Qurain Consultative Council": {"the rarely consulted", "Consultative Council|Majlis al-Shura of Qurain|Qurain Shura", ""},
	"Qurain National Oil Company": {"the bottomless", "QNOC|Qurain Oil|Qurain National Oil", "The emirate's oil company, and its purse."},

	// The hills, the river and the fence.
	"Eastern Hills Governorate": {"the studiously dull", "Eastern Hills|the Hills Governorate|Muhafazat al-Tilal", ""},
	"Dalet Sector":              {"the fenced-in", "Sector Dalet|Dalet", ""},
	"Umm Qirfa":                 {"the cinnamon-scented", "Um Qirfa|Umm Kirfa|Umm Qerfa", ""},
	"Wadi Rumman":               {"the pomegranate-strewn", "Wadi ar-Rumman|Wadi Roumman", ""},
	"Tel Marit":                 {"the seaside", "Tell Marit|Tel Mareet", ""},
	"Kfar Yaelim":               {"the sandbagged", "Kefar Yaelim|Kfar Ya'elim", ""},
	"Beit Ruman":                {"the olive-grown", "Bayt Rumman|Beit Rumman|Beit Roman", ""},
	"Avner Ben-Shimol":          {"the unflinching", "Avner Ben Shimol|Avner Benshimol|Ben-Shimol", ""},
	"Samira Haddadin":           {"the soothing", "Sameera Haddadin|Samira al-Haddadin|Haddadin", ""},
	"Yusuf Abu Rimah":           {"the long-suffering", "Youssef Abu Rimah|Yousef Abu Rima|Yusuf Aburimah", ""},
	"Rumman Martyrs' Brigade":   {"the credit-claiming", "Rumman Brigade|Martyrs' Brigade of Rumman|Kataib Shuhada al-Rumman", ""},
	"Ridge Watch":               {"the self-appointed", "Mishmar HaRekhes|Ridge Watchers", ""},
	"Rooted Land List":          {"the deep-rooted", "Rooted Land|RLL", ""},
	"Dalet Sector Command":      {"the tight-lipped", "Sector Command|Dalet Command", "Military command of the fence and the roads along it."},

	// India and Pakistan.
	"Rajpuri State":               {"the sand-blown", "Rajpuri|Rajpur State|Rajapuri State", ""},
	"Ravipur":                     {"the canal-laced", "Raavipur|Ravipura|Rawipur", ""},
	"Baramandi":                   {"the parade-ground", "Bara Mandi|Baramundi", ""},
	"Kheterpura":                  {"the cattle-crossed", "Khetarpura|Kheterpur|Khetrapura", ""},
	"Chandrakot":                  {"the monsoon-soaked", "Chandra Kot|Chandrakote", ""},
	"Ravipur City":                {"the traffic-choked", "Ravipur Shehar|Raavipur City", ""},
	"Mianwala Chowk":              {"the honking", "Mianwala|Mian Wala Chowk|Mianwali Chowk", ""},
	"Qila Sundar":                 {"the silted", "Qilla Sundar|Kila Sundar|Qila Sunder", ""},
	"Devika Ranawat":              {"the seasonal", "Devika Ranawaat|Devica Ranawat|Ranawat", ""},
	"Nadeem Sahota":               {"the canal-cutting", "Nadim Sahota|Nadeem Sahotta|Sahota", ""},
	"Imtiaz Qureshi-Dogar":        {"the baton-fond", "Imtiaz Qureshi Dogar|Imtiyaz Qureshi-Dogar|Qureshi-Dogar", ""},
	"Sitara Brigade":              {"the charitable", "Sitara|Lashkar-e-Sitara|Sitaara Brigade", ""},
	"Kheterpura Cattle Gang":      {"the cow-herding", "Cattle Gang|Kheterpura Gang", ""},
	"Rajpuri Jan Morcha":          {"the perennially seasonal", "Jan Morcha|RJM|Rajpuri Janmorcha", ""},
	"Ravipur People's League":     {"the comfortable", "RPL|Ravipur League", ""},
	"Border Security Directorate": {"the floodlit", "BSD", "Border guards on the Rajpuri side of the line, with searchlights to spare."},

	// The frontier.
	"Zarkhel Province":          {"the pickup-governed", "Zarkhel Wilayat|Zar Khel Province|Velayat-e Zarkhel", ""},
	"Tangi Agency":              {"the unruly", "Tangi|Tangai Agency", ""},
	"Zarkhel":                   {"the dusty", "Zar Khel|Zarkhail|Zarkheyl|زرخیل", ""},
	"Gardakai Pass":             {"the lorry-swallowing", "Gardakai|Gardaki Pass|Kotal-e Gardakai", ""},
	"Dara Khandi":               {"the green", "Darra Khandi|Dara-e Khandi", ""},
	"Pul-e-Sang":                {"the one-bridge", "Pul-i-Sang|Pul e Sang|Pulesang", ""},
	"Landi Tangi":               {"the haggling", "Landi Tanghi|Landitangi", ""},
	"Mir Khel Fort":             {"the crenellated", "Mir Khel|Mirkhel Fort|Qila Mir Khel", ""},
	"Abdul Qahar Zarkheli":      {"the bearded and bothered", "Abdul Qahhar Zarkheli|Abd al-Qahar Zarkhaili|Zarkheli", ""},
	"Sher Agha Mawlawizada":     {"the nimble-tongued", "Sher Agha Maulawizada|Sheragha Mawlawizadah|Mawlawizada", ""},
	"Shahzeb Tarakai":           {"the fort-keeping", "Shahzaib Tarakai|Shahzeb Tarakay|Tarakai", ""},
	"Zarkhel Front":             {"the contrarian", "Jabha-ye Zarkhel|Zarkhel Jabha", ""},
	"Tangi Lashkar":             {"the part-time", "Lashkar of Tangi|Tangi Levy", ""},
	"Frontier Awami Jirga":      {"the doggedly peaceful", "Awami Jirga|FAJ|Frontier Jirga", ""},
	"Office of Vice and Virtue": {"the beard-measuring", "Vice and Virtue|the Virtue Office|Amr bil-Maruf", ""},

	// China, Japan and the Koreas.
	"Qinglan":                 {"the ministry-rich", "Ching-lan|Qing Lan|青蓝", ""},
	"Nishikura":               {"the mildly re-arming", "Nisikura|Nishi-Kura|西倉", ""},
	"North Hwasan":            {"the parade-perfect", "N. Hwasan|Hwasan DPR|Pukhwasan|북화산", ""},
	"South Hwasan":            {"the jittery", "S. Hwasan|Namhwasan|남화산", ""},
	"Jinhe":                   {"the container-stacked", "Chin-ho|Jin He|金河", ""},
	"Lanzhai":                 {"the closely watched", "Lan-chai|Lan Zhai|兰寨", ""},
	"Kurohama":                {"the grey-hulled", "Kuro-hama|黒浜", ""},
	"Awazu":                   {"the frothy", "Awadzu|粟津", ""},
	"Kangdae":                 {"the fireworks-prone", "Kang-dae|Kangdai|강대", ""},
	"Seomun":                  {"the checkpointed", "Sŏmun|Somun|서문", ""},
	"Zhou Bingwen":            {"the unblinking", "Chou Ping-wen|Zhou Bing-wen|周炳文", ""},
	"Kenji Oyamada":           {"the cautiously hawkish", "Ōyamada Kenji|Oyamada Kenji|Ooyamada", ""},
	"Ho Chun-sik":             {"the bemedalled", "Ho Chunsik|Hŏ Ch'un-sik|허춘식", ""},
	"Seo Min-ah":              {"the hopeful", "Suh Min-ah|Seo Mina|서민아", ""},
	"Jinhe Maritime Militia":  {"the fishy", "Maritime Militia|Jinhe Militia|Little Blue Boats", ""},
	"Hwasan Workers' Party":   {"the unanimous", "Workers' Party|HWP|Chosŏn Hwasan Nodongdang", ""},
	"Nishikura Liberal Union": {"the seldom-unseated", "Liberal Union|NLU|Jiyū Rengō", ""},
	"Nishikura Coast Guard":   {"the growing", "Nishikura Coastguard|Kaijō Keibi", "Coast guard of Nishikura, growing a cutter at a time."},

	// Latin America.
	"Valdoria":                     {"the constitution-drafting", "Valdória|República de Valdoria|Valdorian Republic", ""},
	"Santa Rufina":                 {"the family-run", "Sta. Rufina|Santa Rofina|St Rufina", ""},
	"San Evaristo":                 {"the thin-aired", "S. Evaristo|San Evaristo de la Sierra|Sanevaristo", ""},
	"Puerto Añil":                  {"the indigo", "Puerto Anil|Pto. Añil|Port Añil", ""},
	"Los Cardones":                 {"the cactus-ringed", "Cardones|Los Cardonales", ""},
	"Río Quebrado":                 {"the broken-rivered", "Rio Quebrado|Quebrado", ""},
	"Ciudad Rufina":                {"the neon-lit", "Cd. Rufina|Rufina City", ""},
	"Playa Mora":                   {"the casino-lined", "Playamora|Mora Beach", ""},
	"Ernesto Villacorta Paz":       {"the assembly-convening", "Ernesto Villacorta|Villacorta Paz|President Villacorta", ""},
	"Marisol Echeverri":            {"the subpoena-happy", "Marisol Echeverry|Marisol Etcheverri|Echeverri", ""},
	"Rodolfo Anzures":              {"the casino-friendly", "Rodolpho Anzures|Rodolfo Ansures|Anzures", ""},
	"Frente Quebrado":              {"the logistically gifted", "Quebrado Front|Frente del Río Quebrado", ""},
	"Cártel de los Cardones":       {"the toll-taking", "Cartel de los Cardones|Cardones Cartel|Los Cardones cartel", ""},
	"Movimiento Patria Nueva":      {"the ever-new", "Patria Nueva|MPN|New Homeland Movement", ""},
	"Valdorian Electoral Tribunal": {"the recounting", "Electoral Tribunal|TEV|Tribunal Electoral de Valdoria", "Valdoria's election court, which counts twice."},

	// Britain.
	"Wexhamshire":              {"the marginal", "Wexham-shire|County of Wexham|Wexhams", ""},
	"Eastmoor":                 {"the sheep-rich, bus-poor", "East Moor|Eastmoors", ""},
	"Wexham":                   {"the market-day", "Wexham-on-Brook|Wexam", ""},
	"Lower Bramley":            {"the picturesque", "Lower Bramleigh|Lwr Bramley", ""},
	"Saltham Docks":            {"the boarded-up", "Saltham|Saltham Dock", ""},
	"Kettleby Moor":            {"the foggy", "Kettleby|Kettlebie Moor", ""},
	"Harrowgill":               {"the once-mighty", "Harrow Gill|Harrogill", ""},
	"Giles Pembury":            {"the ubiquitous", "Giles Pembery|Pembury", ""},
	"Fiona Adebayo-Marsh":      {"the pothole-hunting", "Fiona Adebayo Marsh|Adebayo-Marsh", ""},
	"Derek Tolley":             {"the bus-less", "Del Tolley|Derek Tolly|Tolley", ""},
	"Saltham Boys":             {"the firework-flogging", "Saltham Lads|the Saltham Crew", ""},
	"Wexham Independents":      {"the pothole-proud", "the Wexham Indies", ""},
	"Reform and Thrift Party":  {"the penny-pinching", "Reform & Thrift|Thrift Party|RTP", "Party of small government and smaller receipts."},
	"Wexhamshire Constabulary": {"the hard-pressed", "Wexhamshire Police|Wexham Constabulary", "The county's police force, stretched across two market towns and a lot of hedges."},
	"National Highways Office": {"the cone-laying", "Highways Office|NHO", ""},

	// Down under.
	"Malarra Territory":                 {"the crocodile-infested", "Malarra|Mallara Territory", ""},
	"Wairangi":                          {"the referendum-loving", "Wai Rangi|Wairanghi|Aotearangi", ""},
	"Port Dunmore":                      {"the cyclone-battered", "Dunmore|Pt Dunmore", ""},
	"Yallambee Station":                 {"the sprawling", "Yallambee|Yalambee Station", ""},
	"Warrigal Flat":                     {"the fly-blown", "Warrigal|Warrigal Flats", ""},
	"Te Roto":                           {"the placid", "Teroto|Te Rotō", ""},
	"Maunga Whero":                      {"the rumbling", "Maungawhero|Mount Whero", ""},
	"Bronwyn Stirling":                  {"the unflappable", "Bronwyn Sterling|Bron Stirling|Stirling", ""},
	"Rangi Te Awhina":                   {"the consensus-seeking", "Rangi Teawhina|Rangi Te Āwhina", ""},
	"Barry Cudgell":                     {"the cattle-rich", "Baz Cudgell|Barry Cudgel|Cudgell", ""},
	"Desert Kings MC":                   {"the leather-clad", "Desert Kings|DKMC|Desert Kings Motorcycle Club", ""},
	"Territory Country Party":           {"the dusty-booted", "Country Party", "The party of the cattle stations and the long straight roads."},
	"Malarra Crocodile Management Unit": {"the pool-clearing", "Crocodile Management Unit|Croc Unit|CMU", ""},

	// The delta.
	"Padmapur Division":      {"the flood-prone", "Padmapur Bibhag|Podmapur Division", ""},
	"Sylmar Hills":           {"the tea-terraced", "Sylmar|Silmar Hills", ""},
	"Padmapur":               {"the rickshaw-thronged", "Podmapur|Padmapura|পদ্মপুর", ""},
	"Char Kalinga":           {"the shifting", "Chor Kalinga|Char Kolinga", ""},
	"Kushtipur":              {"the jute-scented", "Kushtipura|Kustipur", ""},
	"Teagarh":                {"the misty", "Tea Garh|Tigarh", ""},
	"Rangachhari":            {"the hill-hugging", "Ranga Chhari|Rangachari|Rangachori", ""},
	"Nasrin Haque-Talukder":  {"the stern", "Nasreen Haque Talukder|Nasrin Hoque-Talukdar|Haque-Talukder", ""},
	"Mizanur Bhuiyan-Sarkar": {"the rally-loving", "Mizanur Bhuiyan Sarkar|Mizan Bhuiyan-Sircar|Bhuiyan-Sarkar", ""},
	"Shafiqul Ahsan-Mollah":  {"the ribbon-cutting", "Shafiqul Ahsan Mollah|Shafikul Ahsan-Molla|Ahsan-Mollah", ""},
	"Jamaat-ul-Char":         {"the island-hopping", "Jamaatul Char|Jama'at al-Char|JuC", ""},
	"Delta People's League":  {"the all-governing", "People's League of the Delta|DPL|Delta League", ""},
	"Padma National Party":   {"the mostly jailed", "PNP|Padma Party|Padma Jatiyo Dol", ""},
	"Special River Police":   {"the crossfire-prone", "SRP|River Police|Special River Police Battalion", ""},

	// The home front.
	"Eastwater":                       {"the machine-run", "East Water|Eastwaters", ""},
	"New Carrick":                     {"the swinging", "N. Carrick|Carrick State", ""},
	"Sagebrush":                       {"the sun-loving", "Sagebrush State|Sage Brush", ""},
	"Port Halden":                     {"the pension-funded", "Halden|Pt. Halden", ""},
	"Millbrook":                       {"the leafy", "Mill Brook|Millbrooke", ""},
	"Carrick City":                    {"the rust-proud", "Carrick|Carrickville", ""},
	"Lakeshore Township":              {"the zoning-obsessed", "Lakeshore|Lake Shore Township", ""},
	"Greyfield":                       {"the dorm-heavy", "Grayfield|Greyfield U", ""},
	"Dry Fork":                        {"the parched", "Dryfork|Dry Forks", ""},
	"Cinder Springs":                  {"the sulphurous", "Cinder Spring", ""},
	"Dorothy Quill":                   {"the filibustering", "Dot Quill|Dorothy Quil|Senator Quill", ""},
	"Abner Pratt":                     {"the swing-state", "Ab Pratt|Abner Prat|Governor Pratt", ""},
	"Leona Vasquez-Hart":              {"the indicting", "Leona Vázquez-Hart|Leona Vasquez Hart|Vasquez-Hart", ""},
	"Tobias Renfrew":                  {"the reservoir-fond", "Toby Renfrew|Tobias Renfro|Renfrew", ""},
	"Wendell Oakes":                   {"the ribbon-cutting", "Wendell Oaks|Mayor Oakes", ""},
	"Chandra Bellweather":             {"the bond-selling", "Chandra Bellwether|Secretary Bellweather", ""},
	"Free Prairie Militia":            {"the manifesto-rich", "Prairie Militia|FPM|Free Prairie", ""},
	"Greyfield Solidarity Collective": {"the generously funded", "Solidarity Collective|GSC|Greyfield Collective", ""},
	"Ashford Relief Fund":             {"the far-flung", "Ashford Fund|Ashford Relief", ""},
	"Union Party":                     {"the permit-loving", "", ""},
	"Frontier Party":                  {"the tax-cutting", "", ""},
	"Bureau of Waterways":             {"the dam-slow", "Waterways Bureau", ""},
	"Commonwealth Senate":             {"the august", "the Senate|Senate of the Commonwealth", "The upper house of the Commonwealth, where bills go to rest."},
	"Domestic Security Directorate":   {"the list-keeping", "DSD", ""},
	"Office of the Inspector General": {"the memo-reading", "Inspector General's Office|OIG|the Inspector General", "The watchdog that reads the agencies' expense claims."},

	// Networks, labs, pulpits and markets, everywhere.
	"Abu Hafsa al-Qaryati":           {"the much-deported", "Abu Hafsah al-Qaryati|Abou Hafsa el-Qaryati|al-Qaryati", ""},
	"Yunus Bakr Mahdoun":             {"the free-spending", "Younis Bakr Mahdoun|Yunis Bakr Mahdun|Mahdoun", ""},
	"Abu Sulaym al-Muhandis":         {"the twice-buried", "Abu Sulaim al-Muhandis|Abou Souleym el-Mouhandis|al-Muhandis", ""},
	"Sword of the Dunes":             {"the sand-blasted", "Sayf al-Kuthban|Saif al-Kuthban", ""},
	"Caravan Network":                {"the used-car-dealing", "Caravan Ring", ""},
	"Partisans of the Lantern":       {"the glossy-printed", "Ansar al-Fanus|Lantern Partisans", ""},
	"Lantern Relief Foundation":      {"the perennially audited", "Lantern Foundation|LRF|Mu'assasat al-Fanus", ""},
	"Ingrid Halvorsen-Mbatha":        {"the star-gazing", "Ingrid Halvorsen Mbatha|Halvorsen-Mbatha", ""},
	"Tomasz Wielgórski":              {"the germ-wrangling", "Tomasz Wielgorski|Tomas Wielgorsky|Wielgórski", ""},
	"Aiko Nakahara-Reyes":            {"the lab-coated", "Aiko Nakahara Reyes|Nakahara-Reyes", ""},
	"Halden Institute of Technology": {"the spin-off-prone", "Halden Tech|Halden Institute", ""},
	"Continental Space Agency":       {"the launch-delayed", "CSA|Continental Space", ""},
	"Mount Ardo Observatory":         {"the cloud-cursed", "Ardo Observatory|Mt. Ardo Observatory|Monte Ardo Observatory", "Mountain-top observatory, usually above the clouds, sometimes in them."},
	"Serafim of Tavrin":              {"the incense-wreathed", "Patriarch Serafim|Serafim Tavrinsky|Серафим Тавринский", ""},
	"Amara Osei-Lindqvist":           {"the synod-taming", "Amara Osei Lindqvist|Bishop Osei-Lindqvist|Osei-Lindqvist", ""},
	"Idris Benhaddou":                {"the ruling-issuing", "Idriss Benhaddou|Idris Ben Haddou|Benhaddou", ""},
	"Synod of the Eastern Rite":      {"the long-robed", "Eastern Rite Synod|the Synod|Eastern Synod", "Governing council of the Eastern Rite churches, which meets in incense and disagreement."},
	"Council of Ulema of the Coast":  {"the emoji-averse", "Coast Ulema Council|Majlis Ulama al-Sahil|the Ulema Council", ""},
	"Brotherhood of Saint Calder":    {"the litigious and hoppy", "Calderite Brothers|Brotherhood of St. Calder|St. Calder's Brotherhood", ""},
	"Hortensia Blum":                 {"the rate-fiddling", "Hortense Blum|Governor Blum", ""},
	"Continental Central Bank":       {"the printing-press-owning", "CCB|Continental Bank", "Central bank of the Continental Union and keeper of its currency."},
	"Sankt Ilmen Stock Exchange":     {"the jittery", "Ilmen Exchange|SISE|Börse Sankt Ilmen", "The alpine republic's stock exchange, quiet when the banks are."},
	"Meridian Shipping Lines":        {"the box-stacking", "Meridian Lines|Meridian Shipping|MSL", ""},
}

// outletDefs are the newspapers, keyed by masthead: name-only entries.
var outletDefs = map[string]nameDef{
	"Caspian Ledger":        {"the breathless", "Kaspiyskiy Ledger|Каспийский вестник", "Russian-language daily of the Caspian rim."},
	"Novyi Vestnik":         {"the well-connected", "Novy Vestnik|Novij Vestnik|Новый вестник", "Russian-language news site, close to the Volsk ministries."},
	"Tavrin Times":          {"the plucky", "", "English-language weekly of Tavrin."},
	"Sahil Daily":           {"the excitable", "Sahel Daily|Al-Sahil al-Yawmi|الساحل اليومي", "Arabic-language daily of the Mazranian coast."},
	"Observateur Mazranien": {"the long-winded", "L'Observateur Mazranien|l'Observateur", "French-language daily of Qasr Amila."},
	"Desert Wire":           {"the dust-caked", "DesertWire", "English-language news agency of the desert belt."},
	"Gulf Coast Courier":    {"the cheerful", "Coast Courier", "English-language daily of the gulf coast."},
	"Le Belondais":          {"the loyal", "Belondais", "French-language daily of Belonde-Ville, rarely critical."},
	"Umbessa Monitor":       {"the intrepid", "", "English-language news site of Umbessa."},
	"Ilmener Zeitung":       {"the sober", "Ilmener Tagblatt", "German-language daily of Sankt Ilmen."},
	"Brastov Daily":         {"the coalition-watching", "Brastov Dnevnik", "English-language daily of Brastov."},
	"Gazette Continentale":  {"the pan-continental", "la Gazette|GazetteCont", "French-language weekly of the Continental Union."},
	"Archipelago Post":      {"the island-hopping", "ArchPost", "English-language daily of Port Semarak."},
	"Suara Semarak":         {"the chatty", "Suara|Soera Semarak", "Indonesian-language daily of Port Semarak."},
	"Vientara News":         {"the deferential", "VientaraNews", "English-language news site of Vientara."},
	"Rafidayn Herald":       {"the well-sourced", "al-Rafidayn|Rafidain Herald|الرافدين", "Arabic-language daily of Qasimiya City."},
	"Shatt News":            {"the rumour-fond", "Shatt|Akhbar al-Shatt", "Arabic-language news site of the river towns."},
	"Twin Rivers Post":      {"the earnest", "TwinRiversPost", "English-language weekly of Qasimiya."},
	"Al Shamal News":        {"the northern", "al-Shamal|Shamal News|ShamalNews", "Arabic-language news site of the northern valleys."},
	"Nahar Jadid":           {"the brand-new", "al-Nahar al-Jadid|Nahar al-Jadid|النهار الجديد", "Arabic-language daily of the Selimiyan coast."},
	"Payam Gharb":           {"the plateau-approved", "Payam-e Gharb|Payame Gharb|پیام غرب", "Persian-language daily of Darvishan."},
	"Levant Ledger":         {"the buttoned-up", "LevantLedger", "English-language weekly of the coast."},
	"Gulf Mirror":           {"the glossy", "GulfMirror", "English-language daily of Qurain City."},
	"Sahifat al Wadi":       {"the valley-born", "Sahifat al-Wadi|صحيفة الوادي", "Arabic-language paper of the Jarwan highlands."},
	"Qurain Times":          {"the palace-proofed", "QurainTimes", "English-language daily of Qurain."},
	"Hadashot Yom":          {"the brisk", "Hadashot HaYom|Chadashot Yom|חדשות יום", "Hebrew-language daily."},
	"River Gazette":         {"the even-handed", "", "English-language weekly of the river towns."},
	"Rimah Post":            {"the village-minded", "RimahPost", "Arabic-language news site of Beit Ruman."},
	"Rajpuri Chronicle":     {"the monsoon-late", "RajpuriChronicle", "English-language daily of Rajpuri State."},
	"Ravipur Dispatch":      {"the canal-side", "Ravipur Despatch", "English-language daily of Ravipur."},
	"Akhbar e Ravi":         {"the flowery", "Akhbar-e-Ravi|Akhbar-i-Ravi|AkhbarRavi", "Urdu-language daily of Ravipur City."},
	"Frontier Kabar":        {"the mountain-quick", "Frontier Khabar|FrontierKabar", "Pashto-language news site of the frontier."},
	"Zarkhel Tolo":          {"the early-rising", "Tolo-ye Zarkhel|Zarkhel Tolu", "Persian-language radio and news site of Zarkhel."},
	"Pass Post":             {"the well-travelled", "PassPost", "English-language news site of the Gardakai Pass."},
	"Eastern Sea Times":     {"the anxious", "EastSeaTimes|East Sea Times", "English-language daily of the eastern seas."},
	"Jinhe Ribao":           {"the on-message", "Jinhe Daily|金河日报", "Chinese-language party daily of Jinhe."},
	"Kurohama Shimbun":      {"the polite", "Kurohama Shinbun|黒浜新聞", "Japanese-language daily of Kurohama."},
	"Hwasan Ilbo":           {"the sharp-eyed", "Hwasan Daily|화산일보", "Korean-language daily of South Hwasan."},
	"Mirador Andino":        {"the high-altitude", "El Mirador Andino|MiradorAndino", "Spanish-language daily of San Evaristo."},
	"Diario del Puerto":     {"the salty", "El Diario del Puerto", "Spanish-language daily of Puerto Añil."},
	"Caribe 24":             {"the round-the-clock", "Caribe24|Caribe Veinticuatro", "Spanish-language news channel of the islands."},
	"Valdoria Report":       {"the diligent", "", "English-language newsletter on Valdoria."},
	"Wexham Echo":           {"the parish-pump", "", "Weekly paper of Wexham and district."},
	"Moorland Clarion":      {"the windswept", "", "Weekly paper of the moor."},
	"Daily Sentinel":        {"the shouty", "Sentinel", "National tabloid, loud about everything."},
	"Dunmore Advertiser":    {"the sun-faded", "", "Daily paper of Port Dunmore."},
	"Wairangi Herald":       {"the temperate", "", "Daily paper of the dominion."},
	"Padma Barta":           {"the river-running", "Podma Barta|পদ্মা বার্তা", "Bengali-language daily of the delta."},
	"Delta Observer":        {"the patient", "", "English-language daily of Padmapur."},
	"Capitol Dispatch":      {"the insider", "CapitolDispatch", "Political news site of the capital."},
	"Carrick Tribune":       {"the blue-collar", "", "Daily paper of Carrick City."},
	"Frontier Free Press":   {"the indignant", "FreePress", "News site of the western counties, free with its opinions."},
	"Halden Ledger":         {"the venerable", "HaldenLedger", "Daily paper of Port Halden."},
	"Continental Wire":      {"the ubiquitous", "ContinentalWire", "News agency with stringers everywhere."},
	"Globe Desk":            {"the round-the-world", "GlobeDesk", "News agency that rewrites everybody's copy."},
	"Frontline Digest":      {"the breathless", "FrontlineDigest", "News digest of the world's wars, published hourly."},
}

// dress makes the tags of s entries of the names database: their kinds,
// epithets, aliases and missing descriptions, then the newspapers as
// name-only entries; and it gives s its word swaps.
func (w *world) dress(s *Site) {
	entry := func(e *ent, kind string) {
		t := s.Tags[e.tag]
		t.Kind = kind
		def := nameDefs[e.name]
		t.Epithet = def.epithet
		if t.Description == "" {
			t.Description = def.desc
		}
		t.Aliases = aliases(def.aliases, t.Name)
		if kind == burg.TagPerson {
			// How the text names them the second time.
			short := e.surname
			if short == "" {
				short = e.name[strings.LastIndexByte(e.name, ' ')+1:]
			}
			t.Aliases = addAlias(t.Aliases, short, t.Name)
		}
	}
	for _, t := range topicDefs {
		if i := w.topicTag[t]; i >= 0 {
			s.Tags[i].Kind = burg.TagTopic
		}
	}
	for _, r := range append(append([]*region{}, regionDefs...), extraDefs...) {
		for _, list := range [][]*ent{r.countries, r.places} {
			for _, e := range list {
				entry(e, burg.TagPlace)
			}
		}
		for _, e := range r.people {
			entry(e, burg.TagPerson)
		}
		for _, list := range [][]*ent{r.armed, r.parties, r.bodies} {
			for _, e := range list {
				entry(e, burg.TagGroup)
			}
		}
	}
	outlets := func(os []outlet) {
		for _, o := range os {
			name := w.mastheads[o.domain]
			def := outletDefs[name]
			s.Tags = append(s.Tags, &burg.Tag{Name: name, Slug: burg.Slugify(name, 100), Kind: burg.TagGroup,
				Epithet: def.epithet, Description: def.desc, Aliases: aliases(def.aliases, name), NameOnly: true})
		}
	}
	for _, r := range regionDefs {
		outlets(r.outlets)
	}
	outlets(wires)
	s.Swaps = newSwaps()
}

// aliases splits a "|"-separated list, leaving out the name itself.
func aliases(list, name string) []string {
	var out []string
	for _, a := range strings.Split(list, "|") {
		out = addAlias(out, a, name)
	}
	return out
}

// addAlias adds a to list unless it is empty, the name, or there already.
func addAlias(list []string, a, name string) []string {
	a = strings.TrimSpace(a)
	if a == "" || strings.EqualFold(a, name) {
		return list
	}
	for _, b := range list {
		if strings.EqualFold(a, b) {
			return list
		}
	}
	return append(list, a)
}

// swapDefs are the house's words for the wires' words: "term|variant|…".
var swapDefs = []string{
	"arrested|jugged|tossed in the slammer|collared|nabbed",
	"detained|jugged|taken in for a long chat|parked in a cell",
	"killed|whacked|sent to their reward|permanently retired",
	"militants|murderous thugs|the usual suspects|gun-toting louts",
	"fighters|gunnies|lads with rifles|trigger-pullers",
	"gunmen|gunnies|trigger-happy louts",
	"rebels|the lads in the hills|rebellious sorts",
	"insurgents|hill-and-cave types|the insurgent set",
	"terrorists|murderous loons|bomb-happy fanatics",
	"officials said|the suits mumbled|the bigwigs muttered|the pooh-bahs let it be known",
	"told reporters|told the scribblers|informed the press pack|let slip to the hacks",
	"said in a statement|harrumphed in a press release|announced on letterhead",
	"state television|the regime's telly|the official goggle-box",
	"a spokesman|a mouthpiece|a talking head|a designated explainer",
	"a military spokesman|a brass-hat mouthpiece|an officer with a microphone",
	"a ministry spokesman|a ministerial mouthpiece|a man from the ministry",
	"a government source|a little bird in the ministry|a leaky bureaucrat",
	"a senior police officer|a senior flatfoot|a top cop",
	"the police|the cops|the rozzers|the constabulary",
	"suspects|persons of interest|alleged bad guys",
	"under control|under control, more or less|in hand, for now|as calm as it gets",
	"claimed responsibility|bragged about it|took a bow|proudly owned up",
	"condemned the attack|tut-tutted|wagged a finger|expressed the customary dismay",
	"vowed|swore up and down|promised faithfully|pinky-swore",
	"ceasefire|pause for reloading|breather|truce, of sorts",
	"the opposition|the loyal grumblers|the out-of-office crowd",
	"an investigation|a good poke around|a probe of uncertain depth|an inquiry, eventually",
	"the authorities|the powers that be|officialdom|the pooh-bahs",
	"protesters|placard-wavers|the aggrieved|the chanting classes",
	"seized|snaffled|grabbed|liberated",
	"wounded|perforated|dinged",
	"launched an offensive|went on the rampage|kicked off a big push|set off to smite",
	"opened fire|let fly|started shooting|got trigger-happy",
	"security forces|the forces of order|the men with rifles and clipboards",
	"kidnapped|snatched|grabbed for ransom|spirited away",
	"preacher|pulpit-thumper|sermoniser|holy talker",
	"curfew|lights-out|bedtime orders",
	"troops|squaddies|the lads in khaki|the grunts",
	"the army|the brass and their boys|the khaki crowd",
	"crackdown|clampdown|big squeeze",
	"checkpoint|roadblock with attitude|toll booth with rifles",
	"blast|kaboom|big bang",
}

// newSwaps returns fresh swaps of swapDefs.
func newSwaps() []*burg.Swap {
	out := make([]*burg.Swap, len(swapDefs))
	for i, def := range swapDefs {
		parts := strings.Split(def, "|")
		out[i] = &burg.Swap{Term: parts[0], Variants: parts[1:]}
	}
	return out
}
