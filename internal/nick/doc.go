// Package nick makes and checks the nicknames commenters post under.
//
// # Pic-a-Nic
//
// A [Generator] invents nicknames of the form "Firstname Surname1234":
// an invented, pronounceable first name built from syllables (or, now and
// then, a real one), a space, a surname-like or jokey word (from a list, or
// a compound such as "Thistle"+"wood"), and four digits from 1000 to 9999.
// Every part passes a small blocklist of offensive fragments; a part that
// hits it is drawn again. A nick is at most [MaxLen] runes and is accepted
// unchanged by [Clean].
//
// The name space is large. A nick parses back into its three parts (the
// first name holds no space, the surname no digit, the number is the last
// four characters), so distinct nicks number distinct first names times
// distinct surnames times 9000. Counting only the 173 real first names and
// the two-syllable invented ones simple enough to count exactly (about
// 580,000), and the 13,600 listed and compound surnames, gives 7×10^13
// nicks; longer invented names add many more. Measured by collisions,
// which weigh likely nicks more heavily (real first names and listed
// surnames come up more often than any one invented name or compound),
// the effective size is about 2×10^11: among 100,000 nicks drawn at random
// a repeat is rare. TestNameSpace computes both figures.
//
// # Reserved nicks and look-alikes
//
// Registered posters and moderators own their nicks: a commenter may post
// neither under the same nick nor under one that looks like it. [Canonical]
// folds a nick to a key that look-alikes share (case, spacing, punctuation,
// invisible characters, accents, compatibility forms such as fullwidth and
// mathematical letters, and Cyrillic, Greek and other letters that look
// Latin). [Reserved] compares a nick against the reserved ones by that key
// and, failing that, by a looser key that also equates characters that are
// easily mistaken in print: 0 and o, 1, |, ! and l, i and l (a capital I looks like l), 4 and
// a, "rn" and m, "vv" and w, and so on. [Clean] tidies and validates a nick
// as typed.
package nick
