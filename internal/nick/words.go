package nick

// The word lists below were written for Burg. Every entry is ASCII letters
// only, capitalised (suffixes are lower case), and passes the blocklist in
// filter.go; TestWordLists keeps them so.

// Syllable parts of invented first names. Repeated entries weigh a choice;
// "" stands for "no consonant here".
var (
	// initialOnsets start the first syllable.
	initialOnsets = []string{
		"", "", "", "", "",
		"b", "bl", "br", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr",
		"g", "gl", "gr", "h", "j", "k", "kl", "kr", "l", "m", "n", "p", "pl",
		"pr", "qu", "r", "s", "sc", "sh", "sk", "sl", "sm", "sn", "sp", "st",
		"sv", "sw", "t", "th", "tr", "tw", "v", "w", "wr", "y", "z",
	}
	// medialOnsets start every later syllable; never empty, so that two
	// vowels of different syllables never meet.
	medialOnsets = []string{
		"b", "d", "d", "f", "g", "k", "l", "l", "l", "m", "m", "n", "n", "n",
		"p", "r", "r", "r", "s", "t", "t", "v", "z", "w",
	}
	// medialClusters now and then start a later syllable instead.
	medialClusters = []string{
		"th", "sh", "ch", "br", "dr", "gr", "tr", "st", "bl", "gl", "pl",
		"fr", "sk", "sp",
	}
	// vowels are the nucleus of a syllable.
	vowels = []string{
		"a", "a", "a", "a", "e", "e", "e", "e", "i", "i", "i", "o", "o", "o",
		"o", "u", "u", "y",
	}
	// vowelDigraphs are the nucleus of at most one syllable of a name.
	vowelDigraphs = []string{"ai", "au", "ea", "ee", "ei", "ia", "io", "oa", "oo", "ou"}
	// medialCodas sometimes close a syllable that is not the last.
	medialCodas = []string{"n", "n", "l", "r", "r", "m", "s"}
	// finalCodas close the last syllable.
	finalCodas = []string{
		"", "", "", "", "", "", "",
		"n", "n", "ng", "ng", "r", "r", "l", "m", "s", "x", "th", "ck", "nd",
		"nt", "rt", "rd", "lf", "lk", "sk", "st", "ff", "ll", "ss", "nk",
		"sh", "b", "d", "g", "k", "p", "t", "z", "rg", "rn", "mp", "rk",
	}
)

// firstNames are real first names, old-fashioned for the most part, used
// now and then instead of an invented one.
var firstNames = []string{
	"Ada", "Agatha", "Agnes", "Albert", "Alfie", "Alfred", "Alma", "Amos",
	"Angus", "Anita", "Archie", "Arnold", "Arthur", "Astrid", "August",
	"Barbara", "Barney", "Basil", "Beatrix", "Benny", "Bernard", "Bertha",
	"Betty", "Bjorn", "Blanche", "Boris", "Brenda", "Bruno", "Bunty", "Carl",
	"Carmen", "Cecil", "Cedric", "Clara", "Clarence", "Claude", "Clive",
	"Cora", "Cyril", "Daisy", "Dennis", "Derek", "Dolly", "Doreen", "Doris",
	"Dorothy", "Duncan", "Edgar", "Edith", "Edna", "Elmer", "Elsie", "Emil",
	"Enid", "Ernest", "Ernie", "Esther", "Ethel", "Eugene", "Eunice",
	"Felix", "Fergus", "Flora", "Floyd", "Frank", "Freda", "Gerald",
	"Gertie", "Gilbert", "Gladys", "Glenda", "Gordon", "Greta", "Gus",
	"Gwen", "Harold", "Harriet", "Hattie", "Hazel", "Hector", "Helga",
	"Herbert", "Hilda", "Horace", "Hubert", "Hugo", "Ida", "Igor", "Imelda",
	"Ingrid", "Irma", "Ivan", "Ivor", "Ivy", "Jasper", "Joan", "Judith",
	"Kurt", "Lars", "Leonard", "Leopold", "Lena", "Lionel", "Lola",
	"Lottie", "Lucille", "Ludmila", "Mabel", "Magnus", "Marge", "Marta",
	"Maude", "Mavis", "Maxine", "Merle", "Mildred", "Milo", "Milton",
	"Minnie", "Miriam", "Mona", "Morris", "Murray", "Myrtle", "Nadia",
	"Nell", "Nora", "Norbert", "Norma", "Olga", "Oscar", "Oswald", "Otto",
	"Pearl", "Percy", "Petra", "Phyllis", "Quentin", "Ralph", "Reggie",
	"Rex", "Rita", "Roland", "Rosa", "Rufus", "Ruth", "Sadie", "Seymour",
	"Sid", "Silas", "Sonja", "Stanley", "Stella", "Sven", "Sybil", "Thelma",
	"Tilly", "Trevor", "Ulf", "Ursula", "Vera", "Vernon", "Viola", "Vivian",
	"Wallace", "Walter", "Wanda", "Wilbur", "Wilma", "Winston", "Yuri",
	"Yvonne", "Zelda",
}

