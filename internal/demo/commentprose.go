package demo

// What the readers of the demo say. Lines may use the slots of post
// templates ({P}, {XL}, {tA}, {n}, {a|b} and the rest), which name the
// things of the post they are under. They hold no markup: the generator
// adds it, so that a line can also be quoted.

// shortLines are reactions of a word or two.
var shortLines = []string{
	"Called it.",
	"Not again.",
	"Of course they did.",
	"Well, well.",
	"Ha!",
	"Seconded.",
	"This.",
	"Poor {P}.",
	"Bookmarked.",
	"Quelle surprise.",
	"Nothing ever changes in {P}.",
	"And so it begins.",
	"Who could have seen this coming? Everyone.",
	"Give it a week.",
	"Sigh.",
	"Wait for the denial.",
	"That escalated quickly.",
	"Good.",
	"About time.",
	"I'll believe it when I see it.",
	"Interesting timing.",
	"Noted.",
	"Nothing to see here, apparently.",
	"Ouch.",
	"Pass the popcorn.",
	"Big if true.",
	"Back to {P} again, then.",
	"Third time this year.",
	"Oh dear.",
	"Sounds about right.",
}

// wryLines are the dry remarks a news blog's readers live on.
var wryLines = []string{
	"So the {B} has discovered {P}. Next week: water is wet.",
	"I look forward to the commission of inquiry, and to the commission that investigates the commission.",
	"{XL} has promised to get to the bottom of it, which in {C} is a very deep place.",
	"Somewhere in {P2} a man with a clipboard is very pleased with himself.",
	"The statement took {n} days to write and says nothing. Impressive, in its way.",
	"At this rate {P} will have more investigations than residents.",
	"Nice to see {tA} and the government agree on something: blaming {C2}.",
	"The {B} is 'monitoring the situation'. From a great height, I expect.",
	"If {XL} keeps this up he'll need a bigger podium.",
	"Any day now the minister will announce a plan to announce a plan.",
	"{tY} called it a disgrace. They called the last one a disgrace too, and then they voted for it.",
	"I admire the optimism of anyone who still takes the {O} at its word.",
	"In other news, the sun rose in the east and the road to {P} is still closed.",
	"The good news is that nobody will be blamed. The bad news is the same.",
	"They say history repeats itself. In {P} it doesn't even bother changing the cast.",
	"Somebody get the man a map. {P} is not in {C2}, whatever the ministry thinks.",
	"The official figure is {N}. The real figure is whatever the official figure isn't.",
	"Bold of {XL} to call for calm from the back seat of an armoured car.",
	"I see {tA} has issued another communiqué. They write more than they fight these days.",
	"'Temporary' in {C} means until the grandchildren retire.",
	"The bridge at {P} has now been opened {n} times, by my count. It remains unbuilt.",
	"Every spring the same story, every spring the same surprise.",
	"Plot twist: the auditor is the minister's cousin.",
	"Progress, of a sort: last year they denied it for a month, this year only a week.",
	"I'd say this is a new low for the {B}, but I've said that before and been wrong every time.",
	"Just once I'd like to read a story from {P} that ends with 'and then it was fixed'.",
	"{XR} {X} is said to be 'furious'. Furious enough to do something? We'll see.",
	"If they spent half as much on the roads as on the press conferences, {P} would have a motorway.",
	"I can already hear the spokesman explaining why it's all the fault of {C2}.",
	"Ten points to whoever guesses which firm wins the reconstruction contract.",
	"The ministry's website has been updated. It now says the ministry's website is being updated.",
	"Wonderful. Now do the water.",
	"Nobody in {P} reads the {O}, which is why the {O} can print this.",
	"The official explanation is so bad it almost counts as a confession.",
	"Somewhere a committee is being formed, and somewhere else a budget is disappearing.",
	"I give the ceasefire until lunchtime on {weekday}.",
}

// angryLines are readers who have had enough.
var angryLines = []string{
	"Enough. Every month the same story from {P}, and every month nobody is held to account.",
	"People in {P} have been asking for help for years. This is what they get.",
	"How many more times? How many more?",
	"This is a scandal, and anyone defending {XL} on this should be ashamed.",
	"The {B} knew. They always know. They just don't care.",
	"I'm sick of reading that 'lessons will be learned'. Nobody ever learns anything.",
	"Those {nn} families deserve better than a statement read out by a junior spokesman.",
	"Absolutely disgraceful, and entirely predictable.",
	"And still not one resignation. Not one.",
	"The people who did this will be promoted. Mark my words.",
	"Meanwhile the pensioners in {P} are told to be patient. Patient!",
	"This is what happens when you let {tA} run a district for {n} years and call it stability.",
	"Spare me the crocodile tears from {tY}. They had their chance.",
	"If this happened in the capital it would be on every front page. Because it's {P}, it's page eleven.",
	"They should be in the dock, not on the podium.",
	"I wrote to my deputy about this last year. Still waiting for a reply.",
	"Somebody has to say it: {XL} has failed, and failed badly.",
	"No more excuses. Fix the road, pay the teachers, and stop lying.",
	"I have family in {P}. They're not 'monitoring the situation', they're living in it.",
	"It makes my blood boil, frankly.",
	"Shameful. Just shameful.",
	"How is anyone still surprised by this? We've been shouting about it for years.",
}

