// Package voice gives posts Burg's house voice (SPEC R-DECO): it swaps
// journalese for the house's own words and gives the first mention of
// each group, person and place of the names database its epithet and a
// description box. It also finds which entries a text names, for tag
// suggestions, and which dictionary items a text mentions, for picking
// the posts to render again when a moderator changes one.
//
// It works on the safe HTML that internal/markup renders for a post body
// and depends on nothing but the root package and golang.org/x/net/html.
//
// # Dictionary and matching
//
// [Build] makes a [Dictionary] from the live entries of the names
// database (their names and aliases) and the word swaps (their terms).
// Every term of every item goes into one Aho–Corasick automaton over
// words, so a text is matched against the whole dictionary in one pass,
// however large it is.
//
// Terms match whole words only, without regard to case or accents, in
// any script; see fold.go for how words are split and compared. Of
// overlapping matches the leftmost wins, and of those starting at one
// word the longest: "police chief" before "police", "Qasimiya City"
// before "Qasimiya". When one term belongs to several items, an entry
// wins over a swap, an entry's own name over another entry's alias, and
// the older item over the newer.
//
// A term never spans tags: "<b>police</b> chief" is "police" and
// "chief". A word split by an inline tag, "<b>Qas</b>imiya", is one word
// ("Qasimiya"), and as it is split it matches nothing — neither
// "Qasimiya" nor "imiya".
//
// # What is decorated
//
// Text inside links, quotations (blockquote, q), code (code, pre, kbd,
// samp), buttons, form controls, raw-text elements, SVG and MathML,
// editorial remarks (aside.burg-remark) and earlier decorations
// (span.burg-swap, span.burg-name) is left alone. Everything else is
// decorated: paragraphs, sub-headlines, list items, table cells,
// emphasis. Decorating decorated HTML changes nothing: it knows the
// boxes and swaps already made, so the same entry is never boxed twice.
//
// Text that is not decorated is kept byte for byte; decorated text is
// re-escaped, so its entities may be written differently ("&nbsp;"
// becomes the character itself) but read the same. A tag cut off by the
// end of the input is dropped, as a browser drops it.
//
// # Swaps
//
// Every mention of a swap's term is replaced by one of its variants. The
// variant is picked by a hash of the seed (the post's ID), the swap's ID
// and how many times the post has used the swap so far: random-looking,
// different between posts and between uses in one post, and the same
// every time the post is shown. The case of the mention carries over:
// "Arrested" becomes "Jugged", "ARRESTED" becomes "JUGGED". The markup is
//
//	<span class="burg-swap" title="arrested">jugged</span>
//
// with the original words, as typed, in the title.
//
// # Names
//
// The first mention of a group, person or place in a post, by its name
// or any alias, keeps the words as typed and gets the entry's epithet before it,
// inside a button that opens a description box. All of it is phrasing
// content, valid inside a <p>:
//
//	<span class="burg-name burg-name-place" data-name="qasimiya">
//	  <button type="button" class="burg-name-term" aria-expanded="false" aria-controls="burg-name-12-1">
//	    <span class="burg-name-epithet">the ineffectual</span> Qasimiya
//	  </button>
//	  <span class="burg-name-box" role="note" id="burg-name-12-1" hidden>
//	    <img class="burg-name-image" src="/uploads/PHOTO" alt="" loading="lazy" width="72" height="72">
//	    <span class="burg-name-title">Qasimiya</span>
//	    <span class="burg-name-desc">River state of oil fields and rival militias.</span>
//	    <a class="burg-name-link" href="/tags/qasimiya">More on Qasimiya</a>
//	  </span>
//	</span>
//
// (shown spread over lines; Decorate writes it on one, with single spaces
// between the parts of the box). The second class names the kind of
// entry: burg-name-group, -person or -place. Topics ("Smuggling") are
// subjects rather than names: they are suggested and found by Mentions,
// but get no box. The image is there
// only when the entry has one, the description only when it has one.
// The box's id is "burg-name-" + the seed + "-" + the box's number in the
// post, so ids differ between the posts of a page.
//
// The epithet reads "the ineffectual Qasimiya". When the text says "the"
// already ("the Union Party"), or the mention starts with "the" ("the
// Ledger"), an epithet starting with "the" drops its own ("the unloved
// Union Party", "the breathless Ledger"). At the start of a sentence the
// epithet gets a capital. A mention hyphenated to the word before it
// ("pro-Qasimiya") gets the box but no epithet.
//
// The box is hidden, so that the text reads well where no style sheet
// applies (feeds, readers, copied text). The front end reveals it in two
// ways, neither of them by hover alone:
//
//   - without JavaScript, CSS shows the box while the entry has focus:
//     .burg-name:focus-within .burg-name-box { display: block }, which
//     keyboard users reach by Tab;
//   - a small script toggles the button's aria-expanded on click or tap
//     (and on Escape, closes it) and removes or sets the box's hidden
//     attribute to match, which is what touch screens need, as some
//     browsers do not focus a tapped button.
//
// The box is best placed with position: absolute below the button, and
// kept within the viewport on narrow screens.
//
// # Re-rendering
//
// Decorate returns [Used]: the IDs of the entries and swaps it applied
// (or found applied). When a moderator edits an entry or a swap, the
// posts whose Used holds it are the ones to render again; when a
// moderator adds a term, [Dictionary.Mentions] over the posts' plain
// text finds those that mention it.
package voice