// surnames are surname-like and jokey words used whole as the second part.
var surnames = []string{
	// Trades.
	"Archer", "Baker", "Barber", "Bowman", "Brewer", "Butler", "Carter",
	"Cartwright", "Carver", "Chandler", "Chapman", "Collier", "Cook",
	"Cooper", "Dempster", "Cutler", "Dyer", "Falconer", "Farmer", "Fisher",
	"Fletcher", "Forester", "Fowler", "Fuller", "Gardner", "Glover",
	"Goldsmith", "Harper", "Hayward", "Hooper", "Hunter", "Kemp", "Lister",
	"Lorimer", "Marshall", "Mason", "Mercer", "Miller", "Naylor", "Parker",
	"Piper", "Plowman", "Porter", "Potter", "Reeve", "Ryder", "Saddler",
	"Salter", "Sawyer", "Shearer", "Shepherd", "Skinner", "Slater",
	"Smith", "Spencer", "Steward", "Stringer", "Tanner", "Thatcher",
	"Thresher", "Tucker", "Turner", "Tyler", "Wainwright", "Walker",
	"Waller", "Warden", "Weaver", "Webster", "Wheeler", "Woodward", "Wright",
	// Family names.
	"Adams", "Atkins", "Bailey", "Barker", "Bennett", "Blake", "Brooks",
	"Brown", "Bryant", "Burton", "Campbell", "Chambers", "Clarke", "Cole",
	"Collins", "Crawford", "Davies", "Dawson", "Dixon", "Doyle", "Edwards",
	"Ellis", "Evans", "Fleming", "Ford", "Foster", "Fraser", "Gibson",
	"Graham", "Grant", "Gray", "Griffiths", "Hall", "Hamilton", "Hardy",
	"Harris", "Hayes", "Hewitt", "Holmes", "Hopkins", "Howard", "Hughes",
	"Jackson", "Jenkins", "Johnson", "Jones", "Kelly", "Kennedy", "Knight",
	"Lambert", "Lawson", "Lloyd", "Lynch", "Matthews", "Mills", "Moore",
	"Morgan", "Murphy", "Nash", "Newman", "Nichols", "Norris", "Owen",
	"Palmer", "Payne", "Pearson", "Perkins", "Phillips", "Powell", "Price",
	"Quinn", "Reid", "Reynolds", "Richards", "Robinson", "Rogers",
	"Russell", "Saunders", "Shaw", "Simmons", "Stevens", "Sutton", "Taylor",
	"Thompson", "Watson", "Webb", "Wells", "West", "Whitlock", "Wilkins",
	"Willis", "Young",
	// From further afield.
	"Bakker", "Becker", "Berg", "Bianchi", "Costa", "Dubois", "Fischer",
	"Garcia", "Hoffmann", "Holm", "Horvath", "Ivanov", "Jansen", "Keller",
	"Kovacs", "Kowalski", "Kozlov", "Larsen", "Lebedev", "Lefevre",
	"Lindqvist", "Lopez", "Moreau", "Moreno", "Nagy", "Nielsen", "Novak",
	"Petrov", "Popov", "Romano", "Rossi", "Santos", "Schmidt", "Silva",
	"Sokolov", "Visser", "Volkov", "Wagner",
	// Beards, bones and byways.
	"Bristlebeard", "Forkbeard", "Greybeard", "Ironside", "Longshanks",
	"Muttonchop", "Redbeard", "Thistlewood", "Puddingfoot",
	"Kettlewhistle", "Wigglesworth", "Wobblesby", "Grumbleweed",
	"Bumblesnout", "Snodgrass", "Lumpkin", "Bumpkin", "Longbottom",
	"Mudfoot", "Wetfoot", "Stumpy", "Humbleton", "Picklewick",
	"Bramblethorn", "Dumplingham", "Muddlehead", "Puddlejumper",
	// The larder.
	"Biscuit", "Beetroot", "Borscht", "Buttermilk", "Chutney", "Crouton",
	"Crumble", "Crumpet", "Custard", "Dumpling", "Flapjack", "Fudge",
	"Gherkin", "Goulash", "Gruel", "Kedgeree", "Marmalade", "Nutmeg",
	"Parsnip", "Pickleberry", "Porridge", "Pretzel", "Pudding",
	"Pumpernickel", "Radish", "Rhubarb", "Sauerkraut", "Scone", "Shortbread",
	"Sprout", "Strudel", "Teacake", "Toffee", "Treacle", "Trifle", "Turnip",
	"Waffle", "Bannock", "Marrow", "Gooseberry", "Quince", "Damson",
	"Greengage", "Medlar", "Walnut", "Chestnut", "Acorn", "Hazelnut",
	"Mulberry", "Elderflower", "Noodlewhip", "Jellyroll", "Turniptop",
	"Cabbagepatch",
	// Fish and the seaside.
	"Anchovy", "Barnacle", "Bloater", "Haddock", "Herring", "Kipper",
	"Limpet", "Lobster", "Mackerel", "Mussel", "Oyster", "Pilchard",
	"Prawn", "Sardine", "Sprat", "Squid", "Whelk", "Winkle", "Octopus",
	"Walrus", "Narwhal", "Puffin", "Gannet", "Pelican", "Coracle",
	"Tugboat", "Rowboat", "Lighthouse", "Paddlewheel", "Mudlark",
	// Birds and beasts.
	"Heron", "Bittern", "Curlew", "Plover", "Lapwing", "Moorhen",
	"Bullfinch", "Chaffinch", "Nuthatch", "Wagtail", "Dormouse",
	"Hedgehog", "Badger", "Weasel", "Ferret", "Stoat", "Polecat",
	"Marmot", "Wombat", "Aardvark", "Platypus", "Tortoise", "Salamander",
	"Bumblebee", "Earwig", "Woodlouse", "Ladybird", "Dragonfly", "Mayfly",
	"Glowworm",
	// Hedgerow and garden.
	"Dandelion", "Foxglove", "Thistle", "Buttercup", "Bluebell",
	"Snowdrop", "Primrose", "Marigold", "Hollyhock", "Mistletoe",
	"Wormwood", "Hogweed", "Bracken", "Toadstool", "Tumbleweed",
	"Haystack", "Scarecrow", "Wheelbarrow", "Ploughshare", "Pitchfork",
	// Odds and ends.
	"Bauble", "Bellows", "Bobble", "Bodkin", "Bootlace", "Bootstrap",
	"Bowtie", "Buttons", "Candlestick", "Clothespeg", "Colander",
	"Doorknob", "Earmuff", "Galoshes", "Gizmo", "Gubbins", "Gumboot",
	"Hatpin", "Hatstand", "Inkwell", "Kettle", "Lampwick", "Mangle",
	"Mitten", "Monocle", "Mothball", "Oddsock", "Pebble",
	"Fobwatch", "Pompom", "Quill", "Rattlebag", "Saucepan", "Shoehorn", "Snorkel",
	"Snuffbox", "Spyglass", "Sprocket", "Tassel", "Teapot", "Thimble",
	"Tinderbox", "Trinket", "Trivet", "Waistcoat", "Washboard",
	"Weathervane", "Whisker", "Widget", "Barometer",
	// Old trades, odd jobs.
	"Bellringer", "Bottlewasher", "Chimneysweep", "Cobbler", "Dogsbody",
	"Lamplighter", "Pedlar", "Ratcatcher", "Tinker", "Muckspreader",
	// Words to say out loud.
	"Balderdash", "Blunderbuss", "Brouhaha", "Codswallop", "Fiddlesticks",
	"Flapdoodle", "Hornswoggle", "Hullabaloo", "Humbug", "Kerfuffle",
	"Nincompoop", "Pipsqueak", "Ragamuffin", "Rapscallion", "Scallywag",
	"Shenanigan", "Skedaddle", "Whippersnapper", "Hogwash", "Oddbod",
	"Thingamajig", "Whatsit", "Doohickey",
}