// knowingLines are background from readers who know the place, the
// people or the trade. Two to four make a comment.
var knowingLines = []string{
	"For those who don't know the area: {P} sits on the only paved road between {P2} and the border, so whoever holds it holds the trade.",
	"I drove through {P} in {yrpast}. The checkpoints then were run by the same people who are now 'restoring order'.",
	"The {B} has been without a permanent head for {n} months, which explains a lot.",
	"Worth remembering that {XL} came up through the interior ministry. He knows exactly how these things are done.",
	"The figure of {N} comes from the {B}'s own estimates, which have always run low.",
	"{tA} split in {yrpast}; the faction in {P} is the one that kept the money.",
	"The {O} has good people on the ground in {P}, but its editor is close to {tY}, so read the framing with care.",
	"Most of the traffic through {P} is fuel, not goods. The goods are the cover.",
	"There was an almost identical case in {P2} a few years ago. It went to court and nothing came of it.",
	"The local council in {P} is elected, but its budget comes from the governor, who isn't.",
	"My late father worked at the depot in {P2}. The same families have run it since before the war.",
	"The translation loses a nuance: the word used for 'investigation' is the one for an internal review, not a criminal inquiry.",
	"It helps to know that {C} and {C2} have argued over this stretch of border since the old maps were drawn.",
	"If you look at where the new roads go, you can see where the money is.",
	"{XR} {X} is up for re-election next year, which is why this is happening now.",
	"The people actually running {P} are the market traders' association. Everybody else is decoration.",
	"The spring floods cut {P} off every year for about {n} weeks. Anything that happens then happens without witnesses.",
	"The {B} was set up after the last crisis precisely to stop this sort of thing. It has {nn} staff and no budget.",
	"The numbers don't add up: {P} had about {k} thousand people at the last census, and half have left since.",
	"Note that the statement came from the governor's office, not the ministry. That matters in {C}.",
	"There's a second story here nobody is covering: who owns the land under {P}.",
	"The same contractor built the school in {P2}. It lasted four winters.",
	"In fairness to {XL}, the previous lot were worse. Not much, but worse.",
	"The militias around {P} are mostly local men with day jobs. They come out when the pay comes through.",
	"This has happened before, in {yrpast}, almost to the week.",
	"The {O} story is a rewrite of a wire piece from yesterday with one new quote added.",
	"If you read the original, the minister says 'review', not 'reform'. Big difference.",
	"The price of diesel in {P} is about twice what it is in the capital, which tells you who controls the supply.",
	"People forget that {P} voted for {tY} by a wide margin last time. The party can't afford to ignore it.",
	"There is a shortcut over the pass that every smuggler knows and no map shows.",
	"Most of the officials quoted have relatives on the payroll of the firms involved. That's not a secret locally.",
	"The road to {P} was paid for twice, once by the ministry and once by a foreign donor. It was built once, badly.",
	"Local radio in {P} had this two days before anyone else, for what it's worth.",
	"I'd treat the casualty figures with care; both sides have every reason to inflate them.",
}

// questionLines are readers asking.
var questionLines = []string{
	"Does anyone have a source for the figure of {N}? The article doesn't give one.",
	"Is this the same {A} that was in the news in {yrpast}, or a new lot with the old name?",
	"Anyone know whether the road to {P} is open again?",
	"Has {tY} said anything yet, or are they waiting to see which way the wind blows?",
	"Genuine question: who actually pays for this?",
	"Where is {P}, exactly? The map in the original is useless.",
	"Is there an English version of the {O} piece anywhere?",
	"Am I reading this right, that the {B} knew in advance?",
	"Has anybody checked whether {XL} was even in the country that week?",
	"What happened to the last inquiry? Did it ever report?",
	"Does anyone here still have family in {P}? How are they?",
	"Can someone explain why {C2} is involved at all?",
	"What's the betting this never comes up in parliament?",
	"Is it just me, or did the headline change since this morning?",
}

