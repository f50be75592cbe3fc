// Package markup turns the text people type into Burg (comments and post
// bodies) into safe HTML. It is the only place in Burg where user text
// becomes HTML: templates never mark user text as safe anywhere else.
//
// Burg's own parser turns a small BBCode-like language into an HTML tree;
// a fixed allow-list sanitiser then checks the result a second time.
// Anything that is not part of the language is shown as plain text, so a
// typed <script> appears on the page exactly as typed.
//
// # The comment language
//
// Tag names are case-insensitive: [b], [B] and [/B] all work.
//
//	[b]bold[/b]                      bold
//	[i]italic[/i]                    italic
//	[u]underline[/u]                 underline
//	[s]strike[/s]                    strike-through
//	[small]small[/small]             small print
//	[big]big[/big]                   larger text
//	[quote]…[/quote]                 a block quotation (quotes may nest five deep)
//	[list]                           a bulleted list: each item starts with [*],
//	[*] first                        or on a line of its own with "* " or "- "
//	- second
//	[/list]
//	[url=https://…]label[/url]       a link with a label
//	[url]https://…[/url]             a link labelled with its address
//	[squish]https://…[/squish]       a link labelled with the short form of a
//	                                 long address: "example.com/…/story-name"
//	[img]https://…/photo.jpg[/img]   an image (also [img]/uploads/…[/img])
//	[img=640x480]…[/img]             an image with a size hint in pixels,
//	                                 scaled down to at most 1200 a side
//	                                 (an image without one is shown in a
//	                                 400×300 box, so that lazy images do not
//	                                 move the page as they load)
//
// A list item may hold quotes and further lists. The address between the
// url, squish or img tags is taken as it is: no tags inside it, and no
// spaces within it.
//
// Links may point to http:, https: or mailto: addresses, or to a path on
// this site starting with a single "/". Images may come from http: or https:
// addresses or from a path on this site. Any other address (javascript:,
// data:, "//host", addresses with spaces or control characters…) makes the
// whole tag show as text.
//
// A web address typed into the text (starting with http:// or https://)
// becomes a link by itself; punctuation right after it, such as a full stop
// or a closing bracket that was not opened inside the address, is not part
// of the link. Very long addresses are shortened on the page but link to the
// full address.
//
// Text is split into paragraphs at blank lines; a single line break is kept
// as a line break.
//
// Tags must nest properly. A closing tag with no matching opening tag, or an
// opening tag that is never closed, shows as text: "[b]oops" reads exactly
// like that. A quote or list that is not closed ends at the end of the text
// (or of the quote or list around it). Formatting may run across paragraph
// breaks: "[b]one\n\ntwo[/b]" makes both paragraphs bold.
//
// Links cannot contain other links. Quotes, lists and sub-headlines
// start only where a paragraph could start, not inside bold text or a link.
//
// # Posts
//
// Post bodies understand everything above, plus:
//
//	[h]Sub-headline[/h]        a sub-headline, all on one line; it may
//	                           hold links and formatting
//
// A sub-headline may stand at the top level or inside a quote. A
// sub-headline whose line ends before [/h] shows as text. In comments the
// tag always shows as text.
//
// There is no tag for an editorial remark: a remark is a record a
// moderator adds through the post's remark box, never text a poster can
// type, so "[remark=…]" shows as text everywhere.
//
// # Plain text
//
// [Text] gives the words a reader sees with all markup removed, for feeds,
// search, meta descriptions and excerpts; [Excerpt] shortens it at a word
// boundary. [Squish] gives the short label used by [squish].
//
// Control characters other than line breaks and tabs, and the invisible
// Unicode characters that reverse the direction of text, are dropped from
// the input before anything else happens. Input longer than one megabyte is
// cut at one megabyte; Burg's forms allow far less.
package markup
