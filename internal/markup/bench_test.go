package markup

import (
	"strings"
	"testing"
)

// benchComment is a comment of about 2 KB in the shape readers write them:
// a quote of the article, a few paragraphs, some emphasis and links.
var benchComment = func() string {
	s := `[quote]The withdrawal of peacekeepers from Karabakh makes it impossible for the Armenian population to return to the region, Russian political scientists emphasized.[/quote]
That was the [b]whole point[/b] of the exercise, wasn't it? Moscow gets to say it kept its word, Baku gets the land, and the people who lived there get a bus ticket.

See https://en.wikipedia.org/wiki/Nagorno-Karabakh_(disambiguation) for the background, and the [url=https://www.example.com/news/2024/04/19/karabakh-peacekeepers-leave.html]earlier story[/url] on this site.
Things to watch:
[list]
* whether the guard posts are handed over or [i]abandoned[/i]
* what happens to the weapons "seized in Karabakh"
- the 2025 date in the [u]trilateral[/u] agreement
[/list]
[small]Not that anyone asked.[/small] [big]Jugged, the lot of them.[/big]

[squish]https://www.example.org/politics/caucasus/2024/04/17/kremlin-confirms-withdrawal-of-russian-peacekeepers-from-nagorno-karabakh[/squish]
`
	for len(s) < 2048 {
		s += "\nAnd another thing: the " + "[s]peacekeepers[/s] observers were never going to stay past the first hard winter. "
	}
	return s
}()

// benchPost is a post body of about 10 KB: long paragraphs of translated
// text, a sub-headline, an image and an editorial remark.
var benchPost = func() string {
	para := "As the \"Caucasian Knot\" wrote, Russia has begun the withdrawal of peacekeepers from the zone of the former Karabakh conflict, Putin's press secretary said on April 17. On October 9, 2023, the Russian Ministry of Defense reported that against the backdrop of the closure of peacekeeper observation posts, 25 guard posts were set up to guard weapons seized in Karabakh.\n\n"
	var b strings.Builder
	b.WriteString("[img]/uploads/3f2a9c0d1e.jpg[/img]\n")
	for i := 0; b.Len() < 10*1024; i++ {
		b.WriteString(para)
		switch i % 4 {
		case 1:
			b.WriteString("[h]Analysts in [url=https://www.example.com/baku]Baku[/url] assess the consequences[/h]\n")
		case 2:
			b.WriteString("[quote]The withdrawal of Russian peacekeepers is a [i]failure[/i] of attempts to normalize relations.[/quote]\n")
		case 3:
			b.WriteString("[remark=Fred]Told you so. More at https://www.example.net/2024/04/karabakh[/remark]\n")
		}
	}
	return b.String()
}()

var benchOpt = PostOptions{RemarkClass: func(string) string { return "burg-mod-1" }}

func BenchmarkRender(b *testing.B) {
	b.Run("Comment2KB", func(b *testing.B) {
		b.SetBytes(int64(len(benchComment)))
		for b.Loop() {
			Render(benchComment)
		}
	})
	b.Run("Post10KB", func(b *testing.B) {
		b.SetBytes(int64(len(benchPost)))
		for b.Loop() {
			RenderPost(benchPost, benchOpt)
		}
	})
	// Before the sanitiser, to show what each part costs.
	b.Run("Comment2KBUnsanitised", func(b *testing.B) {
		b.SetBytes(int64(len(benchComment)))
		for b.Loop() {
			renderHTML(benchComment, false, PostOptions{})
		}
	})
	b.Run("Post10KBUnsanitised", func(b *testing.B) {
		b.SetBytes(int64(len(benchPost)))
		for b.Loop() {
			renderHTML(benchPost, true, benchOpt)
		}
	})
}

func BenchmarkText(b *testing.B) {
	b.SetBytes(int64(len(benchPost)))
	for b.Loop() {
		Text(benchPost)
	}
}

func BenchmarkExcerpt(b *testing.B) {
	for b.Loop() {
		Excerpt(benchPost, 200)
	}
}

// TestBenchInputs keeps the benchmark inputs honest: the right size, and
// using the constructs they claim to.
func TestBenchInputs(t *testing.T) {
	if n := len(benchComment); n < 2048 || n > 2600 {
		t.Errorf("benchComment is %d bytes, want about 2 KB", n)
	}
	if n := len(benchPost); n < 10*1024 || n > 11*1024 {
		t.Errorf("benchPost is %d bytes, want about 10 KB", n)
	}
	checkAll(t, benchComment)
	checkAll(t, benchPost)
	c := string(Render(benchComment))
	for _, want := range []string{"<blockquote>", "<ul>", "<strong>", "burg-big", `title="`, "wikipedia"} {
		if !strings.Contains(c, want) {
			t.Errorf("rendered comment lacks %q", want)
		}
	}
	p := string(RenderPost(benchPost, benchOpt))
	for _, want := range []string{"<img", "burg-subhead", "burg-remark burg-mod-1", "<blockquote>"} {
		if !strings.Contains(p, want) {
			t.Errorf("rendered post lacks %q", want)
		}
	}
}