// offTopicLines are the asides every thread collects.
var offTopicLines = []string{
	"Off topic, but has anyone else noticed the weather this week? Snow in the valleys, in this month!",
	"OT: the site loads much faster this week. Whoever fixed it, thank you.",
	"Completely unrelated, but happy birthday to my mother, who reads this blog and never comments.",
	"Off topic: the apricots are early this year. Make of that what you will.",
	"OT, but does anyone know a decent translator for old letters? Family papers, nothing political.",
	"Slightly off topic: the {O} has a new crossword, and it's fiendish.",
	"Off topic, but the ferry to {P2} has stopped running on {weekday}s. Just so you know.",
	"OT: the new tram line in the capital opened today, a mere {nn} years late.",
	"Nothing to do with the story, but my cat has learned to open the fridge. Send help.",
	"Off topic: is anyone else's power out? Third time this week here.",
	"OT: the football last night. Don't ask.",
	"Unrelated, but the bakery by the station in {P2} has closed. End of an era.",
}

// replyLines answer the comment quoted or named before them.
var replyLines = []string{
	"Exactly my point.",
	"You've got the wrong end of the stick there, I think.",
	"Not quite. The order came from the governor, not the ministry.",
	"I'd have agreed with you a year ago. Not now.",
	"Spot on.",
	"Source?",
	"That's a generous reading.",
	"And yet here we are.",
	"Ha, I was about to write the same thing.",
	"I'm not sure that follows. {P} isn't {P2}.",
	"Well put.",
	"You're assuming they want it to work.",
	"Respectfully, no. Read the original again.",
	"That was true before {yrpast}. It isn't any more.",
	"This is the best comment in the thread.",
	"I see what you did there.",
	"Agreed, with one caveat: nobody in {P} trusts {tY} either.",
	"Thanks, that's useful background.",
	"Were you there? Because the people I know who were tell it differently.",
	"You give {XL} far too much credit.",
	"Quite so. And the money went where it always goes.",
	"Same here.",
	"I laughed, then I remembered it's true.",
	"Strongly disagree, but I'd like to hear more.",
	"That's the part the article leaves out, isn't it.",
	"Good question. I'd like to know too.",
	"It's worse than that, I'm afraid.",
	"Oh, come on.",
}

// longOpeners start a long comment; longLines fill its paragraphs, with
// the knowing and angry lines; longClosers end it.
var longOpeners = []string{
	"Let me put this in some context, because the article doesn't.",
	"I've been following this for years, so forgive the length.",
	"Long comment, sorry, but this needs saying.",
	"A few things the coverage leaves out.",
}

var longLines = []string{
	"None of this is new, but the scale is.",
	"The official line has changed {n} times since the first reports.",
	"You can argue about who started it. You can't argue about who pays for it.",
	"What would actually help is boring: paid teachers, a working clinic, a road that stays open in spring.",
	"The money, as always, is the real story.",
	"Nobody is asking what happens next, and that worries me more than anything in the article.",
	"Ask anyone in {P} and you'll hear the same thing.",
}

var longClosers = []string{
	"So no, I don't think this is the end of it.",
	"I don't expect this to change anything, but it should be said.",
	"Sorry for the essay.",
	"Anyway. We'll see.",
}

// listItems are the bullet points of a long comment.
var listItems = []string{
	"the road to {P}, still closed",
	"the inquiry from {yrpast}, never published",
	"{nn} families still waiting for compensation",
	"a contractor nobody can find",
	"a minister who was 'unavailable'",
	"the {B}'s budget, cut again",
	"{tA}, stronger than ever",
	"the promised clinic in {P2}",
}

// spammers are what moderators remove as spam: a nick, a pitch and the
// shop it links to.
var spammers = []struct{ nick, pitch, shop string }{
	{"Best Saffron Deals", "Great article! For the best prices on genuine saffron visit", "saffron-bargains.example"},
	{"Visa Expert Service", "Visa problems? We solve all visa problems fast, guaranteed:", "visa-fast.example"},
	{"Discount Watches Online", "Very informative. Also our shop has discount watches:", "cheap-watches.example"},
	{"Work From Home Now", "Earn from home in just two hours a day, ask me how:", "easy-money.example"},
	{"Cheap Flights Today", "Cheap flights to {P2} and everywhere, only today:", "fly-cheap.example"},
	{"Diploma Fast", "Need a diploma? Real certificates, quick delivery:", "real-diplomas.example"},
}

