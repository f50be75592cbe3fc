package markup

import (
	"strings"
	"testing"
)

// benchComment is a comment of about 2 KB in the shape readers write them:
// a quote of the article, a few paragraphs, some emphasis and links.
var benchComment = func() string {
	s := `[quote]The harbour board of Vellmar says the ferry levy will pay for the new breakwater, a spokesman for the board told the evening paper.[/quote]
That was the [b]whole point[/b] of the exercise, wasn't it? The board gets to say it kept its word, the ferry company gets the levy, and the people who cross every morning get a longer queue.

See https://harbour-gazette.example/archive/breakwater_(1998) for the background, and the [url=https://www.example.com/news/2026/03/19/vellmar-levy-vote.html]earlier story[/url] on this site.
Things to watch:
[list]
* whether the old pier is repaired or [i]abandoned[/i]
* what happens to the money "set aside for dredging"
- the 2027 date in the [u]three-party[/u] agreement
[/list]
[small]Not that anyone asked.[/small] [big]Jugged, the lot of them.[/big]

[squish]https://www.example.org/regions/estuary/2026/03/17/harbour-board-confirms-levy-on-every-crossing-of-the-vellmar-estuary[/squish]
`
	for len(s) < 2048 {
		s += "\nAnd another thing: the " + "[s]breakwater[/s] sandbank was never going to last past the first hard winter. "
	}
	return s
}()

// benchPost is a post body of about 10 KB: long paragraphs of translated
// text, a sub-headline, an image and a quote.
var benchPost = func() string {
	para := "As the \"Estuary Courier\" wrote, the harbour board of Vellmar has begun to hand the old lighthouse over to the cheese cooperative, the board's treasurer said on March 17. On October 9 of last year the board reported that, with the closure of the north pier, 25 moorings had been set aside for the fishing fleet until the dredging is finished.\n\n"
	var b strings.Builder
	b.WriteString("[img]/uploads/3f2a9c0d1e.jpg[/img]\n")
	for i := 0; b.Len() < 10*1024; i++ {
		b.WriteString(para)
		switch i % 4 {
		case 1:
			b.WriteString("[h]Traders in [url=https://www.example.com/vellmar]Vellmar[/url] weigh the consequences[/h]\n")
		case 2:
			b.WriteString("[quote]The sale of the lighthouse is a [i]failure[/i] of every plan to keep the harbour public.[/quote]\n")
		case 3:
			b.WriteString("[b]More[/b] at https://www.example.net/2026/03/vellmar and [url=https://www.example.net/levy]the levy[/url].\n")
		}
	}
	return b.String()
}()

var benchOpt = PostOptions{}

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
	for _, want := range []string{"<blockquote>", "<ul>", "<strong>", "burg-big", `title="`, "harbour-gazette.example"} {
		if !strings.Contains(c, want) {
			t.Errorf("rendered comment lacks %q", want)
		}
	}
	p := string(RenderPost(benchPost, benchOpt))
	for _, want := range []string{"<img", "burg-subhead", "<blockquote>", "<strong>"} {
		if !strings.Contains(p, want) {
			t.Errorf("rendered post lacks %q", want)
		}
	}
}