// surnamePrefixes and surnameSuffixes make compound surnames:
// "Thistle"+"wood" is "Thistlewood".
var surnamePrefixes = []string{
	"Acorn", "Amber", "Anchor", "Anvil", "Apple", "Ash", "Bacon", "Badger",
	"Banjo", "Barley", "Barn", "Barnacle", "Beetle", "Bell", "Birch",
	"Biscuit", "Bog", "Bolt", "Bramble", "Briar", "Brick", "Brook",
	"Bubble", "Bucket", "Bumble", "Butter", "Button", "Cabbage", "Candle",
	"Chalk", "Cherry", "Clover", "Cloud", "Clove", "Cocoa", "Cod", "Cog",
	"Copper", "Coral", "Corn", "Crab", "Crow", "Crumble", "Crumpet",
	"Custard", "Dribble", "Drum", "Duck", "Elm", "Ember", "Fen", "Fern",
	"Fiddle", "Finch", "Fizz", "Flint", "Fork", "Fox", "Frost", "Giggle",
	"Ginger", "Gold", "Goose", "Gravel", "Gravy", "Grumble", "Haddock",
	"Hammer", "Hare", "Harbour", "Hay", "Heath", "Hedge", "Herring",
	"Holly", "Honey", "Iron", "Ivy", "Jumble", "Kelp", "Kettle", "Ladle",
	"Lantern", "Leek", "Marrow", "Marsh", "Mill", "Moor", "Moss", "Moth",
	"Mud", "Muddle", "Mutton", "Needle", "Nettle", "Newt", "Nibble",
	"Noodle", "Nutmeg", "Oak", "Oat", "Onion", "Otter", "Owl", "Pancake",
	"Parsnip", "Pearl", "Pebble", "Pepper", "Pickle", "Pine", "Plum",
	"Puddle", "Pudding", "Pumpkin", "Radish", "Rain", "Raven", "Reed",
	"Rivet", "Rope", "Rose", "Rumble", "Rush", "Rust", "Saffron", "Sail",
	"Salt", "Sausage", "Sedge", "Shell", "Silver", "Slate", "Snail",
	"Soot", "Spoon", "Sprat", "Sprocket", "Sprout", "Stone", "Storm",
	"Summer", "Thimble", "Thistle", "Thorn", "Thunder", "Tickle", "Tide",
	"Tin", "Toad", "Trumpet", "Tulip", "Tumble", "Turnip", "Tweed",
	"Velvet", "Waffle", "Waggle", "Wheat", "Whistle", "Wick", "Wiggle",
	"Willow", "Winter", "Wobble", "Wool", "Wren",
}

var surnameSuffixes = []string{
	"bang", "bean", "beard", "berry", "bones", "boots", "bottle", "bottom",
	"bridge", "brook", "bucket", "bump", "bury", "button", "by", "chops",
	"cliff", "coat", "combe", "crumb", "dale", "drop", "dust", "ears",
	"feather", "fell", "field", "fizzle", "foot", "ford", "garth", "gate",
	"ham", "hat", "holm", "hopper", "hurst", "ington", "jangle", "kins",
	"knot", "ley", "lock", "lump", "man", "mantle", "moor", "muffin",
	"nibble", "nose", "paw", "pie", "pocket", "pot", "ridge", "shanks",
	"shaw", "smith", "snout", "sock", "son", "spoon", "sprout", "stead",
	"stone", "tail", "tart", "thorpe", "thumb", "toe", "ton", "wallop",
	"water", "well", "whiff", "whisker", "whistle", "wich", "wick", "wig",
	"wing", "wobble", "wold", "wood", "worth", "wright",
}