// attackLines are what moderators remove as personal attacks.
var attackLines = []string{
	"Only a complete fool would write that. Do you even read the articles?",
	"Nobody asked you. Go back under your bridge.",
	"You're either paid to write this rubbish or you're an idiot. Which is it?",
	"Typical of you. Every thread, the same drivel.",
	"I hope your keyboard breaks.",
}

// offTopicFlood is what moderators remove as off topic.
var offTopicFlood = []string{
	"Has anyone seen my earlier comment? It vanished. Testing, testing, testing.",
	"Sorry, wrong thread, meant to post this under the football story.",
	"test",
}

// writerRemoved is what writers take back within the edit window.
var writerRemoved = []string{
	"Posted this under the wrong article, sorry.",
	"Actually, I misread the headline. Ignore me.",
	"Double post, apologies.",
}

// Reasons moderators give.
const (
	reasonSpam   = "Removed by a moderator: spam."
	reasonAttack = "Removed by a moderator: personal attack."
	reasonTopic  = "Removed by a moderator: off topic."
	reasonWriter = "Removed by its writer."
)

// modLines are moderators at work in a thread.
var modLines = []string{
	"Keep it civil, please. Argue with the argument, not the person.",
	"A reminder that links to shops are removed on sight.",
	"The headline has been corrected; thanks to those who pointed it out.",
	"We've added a note on the translation. The original is ambiguous in places.",
	"Please stay on topic. There's an open thread on the front page for everything else.",
	"The source has updated its story; we'll follow it.",
	"Quoting the whole comment you reply to isn't necessary; a line will do.",
	"Thanks for the local background, all. This is why we keep the comments open.",
	"If you have a source for that, post it. If not, say it's your opinion.",
	"This thread is getting long. Please read the earlier comments before asking what's been answered.",
}

// modRemovalLines follow a removal, by its reason; modRemovalsLines
// follow several.
var modRemovalLines = map[string][]string{
	reasonSpam:   {"Spam removed. Carry on.", "Removed an advertisement. We don't do those."},
	reasonAttack: {"Removed a comment. Play the ball, not the player.", "One comment removed for a personal attack. The next one earns a ban."},
	reasonTopic:  {"Removed a comment that had nothing to do with the story.", "Tidied away a stray test comment."},
}

var modRemovalsLines = []string{
	"Several comments removed. You know why.",
	"Cleaned up a little. Please keep it to the story.",
	"A few comments removed. Argue with each other, not at each other.",
}

// linkIntrosComment introduce a link in a comment.
var linkIntrosComment = []string{
	"The original is here:",
	"There's a longer piece at",
	"Background, for anyone interested:",
	"Map of the area:",
	"Same story, different angle:",
	"They covered this last year:",
}

// linkLabels are the labels of links in comments.
var linkLabels = []string{
	"the original report", "this piece", "an older story", "the full statement", "a map", "the {O} story",
}

// regularNicks are the nicks the regulars of the demo chose for
// themselves; the rest keep the one Pic-a-Nic gave them.
var regularNicks = []string{
	"Grumpy Cartographer", "Tavrin Nightwatch", "Sheep Tax Refusenik", "Uncle Bramwell",
	"Desk Sergeant", "Lampwick", "Cormorant", "Baba Vella",
	"The Quiet Pilot", "Mossbank", "Half-Retired Sapper", "Three Rivers Tom",
	"Marigold Pike", "Fenwright", "Corporal Punctuation", "Nine Lives Nadia",
	"Steppe Wolfhound", "Ferryman's Daughter", "Dry Well Dmitri", "Crosswind",
	"Auntie Samovar", "Professor Gravel", "Hedgewizard", "Lantern Jaw",
	"Stubborn Goat", "Morning Tram", "Brass Monocle", "Long Memory",
	"Salt Flats Sam", "Owl of Gradets", "Cabbage Diplomat", "Zoë from Ulgar-Tash",
	"Old Kessin Hand", "Tin Soldier 7", "Apricot Season", "Night Ferry",
}

// signOffs close the comments of some regulars.
var signOffs = []string{
	"from the steppe, with dust",
	"still waiting for that bridge",
	"cheers from the 6:40 tram",
	"your friendly neighbourhood pessimist",
	"written on a phone, forgive the typos",
	"back to the vineyard",
}

// regularSites are the websites of regulars who give one.
var regularSites = []string{
	"https://gravel-notes.example/", "https://www.steppe-diary.example/", "https://kessin-letters.example/blog",
	"https://oldmaps.example/", "https://samovar.example/", "https://night-ferry.example/log",
	"https://tram-thoughts.example/", "https://apricot.example/", "https://lampwick.example/",
	"https://ferrymans-daughter.example/", "https://goat.example/", "https://monocle.example/posts",
}
